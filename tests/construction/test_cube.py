"""Les effectifs en RDF Data Cube : les 21 contraintes d'intégrité du W3C (requetes/qualite/cube-ic-*.rq)
ne renvoient rien sur la publication, qui est sous forme normalisée ; chacune attrape un cube cassé exprès
(issue 10, point 4)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from cartographie.projet import Projet
from cartographie.sparql.catalogue import catalogue
from cartographie.vocab import CMA, ID, QB, SDMX_DIMENSION

PREFIXES = """@prefix qb: <http://purl.org/linked-data/cube#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix : <http://exemple.org/> .
"""
# Un petit cube correct, sous forme normalisée, que chaque cas casse d'une seule façon.
CUBE = PREFIXES + """
:dsd a qb:DataStructureDefinition ; qb:component :cd , :cm .
:cd qb:dimension :d ; qb:componentProperty :d . :cm qb:measure :m ; qb:componentProperty :m .
:d a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList :liste .
:m a qb:MeasureProperty .
:liste a skos:ConceptScheme . :a a skos:Concept ; skos:inScheme :liste . :b a skos:Concept ; skos:inScheme :liste .
:jeu a qb:DataSet ; qb:structure :dsd .
:o1 a qb:Observation ; qb:dataSet :jeu ; :d :a ; :m 1 .
:o2 a qb:Observation ; qb:dataSet :jeu ; :d :b ; :m 2 .
"""
CASSES = {
    "cube-ic-01-jeu-unique": ":o1 qb:dataSet :autre .",
    "cube-ic-02-structure-unique": ":jeu qb:structure :autre .",
    "cube-ic-03-structure-avec-mesure": ":vide a qb:DataStructureDefinition ; qb:component :cd .",
    "cube-ic-04-dimension-avec-portee": ":sansPortee a qb:DimensionProperty .",
    "cube-ic-05-liste-de-codes": ":sansListe a qb:DimensionProperty ; rdfs:range skos:Concept .",
    "cube-ic-06-seuls-attributs-facultatifs": ":cm qb:componentRequired false . :dsd qb:component :cm .",
    "cube-ic-07-cles-de-tranche-declarees": ":cle a qb:SliceKey .",
    "cube-ic-08-cles-de-tranche-coherentes": ":cle a qb:SliceKey ; qb:componentProperty :autre . :dsd qb:sliceKey :cle .",
    "cube-ic-09-structure-de-tranche-unique": ":tranche a qb:Slice .",
    "cube-ic-10-dimensions-de-tranche": ":cle qb:componentProperty :d . :tranche qb:sliceStructure :cle .",
    "cube-ic-11-dimensions-requises": ":o3 a qb:Observation ; qb:dataSet :jeu ; :m 3 .",
    "cube-ic-12-pas-de-doublon": ":o3 a qb:Observation ; qb:dataSet :jeu ; :d :a ; :m 3 .",
    "cube-ic-13-attributs-requis": ":dsd qb:component :ca . :ca qb:attribute :att ; qb:componentProperty :att ; "
                                   "qb:componentRequired true . :att a qb:AttributeProperty .",
    "cube-ic-14-toutes-les-mesures": ":o3 a qb:Observation ; qb:dataSet :jeu ; :d :c . :c a skos:Concept ; skos:inScheme :liste .",
    "cube-ic-15-dimension-de-mesure-coherente": ":dsd qb:component :ct . :ct qb:componentProperty qb:measureType . "
                                                ":o1 qb:measureType :autreMesure .",
    "cube-ic-16-une-mesure-par-observation": ":dsd qb:component :ct , :cm2 . :ct qb:componentProperty qb:measureType . "
                                             ":cm2 qb:componentProperty :m2 . :m2 a qb:MeasureProperty . "
                                             ":o1 qb:measureType :m ; :m2 5 .",
    "cube-ic-17-toutes-les-mesures-par-dimension": ":dsd qb:component :ct , :cm2 . :ct qb:componentProperty qb:measureType . "
                                                   ":cm2 qb:componentProperty :m2 . :m2 a qb:MeasureProperty . "
                                                   ":o1 qb:measureType :m . :o2 qb:measureType :m .",
    "cube-ic-18-liens-de-tranche": ":autre a qb:DataSet ; qb:slice :tranche . :tranche qb:observation :o1 .",
    "cube-ic-19-codes-de-la-liste": ":o2 :d :horsListe .",
    "cube-ic-20-codes-de-la-hierarchie": ":h a qb:HierarchicalCodeList ; qb:hierarchyRoot :a ; qb:parentChildProperty skos:narrower . "
                                         ":d2 a qb:DimensionProperty ; qb:codeList :h . :dsd qb:component :cd2 . "
                                         ":cd2 qb:componentProperty :d2 . :o1 :d2 :b . :o2 :d2 :a .",
    "cube-ic-21-codes-de-la-hierarchie-inverse": ":h a qb:HierarchicalCodeList ; qb:hierarchyRoot :a ; "
                                                 "qb:parentChildProperty [ owl:inverseOf skos:broader ] . "
                                                 ":d2 a qb:DimensionProperty ; qb:codeList :h . :dsd qb:component :cd2 . "
                                                 ":cd2 qb:componentProperty :d2 . :o1 :d2 :b . :o2 :d2 :a .",
}

# L'algorithme de normalisation du W3C (section 10.2), phases 1 et 2.
NORMALISATION = """
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o } ;
INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] } ;
INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty } WHERE { ?cs qb:dimension ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty } WHERE { ?cs qb:measure ?p } ;
INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty } WHERE { ?cs qb:attribute ?p } ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
  ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value . ?obs qb:dataSet ?dataset } ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice . ?slice ?comp ?value ; qb:observation ?obs } ;
INSERT { ?obs ?comp ?value } WHERE {
  ?spec qb:componentProperty ?comp . ?comp a qb:DimensionProperty .
  ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice . ?slice ?comp ?value ; qb:observation ?obs }
"""


@pytest.fixture(scope="module")
def contraintes() -> dict:
    return {nom: requete for nom, requete in catalogue(Projet.par_defaut().requetes / "qualite").items()
            if nom.startswith("cube-ic-")}


def test_les_21_contraintes_du_w3c_sont_des_controles_qualite(contraintes):
    assert sorted(int(nom.split("-")[2]) for nom in contraintes) == list(range(1, 22))


def test_la_publication_est_sous_forme_normalisee(publication: Graph):
    copie = Graph()
    copie += publication
    copie.update(NORMALISATION)
    assert len(copie) == len(publication)


def test_aucune_contrainte_violee_par_la_publication(publication: Graph, contraintes):
    violations = {nom: len(list(publication.query(r.texte))) for nom, r in contraintes.items()}
    assert violations == dict.fromkeys(contraintes, 0)


def test_le_petit_cube_est_correct(contraintes):
    cube = Graph().parse(data=CUBE, format="turtle")
    assert all(not list(cube.query(r.texte)) for r in contraintes.values())


@pytest.mark.parametrize("nom", sorted(CASSES))
def test_chaque_contrainte_attrape_sa_violation(contraintes, nom: str):
    """Sur les deux moteurs indépendants : rdflib et Oxigraph."""
    cube = Graph().parse(data=CUBE + CASSES[nom], format="turtle")
    assert list(cube.query(contraintes[nom].texte)), nom
    magasin = ox.Store()
    magasin.load(cube.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    assert list(magasin.query(contraintes[nom].texte)), f"{nom} sur Oxigraph"


def test_metiers_et_agregats_dans_deux_jeux(publication: Graph):
    """Additionner les observations d'un jeu ne compte jamais deux fois."""
    metiers = set(publication.subjects(RDF.type, CMA.Metier))
    par_jeu: dict = {}
    for o in publication.subjects(RDF.type, QB.Observation):
        par_jeu.setdefault(publication.value(o, QB.dataSet), []).append(o)
    assert {publication.value(o, CMA.perimetre) for o in par_jeu[ID["effectifs-2007"]]} == metiers
    assert not {publication.value(o, CMA.perimetre) for o in par_jeu[ID["effectifs-2007-agregats"]]} & metiers
    assert sum(int(publication.value(o, CMA.effectif)) for o in par_jeu[ID["effectifs-2007"]]) == 4961
    assert len(par_jeu[ID["effectifs-2007-agregats"]]) == 9 + 2 + 3


def test_perimetre_a_une_liste_de_codes_et_un_concept(publication: Graph):
    concept = publication.value(CMA.perimetre, QB.concept)
    assert concept is not None and concept != CMA.perimetre
    assert (concept, RDF.type, SKOS.Concept) in publication
    assert publication.value(CMA.perimetre, QB.codeList) is not None


def test_nombre_de_societes_est_une_mesure_et_la_periode_celle_de_sdmx(publication: Graph):
    assert (CMA.nombreSocietes, RDF.type, QB.MeasureProperty) in publication
    assert (CMA.nombreSocietes, RDF.type, QB.AttributeProperty) not in publication
    for o in publication.subjects(RDF.type, QB.Observation):
        assert publication.value(o, SDMX_DIMENSION.refPeriod) == Literal("2007-07-01", datatype=XSD.date)
    assert not list(publication.triples((None, CMA.dateReference, None)))
