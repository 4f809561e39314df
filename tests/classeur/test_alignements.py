"""La feuille Alignements : les correspondances relues de donnees/alignements/*.sssom.tsv, une par ligne,
relation et justification choisies dans une liste ; exportées, réimportées et publiées à l'identique (le
test d'aller-retour retire les tables SSSOM de la copie : seul l'import les rend). Les faits attendus
sont lus dans la table SSSOM (csv) et dans le classeur (openpyxl), pas dans ce que le projet calcule."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD

from cartographie.classeur import exporter
from cartographie.construction.construire import Construction, publier
from cartographie.projet import Projet
from cartographie.vocab import SSSOM

DEPOT = Projet.par_defaut()
PROPRETE = Path(__file__).parents[1] / "fixtures" / "branche-proprete"


def _sssom(chemin: Path) -> list[dict[str, str]]:
    lignes = [ligne for ligne in chemin.read_text(encoding="utf-8").splitlines() if not ligne.startswith("#")]
    return list(csv.DictReader(lignes, delimiter="\t"))


def _feuille(classeur: Path, nom: str) -> list[dict[str, object]]:
    lignes = list(load_workbook(classeur, read_only=True)[nom].iter_rows(values_only=True))
    return [dict(zip(lignes[0], ligne, strict=True)) for ligne in lignes[1:] if any(v is not None for v in ligne)]


@pytest.fixture(scope="module")
def classeur(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chemin = tmp_path_factory.mktemp("classeur") / "carte.xlsx"
    exporter(DEPOT, chemin)
    return chemin


def test_une_ligne_par_correspondance_relue(classeur: Path) -> None:
    tables = sorted((DEPOT.donnees / "alignements").glob("*.sssom.tsv"))
    assert {t.name for t in tables} >= {"rome.sssom.tsv", "esco.sssom.tsv"}
    lignes = _feuille(classeur, "Alignements")
    assert len(lignes) == sum(len(_sssom(t)) for t in tables) > 80
    premiere = _sssom(DEPOT.donnees / "alignements" / "rome.sssom.tsv")[0]
    assert premiere["subject_id"] == "cmaid:metier-0101"
    rome = [ligne for ligne in lignes if ligne["Table"] == "rome"]
    assert {"Code métier": "0101", "Relation": premiere["predicate_id"], "Cible": premiere["object_id"],
            "Justification": premiere["mapping_justification"], "Confiance": premiere["confidence"]}.items() <= \
        rome[0].items()
    escos = _sssom(DEPOT.donnees / "alignements" / "esco.sssom.tsv")
    esco = [ligne for ligne in lignes if ligne["Table"] == "esco"]
    assert [ligne["Réviseurs"] for ligne in esco] == [ligne["reviewer_id"] for ligne in escos]
    recenses = [ligne for ligne in lignes if "/" in str(ligne["Code métier"])]
    assert {str(r["Code métier"]) for r in recenses} >= {"0104/psychologue"}
    entete = {(t["Clé"], t["Valeur"]) for t in _feuille(classeur, "Tables d'alignement")}
    assert ("mapping_set_id", "https://w3id.org/metiers-assistance/alignements/rome.sssom.tsv") in entete
    assert ("préfixe rome460", "https://w3id.org/metiers-assistance/ref/rome/v460/") in entete


def test_relation_et_justification_se_choisissent_dans_une_liste(classeur: Path) -> None:
    feuille = load_workbook(classeur)["Alignements"]
    entetes = [c.value for c in feuille[1]]
    colonnes = {chr(ord("A") + entetes.index(nom)) for nom in ("Relation", "Justification")}
    validees = {str(plage).split(":")[0].rstrip("0123456789") for v in feuille.data_validations.dataValidation
                if v.type == "list" for plage in str(v.sqref).split()}
    assert colonnes <= validees
    listes = load_workbook(classeur)["Listes"]
    valeurs = {c.value for colonne in listes.iter_cols() for c in colonne}
    assert {"skos:broadMatch", "skos:exactMatch", "semapv:ManualMappingCuration"} <= valeurs


@pytest.fixture(scope="module")
def proprete(tmp_path_factory: pytest.TempPathFactory) -> Construction:
    return publier(DEPOT.avec_branche(PROPRETE), tmp_path_factory.mktemp("proprete"), progression=lambda _: None)


def test_les_alignements_de_la_deuxieme_branche_sont_publies(proprete: Construction) -> None:
    g = proprete.publication
    assert proprete.violations == []
    espaces = {t["Clé"].removeprefix("préfixe "): t["Valeur"] for t in _feuille(PROPRETE / "carte.xlsx", "Tables d'alignement")
               if str(t["Clé"]).startswith("préfixe ")}
    lignes = _feuille(PROPRETE / "carte.xlsx", "Alignements")
    assert len(lignes) == 3
    for ligne in lignes:
        metier = URIRef(f"{espaces['pro']}metier-{ligne['Code métier']}")
        prefixe, _, local = str(ligne["Cible"]).partition(":")
        cible = URIRef(espaces[prefixe] + local)
        relation = SKOS[str(ligne["Relation"]).removeprefix("skos:")]
        assert (metier, relation, cible) in g
        axiome = next(a for a in g.subjects(OWL.annotatedSource, metier) if (a, OWL.annotatedTarget, cible) in g)
        assert g.value(axiome, SSSOM.confidence) == Literal(float(str(ligne["Confiance"])), datatype=XSD.double)
