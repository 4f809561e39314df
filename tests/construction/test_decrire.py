"""La branche est une donnée : ce que la description DCAT dit de la branche vient de `donnees/branche.ttl`,
rien du code ; sans ce fichier, la construction s'arrête avec un message."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from cartographie.construction.decrire import description, jeu_de_donnees
from cartographie.erreurs import ErreurEntree
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, DCAT, VOID

AUTRE = """
@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix void: <http://rdfs.org/ns/void#> . @prefix cma: <https://w3id.org/metiers-assistance/def#> .
<https://exemple.org/b/id/catalogue> a dcat:Catalog .
<https://exemple.org/b/id/jeu-de-donnees> a dcat:Dataset ; cma:nomBranche "Exemple"@fr ;
    void:uriSpace "https://exemple.org/b/id/" ; dcat:landingPage <https://exemple.org/b/> ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    dcterms:publisher <https://exemple.org/b/id/observatoire> .
"""


def test_la_description_de_l_assistance_vient_de_branche_ttl() -> None:
    donnees = charger([Projet.par_defaut().donnees / "branche.ttl"])
    jeu = jeu_de_donnees(donnees)
    assert donnees.value(jeu, CMA.nomBranche) == Literal("Assistance", lang="fr")
    assert str(donnees.value(donnees.value(jeu, DCTERMS.creator), FOAF.name)).startswith("Observatoire des Métiers")


def test_une_autre_branche_a_ses_propres_iri_de_distribution() -> None:
    donnees = Graph().parse(data=AUTRE, format="turtle")
    g = description(donnees, "")
    jeu = URIRef("https://exemple.org/b/id/jeu-de-donnees")
    assert set(g.objects(jeu, VOID.dataDump)) == {URIRef(f"https://exemple.org/b/cartographie.{x}")
                                                  for x in ("ttl", "nt", "jsonld")}
    assert all(str(d).startswith("https://exemple.org/b/id/distribution-") for d in g.objects(jeu, DCAT.distribution))
    assert not any("metiers-assistance/id" in str(t) for triple in g for t in triple)
    assert (jeu, RDF.type, DCAT.Dataset) not in g  # déclaré par les données, pas ajouté par le code
    assert (URIRef("https://exemple.org/b/id/catalogue"), DCAT.dataset, jeu) in g


def test_sans_jeu_de_donnees_la_construction_s_arrete() -> None:
    with pytest.raises(ErreurEntree, match="exactement un jeu de données"):
        description(Graph(), "")
