"""Le tableau I.4 de la source est dans la base : familles, 39 métiers, codes, effectifs, sociétés.

L'attendu est relu à chaque test dans la copie de la source (donnees/sources/), pas dans nos données.
"""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from cartographie.vocab import CMA, ID

LIGNE_METIER = re.compile(r"^(\d{4}) (.+?) (\d{1,3}(?: \d{3})?) (\d+,\d{2})% (\d)\s*$")


@pytest.fixture(scope="module")
def tableau_source(lignes_source: list[str]) -> dict[str, tuple[str, int, int]]:
    """Les lignes « code intitulé effectif % sociétés » du tableau I.4 (lignes 347 à 497)."""
    tableau = {}
    for ligne in lignes_source[346:497]:
        m = LIGNE_METIER.match(ligne)
        if m:
            code, intitule, effectif, _, societes = m.groups()
            tableau[code] = (" ".join(intitule.split()), int(effectif.replace(" ", "")), int(societes))
    return tableau


def test_le_tableau_de_la_source_compte_39_metiers(tableau_source):
    assert len(tableau_source) == 39


def test_chaque_metier_du_tableau_a_code_intitule_et_famille(publication: Graph, tableau_source):
    for code, (intitule, _, _) in tableau_source.items():
        metier = ID[f"metier-{code}"]
        assert publication.value(metier, SKOS.notation) == Literal(code)
        assert publication.value(metier, SKOS.prefLabel) == Literal(intitule, lang="fr")
        famille = publication.value(metier, CMA.famille)
        assert publication.value(famille, SKOS.notation) == Literal(code[:2])


def test_effectifs_et_nombre_de_societes(publication: Graph, tableau_source):
    for code, (_, effectif, societes) in tableau_source.items():
        observation = publication.value(predicate=CMA.perimetre, object=ID[f"metier-{code}"])
        assert publication.value(observation, CMA.effectif).toPython() == effectif, code
        assert publication.value(observation, CMA.nombreSocietes).toPython() == societes, code


def test_il_y_a_exactement_39_metiers_codifies(publication: Graph):
    codes = {
        str(publication.value(m, SKOS.notation))
        for m in publication.subjects(CMA.famille, None)
    }
    assert len(codes) == 39


def test_neuf_familles_en_deux_groupes(publication: Graph, lignes_source):
    familles = set(publication.subjects(CMA.groupe, None))
    assert len(familles) == 9
    groupes = {
        str(publication.value(publication.value(f, CMA.groupe), SKOS.prefLabel)): sorted(
            str(publication.value(g, SKOS.notation))
            for g in familles
            if publication.value(g, CMA.groupe) == publication.value(f, CMA.groupe)
        )
        for f in familles
    }
    # Section I.3 : cinq familles spécifiques à l'Assistance, quatre familles supports.
    assert groupes == {
        "Métiers spécifiques à l'Assistance": ["01", "02", "03", "04", "05"],
        "Métiers supports": ["06", "07", "08", "09"],
    }
    assert "- Opérations d’assistance    - Commercial et marketing " in lignes_source


@pytest.mark.parametrize(("perimetre", "effectif", "ligne"), [
    ("perimetre-non-ventile", 563, "563 10,19%"),
    ("perimetre-branche", 5523, "5 523 100,00%"),
])
def test_totaux_non_ventile_et_branche(publication: Graph, lignes_source, perimetre, effectif, ligne):
    assert ligne in lignes_source
    observation = publication.value(predicate=CMA.perimetre, object=ID[perimetre])
    assert publication.value(observation, CMA.effectif).toPython() == effectif
