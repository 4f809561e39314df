"""Le balisage schema.org des pages de métier et l'index de « Trouver mon métier »."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from cartographie.texte import cle

from .outils import jsonld as blocs_jsonld

SCHEMA = "https://schema.org/"


def _refuser(url: str, options: object = None) -> object:
    raise AssertionError(f"le balisage a demandé {url}")


def _metiers(site: Path) -> list[Path]:
    return sorted((site / "id").glob("metier-[0-9][0-9][0-9][0-9].html"))


def test_une_page_par_metier_codifie(site: Path) -> None:
    assert len(_metiers(site)) == 39


def test_chaque_page_de_metier_porte_une_occupation_lisible_hors_ligne(site: Path) -> None:
    for page in _metiers(site):
        (bloc,) = blocs_jsonld(page)
        developpe = jsonld.expand(bloc, {"documentLoader": _refuser})
        (occupation,) = developpe
        assert occupation["@type"] == [SCHEMA + "Occupation"], page.name
        for propriete in ("name", "description", "occupationalCategory"):
            assert occupation.get(SCHEMA + propriete), (page.name, propriete)
        codes = [c[SCHEMA + "codeValue"][0]["@value"] for c in occupation[SCHEMA + "occupationalCategory"]]
        assert codes[0] == page.stem.removeprefix("metier-")
        assert all(c[0]["@type"] == [SCHEMA + "CategoryCode"] for c in [occupation[SCHEMA + "occupationalCategory"]])


def test_occupation_0102_intitules_competences_rome_et_certifications(site: Path) -> None:
    (bloc,) = blocs_jsonld(site / "id" / "metier-0102.html")
    assert bloc["name"] == "Chargé(e) d'assistance"
    # Autres dénominations de la source (ligne 1031) et formes genrées.
    assert {"Chargée d'assistance", "technicien(ne) d'assistance"} <= set(bloc["alternateName"])
    assert "D1408" in [c["codeValue"] for c in bloc["occupationalCategory"]]
    assert any(cle(s["name"]).startswith("connaissance generale des natures d'assistance") for s in bloc["skills"])
    assert bloc["qualifications"] and all(q["@type"] == "EducationalOccupationalCredential" for q in bloc["qualifications"])


def _index(site: Path) -> list[dict[str, str]]:
    texte = (site / "recherche-index.js").read_text(encoding="utf-8")
    return json.loads(texte.removeprefix("window.INDEX_RECHERCHE = ").rstrip().removesuffix(";"))


@pytest.mark.parametrize("saisie, code", [("technicienne du standard", "0101"), ("Hôtesse d'accueil", "0101"),
                                          ("CHARGEE D'ASSISTANCE", "0102"), ("Manoeuvre", None)])
def test_index_de_recherche_cle_du_normaliseur(site: Path, saisie: str, code: str | None) -> None:
    entrees = [e for e in _index(site) if e["k"] == cle(saisie) or cle(saisie) in e["k"]]
    if code is None:
        assert entrees == []
    else:
        assert code in {e["c"] for e in entrees}


def test_index_echappe_les_chevrons(site: Path) -> None:
    assert "<" not in (site / "recherche-index.js").read_text(encoding="utf-8")
