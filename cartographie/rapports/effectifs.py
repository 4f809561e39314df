"""Les rapports qui complètent une requête : rapprochement du tableau I.4, chemins d'évolution,
mise en page d'une fiche. Chacun part d'un `Resultat` de requête : ils marchent donc à
l'identique sur le magasin embarqué et sur un serveur distant."""

from __future__ import annotations

import re
from decimal import Decimal

from cartographie.sparql.resultats import Resultat, Terme

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
    """Chaque chiffre imprimé du tableau I.4 qui diffère du chiffre recalculé à partir des données."""
    imprime = tableau_imprime(lignes_source)
    lignes = []
    for ligne in effectifs.lignes:
        cle = _cle(ligne)
        if cle not in imprime:
            continue
        effectif_imprime, pct_imprime = imprime[cle]
        effectif = int(ligne["effectif"].valeur)
        pct = ligne["pourcentage"].nombre() or Decimal(0)
        for grandeur, lu, calcule, texte_lu, texte_calcule in (
            ("effectif", Decimal(effectif_imprime), Decimal(effectif), francais(Decimal(effectif_imprime), 0),
             francais(Decimal(effectif), 0)),
            ("% branche", pct_imprime, pct, francais(pct_imprime) + " %", francais(pct) + " %"),
        ):
            if lu != calcule:
                lignes.append({
                    "niveau": ligne["niveau"],
                    "code": Terme("literal", ligne["code"].valeur if "code" in ligne else ""),
                    "intitule": ligne["intitule"], "grandeur": Terme("literal", grandeur),
                    "imprime": Terme("literal", texte_lu), "calcule": Terme("literal", texte_calcule),
                })
    return Resultat(["niveau", "code", "intitule", "grandeur", "imprime", "calcule"], lignes)


def effectifs_a_la_francaise(effectifs: Resultat) -> Resultat:
    """Le tableau I.4 pour des lecteurs : pourcentages « 50,68 % », milliers espacés."""
    lignes = []
    for ligne in effectifs.lignes:
        copie = dict(ligne)
        copie["effectif"] = Terme("literal", francais(Decimal(ligne["effectif"].valeur), 0))
        copie["pourcentage"] = Terme("literal", francais(ligne["pourcentage"].nombre() or Decimal(0)) + " %")
        lignes.append(copie)
    return Resultat(effectifs.variables, lignes)


# Chemins d'évolution ------------------------------------------------------------------------
