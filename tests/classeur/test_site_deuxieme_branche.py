"""La deuxième branche (fictive, tests/fixtures/branche-proprete/carte.xlsx) a son site sans une ligne de
code : `cartographie build --projet` puis `cartographie site --projet`. Ce qu'on y cherche est lu
directement dans le classeur (openpyxl) et dans les données de l'Assistance (rdflib), pas dans ce que le
projet calcule."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from cartographie.cli import main
from cartographie.projet import Projet
from cartographie.vocab import CMA

BRANCHE = Path(__file__).parents[1] / "fixtures" / "branche-proprete"


def _feuille(nom: str) -> list[dict[str, object]]:
    feuille = load_workbook(BRANCHE / "carte.xlsx", read_only=True)[nom]
    lignes = list(feuille.iter_rows(values_only=True))
    return [dict(zip(lignes[0], ligne, strict=True)) for ligne in lignes[1:] if any(v is not None for v in ligne)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dossier = tmp_path_factory.mktemp("proprete-site")
    publication, site = dossier / "export", dossier / "site"
    assert main(["build", "--projet", str(BRANCHE), "--sortie", str(publication)]) == 0
    assert main(["site", "--projet", str(BRANCHE), "--publication", str(publication), "--out", str(site)]) == 0
    return site


def _texte(chemin: Path) -> str:
    return html.unescape(chemin.read_text(encoding="utf-8"))


def test_chaque_metier_du_classeur_a_sa_page_a_son_intitule(site: Path) -> None:
    metiers = _feuille("Métiers")
    assert len(metiers) == 5
    accueil = _texte(site / "index.html")
    for ligne in metiers:
        page = site / "id" / f"metier-{ligne['Code']}.html"
        assert page.is_file(), page
        assert re.search(r"<h1[^>]*>[^<]*" + re.escape(str(ligne["Intitulé"])), _texte(page)), ligne["Intitulé"]
    for ligne in _feuille("Familles"):
        assert str(ligne["Intitulé"]) in accueil


def test_le_site_dit_le_nom_et_la_source_de_la_branche(site: Path) -> None:
    branche = {ligne["Clé"]: ligne["Valeur"] for ligne in _feuille("Branche")}
    accueil = _texte(site / "index.html")
    assert f"<h1>{branche['Titre']}</h1>" in accueil
    assert f"branche {branche['Nom de la branche']}" in accueil
    assert str(branche["Source : citation"]) in accueil
    assert str(branche["Licence"]) in accueil
    fiche = _texte(site / "id" / "metier-0201.html")
    assert "Organise le travail de l'équipe" in fiche  # activité de la feuille Rubriques


def test_rien_de_l_assistance_dans_les_pages(site: Path) -> None:
    nomenclature = Graph().parse(Projet.par_defaut().donnees / "nomenclature.ttl")
    intitules = {str(nomenclature.value(m, SKOS.prefLabel)) for classe in (CMA.Metier, CMA.FamilleMetiers)
                 for m in nomenclature.subjects(RDF.type, classe)}
    assert "Chargé(e) d'assistance" in intitules
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    trouves = []
    for page in pages:
        if page.name == "def.html":  # la documentation du vocabulaire partagé cite le document d'origine
            continue
        texte = _texte(page)
        trouves += [f"{page.relative_to(site)} : {i}" for i in intitules if i in texte]
        if re.search(r"\bAssistance\b|metiers-assistance/id/", texte):
            trouves.append(f"{page.relative_to(site)} : « Assistance »")
    assert not trouves, "\n".join(trouves[:20])
