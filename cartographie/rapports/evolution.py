"""L'évolution des effectifs entre deux dates (requête `evolution`) et un graphique SVG par famille.

Chaque graphique met côte à côte, pour chaque métier de la famille, l'effectif aux deux dates (deux barres
horizontales), avec l'écart en % ; le SVG est construit comme un arbre XML (pas de texte assemblé à la main),
donc échappé, et il est déterministe.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from cartographie.io.ecriture import publier_fichiers
from cartographie.projet import Projet
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import Resultat

LARGEUR = 640
HAUTEUR_LIGNE = 34
MARGE_GAUCHE = 300
COULEURS = ("#9aa5b1", "#1f5f8b")


def evolution(projet: Projet, moteur: Moteur, de: str, a: str) -> Resultat:
    return executer(projet, moteur, "evolution", {"de": de, "a": a})


def graphiques(resultat: Resultat, de: str, a: str) -> dict[str, str]:
    """Code de famille → document SVG de ses métiers."""
    familles: dict[str, tuple[str, list[dict[str, str]]]] = {}
    courante: list[dict[str, str]] = []
    for ligne in resultat.lignes:
        valeurs = {cle: terme.valeur for cle, terme in ligne.items()}
        if valeurs["niveau"] == "métier":
            courante.append(valeurs)
        elif valeurs["niveau"] == "famille":
            familles[valeurs["code"]] = (valeurs["intitule"], courante)
            courante = []
    return {code: _svg(code, intitule, metiers, de, a) for code, (intitule, metiers) in familles.items()}


def _ecart(metier: dict[str, str]) -> str:
    ecart = metier.get("constat") or metier.get("evolution") or ""
    if not ecart or ecart in ("apparu", "disparu"):
        return ecart
    return f"{float(ecart):+.1f} %".replace(".", ",")


def _svg(code: str, intitule: str, metiers: list[dict[str, str]], de: str, a: str) -> str:
    """Le graphique d'une famille ; son <title> et sa <desc> (les chiffres en phrases) ont des identifiants
    propres à la famille, pour qu'il reste accessible inclus dans une page avec les autres."""
    maximum = max([1] + [int(m.get(cle, "0") or 0) for m in metiers for cle in ("effectifDe", "effectifA")])
    hauteur = 60 + HAUTEUR_LIGNE * len(metiers) + 30
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": str(LARGEUR), "height": str(hauteur),
                             "viewBox": f"0 0 {LARGEUR} {hauteur}", "role": "img", "font-family": "sans-serif",
                             "font-size": "12",
                             "aria-labelledby": f"evolution-{code}-titre evolution-{code}-desc"})
    ET.SubElement(svg, "title", {"id": f"evolution-{code}-titre"}).text = f"{intitule} : effectifs au {de} et au {a}"
    ET.SubElement(svg, "desc", {"id": f"evolution-{code}-desc"}).text = " ".join(
        f"{m['code']} {m['intitule']} : {int(m.get('effectifDe', '0') or 0)} au {de}, {int(m.get('effectifA', '0') or 0)} "
        f"au {a}" + (f" ({_ecart(m)})" if _ecart(m) else "") + "." for m in metiers)
    ET.SubElement(svg, "text", {"x": "10", "y": "20", "font-size": "14", "font-weight": "bold"}).text = intitule
    for rang, (date_, couleur) in enumerate(zip((de, a), COULEURS, strict=True)):
        x = MARGE_GAUCHE + 150 * rang  # place pour une date longue (« 1er juillet 2007 »)
        ET.SubElement(svg, "rect", {"x": str(x), "y": "32", "width": "10", "height": "10", "fill": couleur})
        ET.SubElement(svg, "text", {"x": str(x + 14), "y": "41"}).text = date_
    echelle = (LARGEUR - MARGE_GAUCHE - 70) / maximum
    for i, metier in enumerate(metiers):
        y = 60 + HAUTEUR_LIGNE * i
        ET.SubElement(svg, "text", {"x": "10", "y": str(y + 15)}).text = f"{metier['code']} {metier['intitule']}"[:48]
        for rang, (cle, couleur) in enumerate(zip(("effectifDe", "effectifA"), COULEURS, strict=True)):
            valeur = int(metier.get(cle, "0") or 0)
            ET.SubElement(svg, "rect", {"x": str(MARGE_GAUCHE), "y": str(y + 12 * rang), "width": f"{valeur * echelle:.1f}",
                                        "height": "11", "fill": couleur})
            ET.SubElement(svg, "text", {"x": f"{MARGE_GAUCHE + valeur * echelle + 4:.1f}", "y": str(y + 10 + 12 * rang),
                                        "font-size": "10"}).text = str(valeur)
        if texte := _ecart(metier):
            ET.SubElement(svg, "text", {"x": str(LARGEUR - 10), "y": str(y + 15), "text-anchor": "end"}).text = texte
    ET.indent(svg)
    return ET.tostring(svg, encoding="unicode") + "\n"


def ecrire_graphiques(resultat: Resultat, de: str, a: str, dossier: Path) -> list[Path]:
    contenus = {f"evolution-famille-{code}.svg": svg for code, svg in graphiques(resultat, de, a).items()}
    publier_fichiers(dossier, contenus)
    return [dossier / nom for nom in sorted(contenus)]
