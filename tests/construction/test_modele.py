"""Le modèle lu comme un ontologue et comme un utilisateur de données : ce qu'est un métier, les libellés,
la hiérarchie entre schémas, les types et les définitions de chaque terme (issue 10, points 1 à 3, 6 et 7)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD

from cartographie.io.oxigraph import vers_rdflib
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, SCHEMA, SKOSXL

COMPTE_METIERS = "PREFIX cma: <https://w3id.org/metiers-assistance/def#> SELECT (COUNT(?m) AS ?n) { ?m a cma:Metier }"


@pytest.fixture(scope="module")
def ontologie() -> Graph:
    return charger([Projet.par_defaut().ontologie])


@pytest.fixture(scope="module")
def formes() -> Graph:
    return charger([Projet.par_defaut().formes])


def _termes(ontologie: Graph) -> set[URIRef]:
    return {s for s in ontologie.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(str(CMA))}


# 1. Ce qu'est un métier ----------------------------------------------------------------------

def test_cma_metier_compte_les_39_metiers_codifies(publication: Graph, lignes_source: list[str]):
    codes = {ligne.split()[0] for ligne in lignes_source[346:497] if re.match(r"^\d{4} ", ligne)}
    assert len(codes) == 39
    assert int(next(iter(publication.query(COMPTE_METIERS)))[0]) == 39
    assert {str(publication.value(m, SKOS.notation)) for m in publication.subjects(RDF.type, CMA.Metier)} == codes


def test_les_autres_sortes_de_metiers_sont_des_classes_soeurs(ontologie: Graph):
    sortes = (CMA.Metier, CMA.MetierSpecialise, CMA.MetierHorsNomenclature)
    for sorte in sortes:
        assert set(ontologie.objects(sorte, RDFS.subClassOf)) == {SKOS.Concept, SCHEMA.Occupation}
    disjointes = {frozenset((a, b)) for a, b in ontologie.subject_objects(OWL.disjointWith)}
    assert disjointes >= {frozenset((a, b)) for a in sortes for b in sortes if a != b}


def test_les_formes_des_metiers_sont_en_shacl_core(formes: Graph):
    """Plus de contournement « FILTER NOT EXISTS { $this a cma:MetierSpecialise } » : les contraintes
    SPARQL qui restent comparent deux ressources, ce que SHACL Core ne sait pas dire."""
    requetes = [str(o) for o in formes.objects(None, SH.select)]
    assert not [r for r in requetes if "FILTER NOT EXISTS" in r]
    assert len(requetes) <= 5


# 2. Libellés -------------------------------------------------------------------------------

def test_les_formes_genrees_restent_en_owl_2_dl(ontologie: Graph):
    """Une sous-propriété d'une propriété d'annotation (skos:altLabel) est elle-même une annotation."""
    for propriete in (CMA.libelleMasculin, CMA.libelleFeminin):
        assert (propriete, RDF.type, OWL.AnnotationProperty) in ontologie
        assert (propriete, RDF.type, OWL.DatatypeProperty) not in ontologie
    for sous, sur in ontologie.subject_objects(RDFS.subPropertyOf):
        if sur in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            assert (sous, RDF.type, OWL.AnnotationProperty) in ontologie, sous


def test_une_autre_denomination_est_modelisee_une_fois(publication: Graph):
    """Un libellé SKOS-XL du métier, pas un concept à côté d'un skos:altLabel saisi."""
    donnees = charger([Projet.par_defaut().donnees / "fiches"])
    assert not list(donnees.subject_objects(SKOS.altLabel))
    emplois = set(publication.subjects(RDF.type, CMA.Emploi))
    assert len(emplois) == 65
    for emploi in emplois:
        assert (emploi, RDF.type, SKOS.Concept) not in publication
        metier = publication.value(None, SKOSXL.altLabel, emploi)
        assert (metier, SKOS.altLabel, publication.value(emploi, SKOSXL.literalForm)) in publication


def test_aucun_libelle_a_la_fois_prefere_et_alternatif(publication: Graph):
    for s, libelle in publication.subject_objects(SKOS.prefLabel):
        assert (s, SKOS.altLabel, libelle) not in publication, (s, libelle)


# 3. Hiérarchie entre schémas ---------------------------------------------------------------

@pytest.fixture(scope="module")
def extrait() -> Graph:
    """Ce que ces tests lisent de l'extrait des référentiels : hiérarchies, schémas, types des fiches ROME (lus
    par pyoxigraph et filtrés : les 96 000 triplets dans rdflib coûtaient 5 s par processus de la suite)."""
    proprietes = {str(SKOS.broader), str(SKOS.inScheme), str(SKOS.broadMatch)}
    types = {str(CMA.FicheRome), str(CMA.CodeRomeV3)}
    return vers_rdflib(t for t in ox.parse(path=str(Projet.par_defaut().extrait), format=ox.RdfFormat.N_TRIPLES)
                       if t.predicate.value in proprietes or (t.predicate.value == str(RDF.type) and t.object.value in types))


def test_pas_de_skos_broader_entre_deux_schemas(publication: Graph, extrait: Graph):
    """skos:broader (déduit compris) relie deux concepts d'un même schéma ; entre schémas, c'est une
    correspondance (skos:broadMatch…). Vaut aussi pour l'extrait des référentiels (ROME 4.0 → v3)."""
    for graphe in (publication, extrait):
        for a, b in graphe.subject_objects(SKOS.broader):
            schemas_a, schemas_b = set(graphe.objects(a, SKOS.inScheme)), set(graphe.objects(b, SKOS.inScheme))
            assert schemas_a & schemas_b, (a, b)


def test_rome_4_vers_v3_est_une_correspondance(extrait: Graph):
    fiches = set(extrait.subjects(RDF.type, CMA.FicheRome))
    v3 = set(extrait.subjects(RDF.type, CMA.CodeRomeV3))
    liens = [(a, b) for a, b in extrait.subject_objects(SKOS.broadMatch) if a in fiches]
    assert liens and all(b in v3 for _, b in liens)


# 6. Types ----------------------------------------------------------------------------------

def _datatypes_des_formes(formes: Graph) -> dict[URIRef, set[URIRef]]:
    types: dict[URIRef, set[URIRef]] = {}
    for forme in formes.subjects(SH.path):
        chemin = formes.value(forme, SH.path)
        if isinstance(chemin, URIRef):
            for datatype in formes.objects(forme, SH.datatype):
                types.setdefault(chemin, set()).add(datatype)
            if (forme, SH.languageIn, None) in formes:
                types.setdefault(chemin, set()).add(RDF.langString)
    return types


def test_portees_de_l_ontologie_et_types_des_formes_concordent(ontologie: Graph, formes: Graph):
    verifiees = 0
    for propriete, types in _datatypes_des_formes(formes).items():
        portee = ontologie.value(propriete, RDFS.range)
        if portee is None or not str(propriete).startswith(str(CMA)):
            continue
        assert types == {portee}, (propriete, types, portee)
        verifiees += 1
    assert verifiees >= 15


def test_les_valeurs_publiees_ont_le_type_de_leur_portee(ontologie: Graph, publication: Graph):
    """Un effectif typé comme le dit l'ontologie passe les formes ; et chaque valeur publiée est de ce type."""
    for propriete in ontologie.subjects(RDF.type, OWL.DatatypeProperty):
        portee = ontologie.value(propriete, RDFS.range)
        for valeur in publication.objects(None, propriete):
            assert isinstance(valeur, Literal), (propriete, valeur)
            type_ = RDF.langString if valeur.language else (valeur.datatype or XSD.string)
            assert portee is None or type_ == portee, (propriete, valeur, portee)


def test_les_schemas_ont_des_notations_typees(ontologie: Graph):
    types_par_schema = {}
    for schema in (CMA.Frequences, CMA.Situations, CMA.Natures, CMA.NiveauxCECRL):
        notations = [n for c in ontologie.subjects(SKOS.inScheme, schema) for n in ontologie.objects(c, SKOS.notation)]
        types = {n.datatype for n in notations}
        assert len(types) == 1 and (types.pop(), RDF.type, RDFS.Datatype) in ontologie, schema
        types_par_schema[schema] = notations[0].datatype
    assert len(set(types_par_schema.values())) == 4
    un_frequence = Literal("1", datatype=CMA.CodeFrequence)
    assert list(ontologie.subjects(SKOS.notation, un_frequence)) == [CMA.frequenceMajorite]


# 7. Termes documentés ----------------------------------------------------------------------

def test_chaque_terme_cma_a_definitions_et_libelles_francais_et_anglais(ontologie: Graph):
    termes = _termes(ontologie)
    assert len(termes) > 90
    manques = []
    for terme in sorted(termes):
        libelles = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in ontologie.objects(terme, p)}
        definitions = {o.language for o in ontologie.objects(terme, SKOS.definition)}
        if not {"fr", "en"} <= libelles or not {"fr", "en"} <= definitions:
            manques.append(terme.n3(ontologie.namespace_manager))
    assert manques == []
