"""Les rapports qui complètent une requête : rapprochement du tableau I.4, chemins d'évolution,
mise en page d'une fiche. Chacun part d'un `Resultat` de requête : ils marchent donc à
l'identique sur le magasin embarqué et sur un serveur distant."""

from __future__ import annotations

import json
import re
from collections import deque
from decimal import Decimal

from .resultats import Resultat, Terme

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

def _graphe(aretes: Resultat) -> tuple[dict[str, list[str]], dict[str, str]]:
    suivants: dict[str, list[str]] = {}
    noms: dict[str, str] = {}
    for ligne in aretes.lignes:
        origine, cible = ligne["origine"].valeur, ligne["cible"].valeur
        suivants.setdefault(origine, []).append(cible)
        noms[origine] = f"{ligne['codeOrigine'].valeur} {ligne['intituleOrigine'].valeur}"
        code = ligne["codeCible"].valeur if "codeCible" in ligne else ""
        noms[cible] = f"{code} {ligne['intituleCible'].valeur}".strip()
    return suivants, noms


def accessibles(aretes: Resultat, depart: str, pas_max: int) -> Resultat:
    """Les métiers atteignables depuis `depart` (IRI) en au plus `pas_max` évolutions, avec la distance."""
    suivants, noms = _graphe(aretes)
    distances = {depart: 0}
    file = deque([depart])
    while file:
        courant = file.popleft()
        if distances[courant] == pas_max:
            continue
        for cible in suivants.get(courant, []):
            if cible not in distances:
                distances[cible] = distances[courant] + 1
                file.append(cible)
    lignes = [
        {"pas": Terme("literal", str(d), datatype="http://www.w3.org/2001/XMLSchema#integer"),
         "metier": Terme("literal", noms.get(iri, iri))}
        for iri, d in sorted(distances.items(), key=lambda x: (x[1], noms.get(x[0], x[0])))
        if iri != depart
    ]
    return Resultat(["pas", "metier"], lignes)


def plus_courts_chemins(aretes: Resultat, depart: str, arrivee: str) -> Resultat:
    """Tous les chemins d'évolution les plus courts de `depart` à `arrivee` (IRIs)."""
    suivants, noms = _graphe(aretes)
    precedents: dict[str, list[str]] = {depart: []}
    distances = {depart: 0}
    file = deque([depart])
    while file:
        courant = file.popleft()
        for cible in suivants.get(courant, []):
            if cible not in distances:
                distances[cible] = distances[courant] + 1
                precedents[cible] = [courant]
                file.append(cible)
            elif distances[cible] == distances[courant] + 1:
                precedents[cible].append(courant)
    if arrivee not in distances or arrivee == depart:
        return Resultat(["longueur", "chemin"], [])

    def chemins(noeud: str) -> list[list[str]]:
        if noeud == depart:
            return [[depart]]
        return [[*c, noeud] for p in precedents[noeud] for c in chemins(p)]

    trouves = sorted(" → ".join(noms.get(n, n) for n in c) for c in chemins(arrivee))
    return Resultat(["longueur", "chemin"], [
        {"longueur": Terme("literal", str(distances[arrivee]), datatype="http://www.w3.org/2001/XMLSchema#integer"),
         "chemin": Terme("literal", t)} for t in trouves
    ])


# Fiche ----------------------------------------------------------------------------------------

def structure_fiche(resultat: Resultat) -> dict[str, object]:
    """La fiche sous forme d'objet : rubriques dans l'ordre, éléments et sous-éléments."""
    rubriques: list[dict[str, object]] = []
    for ligne in resultat.lignes:
        titre = ligne["rubrique"].valeur
        if not rubriques or rubriques[-1]["titre"] != titre:
            rubriques.append({"titre": titre, "elements": []})
        elements: list[dict[str, object]] = rubriques[-1]["elements"]  # type: ignore[assignment]
        element: dict[str, object] = {"texte": ligne["texte"].valeur}
        if "precision" in ligne:
            element["precision"] = ligne["precision"].valeur
        niveau = int(ligne["niveau"].valeur) if "niveau" in ligne else 0
        if niveau and elements:
            elements[-1].setdefault("sous_elements", []).append(element)  # type: ignore[union-attr]
        else:
            elements.append(element)
    intitule = rubriques[0]["elements"][0] if rubriques else {}  # type: ignore[index]
    return {"intitule": intitule.get("texte", ""), "version": intitule.get("precision", ""),  # type: ignore[union-attr]
            "rubriques": rubriques[1:]}


def _precision(element: dict[str, object], rubrique: str) -> str:
    precision = str(element.get("precision", ""))
    if not precision or rubrique.startswith("Les métiers recensés"):
        return ""
    return f" [{precision}]"


_EN_LIGNE = (
    "Autres dénominations rencontrées à ce jour", "Famille de métier", "Rattachements hiérarchiques rencontrés",
)


def fiche_en_texte(code: str, fiche: dict[str, object], markdown: bool = False) -> str:
    """La fiche mise en page comme la source : rubriques courtes en ligne, listes à puces imbriquées."""
    titre = f"{code} - {str(fiche['intitule']).upper()}"
    lignes = [f"# {titre}" if markdown else titre]
    if fiche["version"]:
        lignes.append(f"_{fiche['version']}_" if markdown else str(fiche["version"]))
    lignes.append("")
    for rubrique in fiche["rubriques"]:  # type: ignore[attr-defined]
        nom, elements = rubrique["titre"], rubrique["elements"]
        if nom in _EN_LIGNE:
            texte = ", ".join(e["texte"] for e in elements)
            lignes.append(f"**{nom} :** {texte}" if markdown else f"{nom} : {texte}")
            continue
        lignes += ["", f"## {nom}" if markdown else nom.upper(), ""] if markdown else ["", nom.upper()]
        for element in elements:
            puce = "- " if markdown else "  • "
            lignes.append(f"{puce}{element['texte']}{_precision(element, nom)}")
            for sous in element.get("sous_elements", []):
                lignes.append(f"{'  - ' if markdown else '      – '}{sous['texte']}{_precision(sous, nom)}")
    return "\n".join(lignes) + "\n"


def fiche_en_json(code: str, fiche: dict[str, object]) -> str:
    return json.dumps({"code": code, **fiche}, ensure_ascii=False, indent=1) + "\n"


