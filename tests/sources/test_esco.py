"""Import d'ESCO et lecture de la table ROME ↔ ESCO, sur des extraits des fichiers officiels
(`tests/fixtures/referentiels/esco/` et `esco-rome/`, découpés par `scripts/decouper-referentiels`)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from cartographie.erreurs import ErreurEntree
from cartographie.sources.esco import importer_esco, liens_rome_esco, table_rome_esco
from cartographie.vocab import CMA, ESCO_MODELE

FIXTURES = Path(__file__).parent.parent / "fixtures" / "referentiels"
STANDARDISTE = URIRef("http://data.europa.eu/esco/occupation/0bf68df5-e808-4c27-abf2-6f85440f2d7f")


@pytest.fixture(scope="module")
def esco(tmp_path_factory) -> Graph:
    bilan = importer_esco(FIXTURES / "esco", tmp_path_factory.mktemp("esco"))
    return Graph().parse(bilan.fichier, format="nt")


def _csv(chemin: Path) -> list[dict[str, str]]:
    with chemin.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_libelles_francais_du_fichier_et_anglais_de_broader_relations(esco: Graph):
    """L'export fourni est en français : `preferredLabel` y est français ; le libellé anglais n'est que dans
    la colonne `conceptLabel` de broaderRelationsOccPillar_fr.csv."""
    occupation = next(ligne for ligne in _csv(FIXTURES / "esco" / "occupations_fr.csv") if ligne["conceptUri"] == str(STANDARDISTE))
    anglais = next(ligne for ligne in _csv(FIXTURES / "esco" / "broaderRelationsOccPillar_fr.csv")
                   if ligne["conceptUri"] == str(STANDARDISTE))
    assert (occupation["preferredLabel"], anglais["conceptLabel"]) == ("standardiste", "telephone switchboard operator")
    assert (STANDARDISTE, RDF.type, ESCO_MODELE.Occupation) in esco
    assert set(esco.objects(STANDARDISTE, SKOS.prefLabel)) == {Literal("standardiste", lang="fr"),
                                                               Literal("telephone switchboard operator", lang="en")}
    assert esco.value(STANDARDISTE, SKOS.notation) == Literal(occupation["code"])


def test_groupe_isco_de_l_occupation(esco: Graph):
    groupe = esco.value(STANDARDISTE, CMA.groupeIsco)
    assert groupe == URIRef("http://data.europa.eu/esco/isco/C4223")
    assert esco.value(groupe, SKOS.notation) == Literal("4223")
    assert Literal("Telephone switchboard operators", lang="en") in set(esco.objects(groupe, SKOS.prefLabel))


def test_la_table_retenue_est_celle_de_la_version_d_esco_la_plus_recente():
    """Deux éditions : FR_20230104 (préambule « Classification 1 Version,1.1 ») et FR_20230607 (1.0.9) ; le
    nom de fichier le plus récent n'est pas la version la plus récente."""
    preambule = (FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv").read_text(encoding="utf-8").splitlines()
    assert "Classification 1 Version,1.1" in preambule
    chemin, version = table_rome_esco(FIXTURES / "esco-rome")
    assert (chemin.name, version) == ("FR_20230104_mapping_esco_rome.csv", "1.1")


def test_liens_lus_apres_le_preambule():
    liens = liens_rome_esco(FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv")
    brut = (FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv").read_text(encoding="utf-8").splitlines()
    assert len(liens) == len(brut) - brut.index(next(ligne for ligne in brut if ligne.startswith("classification 1 ID"))) - 1
    standardiste = [lien for lien in liens if lien.libelle_appellation == "Standardiste"]
    assert [(lien.occupation, lien.relation) for lien in standardiste] == [(str(STANDARDISTE), "skos:exactMatch")]


def test_table_sans_en_tete_refusee(tmp_path: Path):
    fautive = tmp_path / "FR_mapping_esco_rome.csv"
    fautive.write_text("Mapping project name,ESCO - ROME\n\n", encoding="utf-8")
    with pytest.raises(ErreurEntree, match="en-tête « classification 1 ID, … » introuvable"):
        table_rome_esco(tmp_path)


def test_relation_hors_skos_refusee(tmp_path: Path):
    texte = (FIXTURES / "esco-rome" / "FR_20230607_mapping_esco_rome.csv").read_text(encoding="utf-8")
    fautive = tmp_path / "FR_20230607_mapping_esco_rome.csv"
    fautive.write_text(texte.replace("skos:exactMatch", "skos:sameAs", 1), encoding="utf-8")
    with pytest.raises(ErreurEntree, match="relation « skos:sameAs »"):
        liens_rome_esco(fautive)
