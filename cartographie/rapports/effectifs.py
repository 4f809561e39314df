"""Les rapports qui complètent une requête : rapprochement du tableau I.4, chemins d'évolution,
mise en page d'une fiche. Chacun part d'un `Resultat` de requête : ils marchent donc à
l'identique sur le magasin embarqué et sur un serveur distant."""

from __future__ import annotations

import re
from decimal import Decimal

from cartographie.projet import Projet
from cartographie.sources.document2009 import chemin_source
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import Resultat, Terme

ENTIER = "http://www.w3.org/2001/XMLSchema#integer"
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"

# Ordre des lignes de sous-total du tableau I.4 imprimé (lignes 374 à 474 de la source) : les cinq
# familles spécifiques, leur groupe, les quatre familles supports, leur groupe, puis le total
# ventilé, le non-ventilé et la branche. Les étiquettes du PDF arrivent après les chiffres.
ORDRE_SOUS_TOTAUX = ("01", "02", "03", "04", "05", "I", "06", "07", "08", "09", "II", "X1", "X2", "X3")
_LIGNE_METIER = re.compile(r"^(\d{4}) .+? (\d{1,3}(?: \d{3})?) (\d+,\d{2})% \d\s*$")
_LIGNE_TOTAL = re.compile(r"^(\d{1,3}(?: \d{3})?) (\d+,\d{2})%\s*$")


def tableau_imprime(lignes_source: list[str]) -> dict[str, tuple[int, Decimal]]:
    """Effectif et pourcentage imprimés, par code de métier, de famille, de groupe ou de total."""
    imprime: dict[str, tuple[int, Decimal]] = {}
    totaux = []
    for ligne in lignes_source[346:497]:
        if m := _LIGNE_METIER.match(ligne):
            imprime[m.group(1)] = (int(m.group(2).replace(" ", "")), Decimal(m.group(3).replace(",", ".")))
        elif m := _LIGNE_TOTAL.match(ligne):
            totaux.append((int(m.group(1).replace(" ", "")), Decimal(m.group(2).replace(",", "."))))
    imprime.update(zip(ORDRE_SOUS_TOTAUX, totaux, strict=True))
    return imprime


def _cle(ligne: dict[str, Terme]) -> str:
    if "code" in ligne:
        return ligne["code"].valeur
    intitule = ligne["intitule"].valeur
    return "X1" if "ventilés" in intitule and "non" not in intitule else "X2" if "non ventilés" in intitule else "X3"


def francais(nombre: Decimal, decimales: int = 2) -> str:
    """50.68 → « 50,68 » ; 2799 → « 2 799 » (espace insécable fine comme séparateur de milliers)."""
    texte = f"{nombre:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return texte


def rapprochement(effectifs: Resultat, lignes_source: list[str]) -> Resultat:
    """Chaque chiffre imprimé du tableau I.4 qui diffère du chiffre recalculé à partir des données, en
    nombres typés (un effectif entier, un pourcentage décimal)."""
    imprime = tableau_imprime(lignes_source)
    lignes = []
    for ligne in effectifs.lignes:
        cle = _cle(ligne)
        if cle not in imprime:
            continue
        effectif_imprime, pct_imprime = imprime[cle]
        effectif = int(ligne["effectif"].valeur)
        pct = ligne["pourcentage"].nombre() or Decimal(0)
        for grandeur, lu, calcule, type_ in (("effectif", Decimal(effectif_imprime), Decimal(effectif), ENTIER),
                                             ("% branche", pct_imprime, pct, DECIMAL)):
            if lu != calcule:
                lignes.append({
                    "niveau": ligne["niveau"],
                    "code": Terme("literal", ligne["code"].valeur if "code" in ligne else ""),
                    "intitule": ligne["intitule"], "grandeur": Terme("literal", grandeur),
                    "imprime": Terme("literal", str(lu), datatype=type_),
                    "calcule": Terme("literal", str(calcule), datatype=type_),
                })
    return Resultat(["niveau", "code", "intitule", "grandeur", "imprime", "calcule"], lignes)


def rapprochement_a_la_francaise(ecarts: Resultat) -> Resultat:
    """Le rapprochement pour des lecteurs : « 818 », « 14,81 % »."""
    lignes = []
    for ligne in ecarts.lignes:
        pourcentage = ligne["grandeur"].valeur == "% branche"
        copie = dict(ligne)
        for colonne in ("imprime", "calcule"):
            nombre = ligne[colonne].nombre() or Decimal(0)
            copie[colonne] = Terme("literal", francais(nombre) + " %" if pourcentage else francais(nombre, 0))
        lignes.append(copie)
    return Resultat(ecarts.variables, lignes)


def effectifs_a_la_francaise(effectifs: Resultat) -> Resultat:
    """Le tableau I.4 pour des lecteurs : pourcentages « 50,68 % », milliers espacés."""
    lignes = []
    for ligne in effectifs.lignes:
        copie = dict(ligne)
        copie["effectif"] = Terme("literal", francais(Decimal(ligne["effectif"].valeur), 0))
        copie["pourcentage"] = Terme("literal", francais(ligne["pourcentage"].nombre() or Decimal(0)) + " %")
        lignes.append(copie)
    return Resultat(effectifs.variables, lignes)


def rapport_effectifs(projet: Projet, moteur: Moteur, machine: bool, seulement_rapprochement: bool
                      ) -> list[tuple[str, Resultat]]:
    """Le tableau I.4 recalculé puis son rapprochement avec le tableau imprimé, chacun avec son titre.
    Pour un programme (`machine`), un seul tableau aux nombres typés : les effectifs, ou le rapprochement
    s'il est demandé ; pour un lecteur, les deux, à la française."""
    effectifs = executer(projet, moteur, "effectifs", {})
    ecarts = rapprochement(effectifs, chemin_source(projet).read_text(encoding="utf-8").splitlines())
    titre_ecarts = "Rapprochement avec le tableau I.4 imprimé"
    if machine:
        return [(titre_ecarts, ecarts)] if seulement_rapprochement else [("Effectifs", effectifs)]
    parties = [("Effectifs", effectifs_a_la_francaise(effectifs)), (titre_ecarts, rapprochement_a_la_francaise(ecarts))]
    return parties[1:] if seulement_rapprochement else parties


# Chemins d'évolution ------------------------------------------------------------------------
