"""Le tableau I.4 et le rapprochement des chiffres imprimés avec les chiffres calculés. Tout est lu dans le
graphe (les chiffres imprimés sont des cma:ChiffreImprime) : le rapport marche à l'identique sur le magasin
embarqué et sur un serveur distant, sans relire le texte source."""

from __future__ import annotations

from decimal import Decimal

from cartographie.projet import Projet
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import Resultat, Terme

ENTIER = "http://www.w3.org/2001/XMLSchema#integer"
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_POURCENTAGES = ("pourcentage", "pourcentageImprime")


def francais(nombre: Decimal, decimales: int = 2) -> str:
    """50.68 → « 50,68 » ; 2799 → « 2 799 » (espace insécable fine comme séparateur de milliers)."""
    texte = f"{nombre:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return texte


def _a_la_francaise(terme: Terme | None, pourcentage: bool) -> Terme:
    if terme is None:
        return Terme("literal", "")
    nombre = terme.nombre() or Decimal(0)
    return Terme("literal", francais(nombre) + " %" if pourcentage else francais(nombre, 0))


def rapprochement(ecarts: Resultat) -> Resultat:
    """Les chiffres imprimés qui diffèrent des chiffres calculés (requête `ecarts-imprimes`), en nombres
    typés : un effectif entier, un pourcentage décimal."""
    lignes = []
    for ligne in ecarts.lignes:
        type_ = DECIMAL if ligne["grandeur"].valeur == "% branche" else ENTIER
        copie = dict(ligne)
        for colonne in ("imprime", "calcule"):
            nombre = ligne[colonne].nombre() or Decimal(0)
            copie[colonne] = Terme("literal", str(nombre if type_ == DECIMAL else int(nombre)), datatype=type_)
        lignes.append(copie)
    return Resultat(ecarts.variables, lignes)


def rapprochement_a_la_francaise(ecarts: Resultat) -> Resultat:
    """Le rapprochement pour des lecteurs : « 818 », « 14,81 % »."""
    lignes = []
    for ligne in ecarts.lignes:
        pourcentage = ligne["grandeur"].valeur == "% branche"
        copie = dict(ligne)
        for colonne in ("imprime", "calcule"):
            copie[colonne] = _a_la_francaise(ligne[colonne], pourcentage)
        lignes.append(copie)
    return Resultat(ecarts.variables, lignes)


def effectifs_a_la_francaise(effectifs: Resultat) -> Resultat:
    """Le tableau I.4 pour des lecteurs : pourcentages « 50,68 % », milliers espacés, chiffres imprimés à côté."""
    lignes = []
    for ligne in effectifs.lignes:
        copie = dict(ligne)
        for colonne in ("effectif", "pourcentage", "effectifImprime", "pourcentageImprime"):
            copie[colonne] = _a_la_francaise(ligne.get(colonne), colonne in _POURCENTAGES)
        lignes.append(copie)
    return Resultat(effectifs.variables, lignes)


def rapport_effectifs(projet: Projet, moteur: Moteur, machine: bool, seulement_rapprochement: bool
                      ) -> list[tuple[str, Resultat]]:
    """Le tableau I.4 (calculé et imprimé côte à côte) puis les chiffres imprimés qui diffèrent des chiffres
    calculés, chacun avec son titre. Pour un programme (`machine`), un seul tableau aux nombres typés : les
    effectifs, ou le rapprochement s'il est demandé ; pour un lecteur, les deux, à la française."""
    titre_ecarts = "Chiffres imprimés dans la source qui diffèrent des chiffres calculés"
    if machine and seulement_rapprochement:
        return [(titre_ecarts, rapprochement(executer(projet, moteur, "ecarts-imprimes", {})))]
    effectifs = executer(projet, moteur, "effectifs", {})
    if machine:
        return [("Effectifs", effectifs)]
    ecarts = rapprochement(executer(projet, moteur, "ecarts-imprimes", {}))
    parties = [("Effectifs", effectifs_a_la_francaise(effectifs)), (titre_ecarts, rapprochement_a_la_francaise(ecarts))]
    return parties[1:] if seulement_rapprochement else parties
