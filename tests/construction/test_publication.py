"""La publication lue par des outils standard : JSON-LD hors ligne, DCAT-AP 3.0, comptes VoID."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, RDF
from rdflib.namespace import SH as SHACL

from cartographie.projet import Projet
from cartographie.vocab import DCAT, ID, VOID

FORMES_DCAT_AP = Path(__file__).parents[1] / "fixtures" / "dcat-ap"
# Les avertissements DCAT-AP que la publication garde, chacun expliqué dans docs/publication.md.
AVERTISSEMENTS_ATTENDUS = {
    (str(ID["distribution-referentiels-nt"]), str(DCTERMS.license)),
}


@pytest.fixture(scope="module")
def export() -> Path:
    return Projet.par_defaut().export


def _refuser(url: str, options: object = None) -> object:
    raise AssertionError(f"le document JSON-LD a demandé {url}")


def test_le_jsonld_se_developpe_hors_ligne_en_les_memes_triplets_que_le_turtle(export: Path) -> None:
    document = json.loads((export / "cartographie.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict), "le contexte doit être inclus, pas une URL"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": _refuser})
    par_pyld = Graph().parse(data=nquads, format="nt")
    turtle = Graph().parse(export / "cartographie.ttl", format="turtle")
    assert par_pyld.isomorphic(turtle)
    par_rdflib = Graph().parse(export / "cartographie.jsonld", format="json-ld")
    assert par_rdflib.isomorphic(turtle)


def test_oxigraph_lit_le_jsonld_comme_le_turtle(export: Path) -> None:
    def triplets(nom: str, format_: ox.RdfFormat) -> set[str]:
        return {str(t) for t in ox.parse(path=str(export / nom), format=format_)}

    assert triplets("cartographie.jsonld", ox.RdfFormat.JSON_LD) == triplets("cartographie.ttl", ox.RdfFormat.TURTLE)


def _rapport_dcat_ap(export: Path) -> Graph:
    formes = Graph()
    for nom in ("shapes.ttl", "shapes_recommended.ttl", "range.ttl"):
        formes.parse(FORMES_DCAT_AP / nom, format="turtle")
    donnees = Graph().parse(export / "cartographie.nt", format="nt")
    _, rapport, _ = validate(donnees, shacl_graph=formes, inference="none", allow_warnings=True)
    return rapport


def test_dcat_ap_3_aucune_violation_et_seuls_les_avertissements_documentes(export: Path) -> None:
    rapport = _rapport_dcat_ap(export)
    resultats = [(r, rapport.value(r, SHACL.resultSeverity)) for r in rapport.subjects(RDF.type, SHACL.ValidationResult)]
    violations = [str(rapport.value(r, SHACL.resultMessage)) for r, s in resultats if s == SHACL.Violation]
    assert violations == []
    avertissements = {(str(rapport.value(r, SHACL.focusNode)), str(rapport.value(r, SHACL.resultPath)))
                      for r, s in resultats if s == SHACL.Warning}
    assert avertissements == AVERTISSEMENTS_ATTENDUS
    documentation = (Path(__file__).parents[2] / "docs" / "publication.md").read_text(encoding="utf-8")
    assert "distribution-referentiels-nt" in documentation


def _description(export: Path) -> Graph:
    return Graph().parse(export / "cartographie.nt", format="nt")


def _compte(g: Graph, jeu: object, propriete: object) -> int:
    valeur = g.value(jeu, propriete)
    assert isinstance(valeur, Literal), (jeu, propriete)
    return int(valeur)


@pytest.mark.parametrize("fichier, format_", [("cartographie.nt", "nt"), ("cartographie.ttl", "turtle"),
                                              ("cartographie.jsonld", "json-ld")])
def test_void_triples_de_la_cartographie_compte_chaque_distribution(export: Path, fichier: str, format_: str) -> None:
    g = _description(export)
    lu = Graph().parse(export / fichier, format=format_)
    jeu = ID["jeu-de-donnees"]
    assert _compte(g, jeu, VOID.triples) == len(lu)
    assert _compte(g, jeu, VOID.distinctSubjects) == len(set(lu.subjects()))
    assert _compte(g, jeu, VOID.distinctObjects) == len(set(lu.objects()))
    assert _compte(g, jeu, VOID.properties) == len(set(lu.predicates()))
    assert _compte(g, jeu, VOID.classes) == len(set(lu.objects(None, RDF.type)))
    assert (jeu, DCAT.distribution, ID[f"distribution-{fichier.replace('.', '-')}"]) in g


def test_l_extrait_rome_rncp_est_son_propre_jeu_de_donnees(export: Path) -> None:
    g = _description(export)
    extrait = ID["jeu-de-donnees-referentiels"]
    lignes = [ligne for ligne in (export / "referentiels.nt").read_text(encoding="utf-8").splitlines() if ligne.strip()]
    assert _compte(g, extrait, VOID.triples) == len(set(lignes))
    assert (ID["jeu-de-donnees"], DCAT.distribution, ID["distribution-referentiels-nt"]) not in g
    assert (extrait, DCAT.distribution, ID["distribution-referentiels-nt"]) in g
    createurs = {str(g.value(c, FOAF.name)) for c in g.objects(extrait, DCTERMS.creator)}
    assert createurs == {"France Travail", "France Compétences"}
    assert len(list(g.objects(extrait, DCTERMS.license))) == 2
    catalogue = ID["catalogue"]
    assert set(g.objects(catalogue, DCAT.dataset)) == {ID["jeu-de-donnees"], extrait}
    assert (catalogue, RDF.type, DCAT.Catalog) in g


def test_le_changelog_a_une_entree_par_version() -> None:
    racine = Path(__file__).parents[2]
    journal = (racine / "CHANGELOG.md").read_text(encoding="utf-8")
    version = next(ligne.split('"')[1] for ligne in (racine / "pyproject.toml").read_text().splitlines() if ligne.startswith("version"))
    assert f"## [{version}]" in journal



