"""La fiche d'un métier, mise en page comme la source, depuis le résultat de la requête `fiche`."""

from __future__ import annotations

import json

from cartographie.sparql.resultats import Resultat


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
