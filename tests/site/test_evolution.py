"""La page « Évolution des effectifs » : présente quand la publication a des effectifs à deux dates (la
fixture 2008 importée par `actualiser`), absente sinon. Les chiffres attendus sont calculés ici, sans le
moteur : ceux de 2007 lus dans le tableau I.4 de la source (`donnees/sources/`), ceux de 2008 sommés dans
les fichiers des sociétés (tous leurs effectifs) et dans `attendu.tsv` (par métier visé)."""

from __future__ import annotations

import csv
import io
import math
import re
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from openpyxl import load_workbook

from tests.site.outils import arbre, texte, tous

SVG = "{http://www.w3.org/2000/svg}"


def _effectif_2007(lignes_source: list[str], debut: str) -> int:
    """L'effectif imprimé sur la ligne du tableau I.4 qui commence par `debut` (« 0502 Animateur… 80 1,45% 8 »)."""
    [ligne] = [li for li in lignes_source if li.startswith(debut) and re.search(r"\d,\d\d%", li)]
    return int(re.search(r"(\d{1,3}(?: \d{3})*) \d+,\d\d%", ligne).group(1).replace(" ", ""))


def _total_declare(fichiers: list[Path]) -> int:
    """La somme de la colonne Effectif (la dernière) de tous les fichiers des sociétés, lus ici."""
    total = 0
    for chemin in fichiers:
        if chemin.suffix == ".xlsx":
            lignes = list(load_workbook(chemin, read_only=True).worksheets[0].iter_rows(values_only=True))
        else:
            octets = chemin.read_bytes()
            try:
                contenu = octets.decode("utf-8-sig")
            except UnicodeDecodeError:
                contenu = octets.decode("cp1252")
            entete = contenu.splitlines()[0]
            separateur = "\t" if "\t" in entete else ";" if ";" in entete else ","
            lignes = list(csv.reader(io.StringIO(contenu), delimiter=separateur))
        total += sum(int(ligne[-1]) for ligne in lignes[1:] if ligne and ligne[-1] not in (None, ""))
    return total


def _nombre(cellule: str) -> int:
    return int(cellule.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-"))


def _pourcent(cellule: str) -> Decimal:
    return Decimal(cellule.removesuffix("%").strip().replace(",", ".").replace("\u2212", "-"))


def _arrondi(valeur: Decimal, decimales: int) -> Decimal:
    """L'arrondi de la requête : au dixième ou au centième, la moitié vers +∞ (ROUND de SPARQL)."""
    facteur = Decimal(10) ** decimales
    return Decimal(math.floor(valeur * facteur + Decimal("0.5"))) / facteur


@pytest.fixture(scope="module")
def page(site_2008: Path) -> Element:
    return arbre(site_2008 / "evolution.html")


@pytest.fixture(scope="module")
def rangees(page: Element) -> dict[tuple[str, str], list[str]]:
    """(niveau, code ou intitulé) → textes des cellules de la ligne du tableau."""
    [tableau] = [t for t in tous(page, "table") if "evolution" in (t.get("class") or "")]
    resultat = {}
    for tr in tous(tableau, "tr")[1:]:
        cellules = [texte(c) for c in tr if c.tag in ("td", "th")]
        resultat[(cellules[0], cellules[1] or cellules[2])] = cellules
    return resultat


def test_en_tetes_et_legende_du_tableau(page):
    [tableau] = [t for t in tous(page, "table") if "evolution" in (t.get("class") or "")]
    [legende] = tous(tableau, "caption")
    assert "1er juillet 2007" in texte(legende) and "1er juillet 2008" in texte(legende)
    entetes = [texte(th) for th in tous(tableau, "th") if th.get("scope") == "col"]
    assert entetes == ["Niveau", "Code", "Intitulé", "Effectif au 1er juillet 2007", "Effectif au 1er juillet 2008",
                       "Écart", "Évolution", "Part au 1er juillet 2007", "Part au 1er juillet 2008", "Constat"]
    # Chaque ligne a son intitulé en en-tête de ligne.
    assert all(len([c for c in tr if c.tag == "th" and c.get("scope") == "row"]) == 1 for tr in tous(tableau, "tr")[1:])


@pytest.mark.parametrize("code", ["0102", "0502", "0101"])
def test_chiffres_d_un_metier(rangees, lignes_source, attendu_2008, code):
    avant, apres = _effectif_2007(lignes_source, f"{code} "), attendu_2008[code]
    _, _, _, de, a, ecart, evolution, *_ = rangees[("métier", code)]
    assert (_nombre(de), _nombre(a), _nombre(ecart)) == (avant, apres, apres - avant)
    assert _pourcent(evolution) == _arrondi(Decimal(apres - avant) * 100 / avant, 1)


def test_metier_disparu(rangees, lignes_source, attendu_2008):
    cellules = rangees[("métier", "0105")]
    assert "0105" not in attendu_2008
    assert (_nombre(cellules[3]), _nombre(cellules[4]), cellules[-1]) == (_effectif_2007(lignes_source, "0105 "), 0, "disparu")


def test_famille_et_totaux(rangees, lignes_source, attendu_2008, fichiers_2008):
    famille = rangees[("famille", "05")]
    assert _nombre(famille[3]) == _effectif_2007(lignes_source, "0501 ") + _effectif_2007(lignes_source, "0502 ")
    assert _nombre(famille[4]) == attendu_2008["0501"] + attendu_2008["0502"]
    total_2008 = _total_declare(fichiers_2008)
    assert total_2008 == sum(attendu_2008.values())
    total = rangees[("total", "Effectif total")]
    assert _nombre(total[4]) == total_2008
    non_ventile = rangees[("total", "Effectifs non affectés à un métier (non ventilés)")]
    assert _nombre(non_ventile[4]) == attendu_2008["non ventilé"]
    assert _pourcent(non_ventile[8]) == _arrondi(Decimal(attendu_2008["non ventilé"]) * 100 / total_2008, 2)


def test_part_non_affectee_annoncee(page, attendu_2008):
    [paragraphe] = [p for p in tous(page, "p") if p.get("id") == "part-non-affectee"]
    part = _arrondi(Decimal(attendu_2008["non ventilé"]) * 100 / sum(attendu_2008.values()), 2)
    assert f"{part} %".replace(".", ",") in texte(paragraphe).replace("\u00a0", " ")


def test_un_graphique_accessible_par_famille(page, site_2008, lignes_source, attendu_2008):
    svgs = tous(page, "svg")
    assert len(svgs) == 9
    for svg in svgs:
        titre, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("role") == "img" and svg.get("aria-labelledby") == f"{titre.get('id')} {desc.get('id')}"
        assert texte(titre) and texte(desc)
    [famille_05] = [s for s in svgs if s.get("aria-labelledby", "").startswith("evolution-05-")]
    description = texte(famille_05.find(f"{SVG}desc"))
    assert (f"0502 Animateur(trice) de réseaux de prestataires : {_effectif_2007(lignes_source, '0502 ')} au 1er juillet "
            f"2007, {attendu_2008['0502']} au 1er juillet 2008") in description
    # Les identifiants restent uniques dans la page.
    identifiants = [e.get("id") for e in page.iter() if isinstance(e.tag, str) and e.get("id")]
    assert len(identifiants) == len(set(identifiants))


def test_liens_vers_la_page(site_2008):
    for chemin, cible in (("index.html", "evolution.html"), ("az.html", "evolution.html"),
                          ("id/famille-05.html", "../evolution.html#famille-05")):
        liens = [a.get("href") for a in tous(arbre(site_2008 / chemin), "a")]
        assert cible in liens, chemin
    assert "id/famille-05.html" in [a.get("href") for a in tous(arbre(site_2008 / "evolution.html"), "a")]


def test_les_pages_gardent_l_effectif_de_la_premiere_date(site_2008, lignes_source):
    """Une tranche importée n'ajoute ni métier ni effectif aux pages des familles (effectifs au 1er juillet 2007)."""
    famille = arbre(site_2008 / "id" / "famille-05.html")
    codes = [texte(tr[0]) for tr in tous(famille, "tr")[1:]]
    assert codes == ["0501", "0502"]
    assert _nombre(texte(tous(famille, "tr")[2][2])) == _effectif_2007(lignes_source, "0502 ")


def test_sans_deuxieme_date_ni_page_ni_lien(site):
    """La publication par défaut n'a d'effectifs qu'au 1er juillet 2007."""
    assert not (site / "evolution.html").exists()
    for chemin in ("index.html", "az.html", "id/famille-05.html"):
        assert not any("evolution.html" in (a.get("href") or "") for a in tous(arbre(site / chemin), "a")), chemin
