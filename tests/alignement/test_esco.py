"""Correspondances ESCO : la table relue `esco.sssom.tsv`, sa dérivation par chaînage confrontée aux
extraits des fichiers officiels, et sa publication (IRI ESCO, libellés anglais, groupes ISCO-08)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from cartographie.alignement.esco import chainer
from cartographie.io.sssom import AUCUNE, lire_sssom
from cartographie.projet import Projet
from cartographie.sources.esco import liens_rome_esco
from cartographie.sparql.catalogue import catalogue, lier
from cartographie.sparql.moteurs import Embarque
from cartographie.vocab import CMA, ID

FIXTURES = Path(__file__).parent.parent / "fixtures" / "referentiels"
ESCO = "http://data.europa.eu/esco/occupation/"


def _table(nom: str):
    return lire_sssom(Projet.par_defaut().alignements / nom)


def _csv(chemin: Path) -> list[dict[str, str]]:
    with chemin.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_chaque_metier_et_chaque_specialiste_a_une_correspondance_esco_relue():
    """Mêmes sujets que l'alignement ROME (39 métiers, 10 métiers recensés) ; chaque ligne est justifiée par
    chaînage, relue (reviewer_id) et commentée ; « aucune » quand la chaîne ne mène à rien qui convienne."""
    esco, rome = _table("esco.sssom.tsv"), _table("rome.sssom.tsv")
    sujets = {ligne["subject_id"] for ligne in esco.lignes}
    assert sujets == {ligne["subject_id"] for ligne in rome.lignes}
    assert len(sujets) == 49
    for ligne in esco.lignes:
        assert ligne["mapping_justification"] == "semapv:MappingChaining"
        assert ligne["reviewer_id"] == "cmaid:equipe-cartographie"
        assert ligne["comment"].strip()
    assert {ligne["subject_id"] for ligne in esco.lignes if ligne["object_id"] == AUCUNE} >= {
        "cmaid:metier-0104", "cmaid:metier-0501"}


def test_chaque_correspondance_relue_suit_une_chaine_de_la_table_officielle():
    """Recalculées sur les extraits de la table ROME ↔ ESCO et des appellations ROME, les chaînes atteignent
    chaque occupation de la table relue depuis le métier relu."""
    appellations = {ligne["code_ogr"]: (ligne["code_rome"], ligne["libelle_appellation_long"])
                    for ligne in _csv(FIXTURES / "esco-rome" / "unix_referentiel_appellation_v460_utf8.csv")}
    liens = liens_rome_esco(FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv")
    atteintes = {(c.sujet, c.occupation) for c in chainer(_table("rome.sssom.tsv"), appellations, liens)}
    relues = {(ligne["subject_id"], ESCO + ligne["object_id"].removeprefix("esco:"))
              for ligne in _table("esco.sssom.tsv").lignes if ligne["object_id"] != AUCUNE}
    assert relues <= atteintes


def test_le_chainage_compose_la_confiance_et_la_relation():
    """0202 → D1436 (closeMatch, 0.90) ; l'appellation « Assistant / Assistante de régulation médicale » a pour
    correspondance proche « standardiste aux urgences médicales » : candidat proche, score 0,9 × 0,8."""
    appellations = {ligne["code_ogr"]: (ligne["code_rome"], ligne["libelle_appellation_long"])
                    for ligne in _csv(FIXTURES / "esco-rome" / "unix_referentiel_appellation_v460_utf8.csv")}
    liens = liens_rome_esco(FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv")
    (candidat,) = [c for c in chainer(_table("rome.sssom.tsv"), appellations, liens) if c.sujet == "cmaid:metier-0202"]
    assert candidat.libelle_occupation == "standardiste aux urgences médicales"
    assert (candidat.predicat, candidat.score) == ("skos:closeMatch", pytest.approx(0.72))
    assert "skos:closeMatch D1436" in candidat.chaine[0]


@pytest.fixture(scope="module")
def moteur() -> Embarque:
    return Embarque(Projet.par_defaut().publies)


def test_iri_libelles_anglais_et_isco_publies_sur_les_metiers(publication: Graph, moteur: Embarque):
    """0202 closeMatch « standardiste aux urgences médicales » : IRI ESCO sur le métier, libellé anglais
    (broaderRelationsOccPillar) et groupe ISCO-08 4223 (colonne iscoGroup d'occupations_fr)."""
    occupation = URIRef(ESCO + "68450507-b4a0-40e0-895b-385fe705be10")
    ligne = next(ligne for ligne in _csv(FIXTURES / "esco" / "occupations_fr.csv") if ligne["conceptUri"] == str(occupation))
    anglais = next(ligne for ligne in _csv(FIXTURES / "esco" / "broaderRelationsOccPillar_fr.csv")
                   if ligne["conceptUri"] == str(occupation))
    assert (ID["metier-0202"], SKOS.closeMatch, occupation) in publication
    lignes = moteur.select(lier(catalogue(Projet.par_defaut().requetes)["esco"], {})).lignes
    (trouvee,) = [ligne_ for ligne_ in lignes if ligne_["code"].valeur == "0202"]
    assert trouvee["esco"].valeur == str(occupation)
    assert trouvee["libelleEn"].valeur == anglais["conceptLabel"]
    assert trouvee["isco"].valeur == ligne["iscoGroup"] == "4223"
    assert _groupes_isco(moteur, "metier-0202") == ["http://data.europa.eu/esco/isco/C4223"]
    anglais_publies = moteur.select(f'SELECT ?l WHERE {{ <{occupation}> <{SKOS.prefLabel}> ?l FILTER (LANG(?l) = "en") }}')
    assert anglais["conceptLabel"] in {ligne["l"].valeur for ligne in anglais_publies.lignes}


def _groupes_isco(moteur: Embarque, metier: str) -> list[str]:
    """Les groupes ISCO-08 publiés sur un métier (l'extrait des référentiels est dans le magasin)."""
    return [ligne["g"].valeur for ligne in moteur.select(f"SELECT ?g WHERE {{ <{ID[metier]}> <{CMA.groupeIsco}> ?g }}").lignes]


def test_un_lien_voisin_ne_place_pas_le_metier_dans_le_groupe_isco(moteur: Embarque):
    """0301 n'a qu'un relatedMatch vers ESCO : pas de groupe ISCO-08 pour lui."""
    predicats = {ligne["predicate_id"] for ligne in _table("esco.sssom.tsv").lignes if ligne["subject_id"] == "cmaid:metier-0301"}
    assert predicats == {"skos:relatedMatch"}
    assert _groupes_isco(moteur, "metier-0301") == []


def test_les_candidats_esco_sont_des_lignes_de_machine(tmp_path: Path):
    """La table des candidats : justification MappingChaining, mapping_tool, similarity_score dans [0, 1]."""
    from cartographie.alignement.esco import table_candidats_esco

    appellations = {ligne["code_ogr"]: (ligne["code_rome"], ligne["libelle_appellation_long"])
                    for ligne in _csv(FIXTURES / "esco-rome" / "unix_referentiel_appellation_v460_utf8.csv")}
    liens = liens_rome_esco(FIXTURES / "esco-rome" / "FR_20230104_mapping_esco_rome.csv")
    chemin = tmp_path / "esco.sssom.tsv"
    chemin.write_text(table_candidats_esco(chainer(_table("rome.sssom.tsv"), appellations, liens), "2026-11-28"),
                      encoding="utf-8")
    lignes = lire_sssom(chemin, ("mapping_tool", "similarity_score")).lignes
    assert lignes and {ligne["mapping_justification"] for ligne in lignes} == {"semapv:MappingChaining"}
    assert {ligne["mapping_tool"] for ligne in lignes} == {"cartographie aligner-esco"}
    assert all(0 < float(ligne["similarity_score"]) <= 1 for ligne in lignes)
