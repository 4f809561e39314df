"""Les formats machine se lisent par une machine : un seul document, un seul en-tête, des nombres typés
(issue 11, point 3). Chaque sortie est relue par les analyseurs de résultats SPARQL de rdflib et par
les lecteurs CSV et JSON de Python, puis confrontée au tableau I.4 de la source."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser

from cartographie.cli import main

XSD = "http://www.w3.org/2001/XMLSchema#"


def _sortie(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> str:
    assert main(arguments) == 0
    return capsys.readouterr().out


def test_effectifs_json_est_un_seul_document_type(capsys):
    document = json.loads(_sortie(capsys, ["effectifs", "--format", "json"]))
    liaisons = document["results"]["bindings"]
    # Tableau I.4 de la source : 0102, 2 799 salariés, 50,68 % de la branche.
    chargee = next(b for b in liaisons if b.get("code", {}).get("value") == "0102")
    assert chargee["effectif"] == {"type": "literal", "value": "2799", "datatype": XSD + "integer"}
    assert Decimal(chargee["pourcentage"]["value"]) == Decimal("50.68")
    assert chargee["pourcentage"]["datatype"] == XSD + "decimal"
    assert len(JSONResultParser().parse(io.StringIO(json.dumps(document))).bindings) == len(liaisons)


@pytest.mark.parametrize("format_", ["csv", "tsv"])
def test_effectifs_csv_tsv_un_seul_en_tete(capsys, format_):
    texte = _sortie(capsys, ["effectifs", "--format", format_])
    lignes = list(csv.reader(io.StringIO(texte), delimiter="," if format_ == "csv" else "\t"))
    entete = lignes[0]
    assert [ligne for ligne in lignes[1:] if ligne == entete] == []
    assert all(len(ligne) == len(entete) for ligne in lignes)
    assert "Rapprochement" not in texte and "\u202f" not in texte and "%" not in texte


def test_rapprochement_a_part_et_type(capsys):
    document = json.loads(_sortie(capsys, ["effectifs", "--rapprochement", "--format", "json"]))
    ecarts = {(b["intitule"]["value"], b["grandeur"]["value"]): b for b in document["results"]["bindings"]}
    # Source, ligne des métiers supports : 818 imprimés, 819 recalculés à partir des métiers.
    supports = ecarts[("Métiers supports", "effectif")]
    assert (supports["imprime"]["value"], supports["calcule"]["value"]) == ("818", "819")
    assert supports["imprime"]["datatype"] == XSD + "integer"


def test_rapprochement_pour_un_lecteur_reste_a_la_francaise(capsys):
    texte = _sortie(capsys, ["effectifs"])
    assert "2\u202f799" in texte and "50,68 %" in texte and "Chiffres imprimés dans la source qui diffèrent des chiffres calculés" in texte


@pytest.mark.parametrize("format_", ["json", "csv", "tsv"])
def test_mobilites_un_seul_document(capsys, format_):
    texte = _sortie(capsys, ["mobilites", "0101", "--vers", "0301", "--format", format_])
    if format_ == "json":
        document = json.loads(texte)
        parties = {b["partie"]["value"] for b in document["results"]["bindings"]}
        pas = [b["pas"] for b in document["results"]["bindings"] if "pas" in b]
        assert pas and all(p["datatype"] == XSD + "integer" for p in pas)
    else:
        lignes = list(csv.reader(io.StringIO(texte), delimiter="," if format_ == "csv" else "\t"))
        assert all(len(ligne) == len(lignes[0]) for ligne in lignes)
        parties = {ligne[0] for ligne in lignes[1:]}
    assert len(parties) == 3
