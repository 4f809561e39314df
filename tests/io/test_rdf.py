"""Les écrivains rapides de la publication (`en_jsonld`, `en_turtle_trie`, `en_ntriples`) face aux sérialiseurs de rdflib."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from cartographie.io.rdf import en_jsonld, en_ntriples, en_turtle_trie
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID, PREFIXES, contexte_jsonld

_PROVISOIRES = {XSD.double: "urn:x-test:double", XSD.decimal: "urn:x-test:decimal"}


def _jsonld_rdflib(graphe: Graph) -> str:
    """La référence : le sérialiseur compact de rdflib, doubles et décimaux mis à l'abri sous un type
    provisoire (rdflib en ferait des nombres JSON), nœuds et valeurs triés."""
    copie = Graph()
    for s, p, o in graphe:
        if isinstance(o, Literal) and o.datatype in _PROVISOIRES:
            o = Literal(str(o), datatype=URIRef(_PROVISOIRES[o.datatype]))
        copie.add((s, p, o))
    contexte = contexte_jsonld()["@context"]
    texte = copie.serialize(format="json-ld", context=contexte, auto_compact=True)
    for iri, symbole in ((_PROVISOIRES[XSD.double], "xsd:double"), (_PROVISOIRES[XSD.decimal], "xsd:decimal")):
        texte = texte.replace(json.dumps(iri), json.dumps(symbole))
    brut = json.loads(texte)
    noeuds = brut.get("@graph", [brut]) if isinstance(brut, dict) else brut

    def trier(v: object) -> object:
        if isinstance(v, dict):
            return {k: trier(x) for k, x in v.items() if k != "@context"}
        if isinstance(v, list):
            return sorted((trier(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True, ensure_ascii=False))
        return v

    document = {"@context": contexte, "@graph": trier(noeuds)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _varie() -> Graph:
    g = Graph()
    metier, autre = ID["metier-0101"], ID["metier-0102"]
    g.add((metier, RDF.type, CMA.Metier))
    g.add((metier, RDF.type, SKOS.Concept))
    g.add((metier, SKOS.prefLabel, Literal("Chargé d'assistance", lang="fr")))
    g.add((metier, SKOS.prefLabel, Literal("Assistance officer", lang="en")))
    g.add((metier, SKOS.notation, Literal("0101")))
    g.add((metier, CMA.effectif, Literal(42)))
    g.add((metier, CMA.aucuneHabilitation, Literal(True)))
    g.add((metier, CMA.part, Literal("0.80", datatype=XSD.decimal)))
    g.add((metier, CMA.confiance, Literal("0.0", datatype=XSD.double)))
    g.add((metier, RDFS.seeAlso, URIRef("http://example.org/sans-prefixe/x")))
    g.add((metier, SKOS.related, autre))
    g.add((autre, SKOS.note, Literal('guillemets " et \\ et\nligne')))
    g.add((autre, RDFS.comment, Literal("2024-01-01", datatype=XSD.date)))
    noeud = BNode("b0")
    g.add((autre, SKOS.broader, noeud))
    g.add((noeud, RDFS.label, Literal("anonyme")))
    return g


def test_jsonld_identique_a_celui_de_rdflib():
    g = _varie()
    assert en_jsonld(g) == _jsonld_rdflib(g)


def test_jsonld_de_la_publication_identique_a_celui_de_rdflib():
    publication = Graph().parse(Projet.par_defaut().export / "cartographie.nt", format="nt")
    assert en_jsonld(publication) == _jsonld_rdflib(publication)


def test_jsonld_relu_par_oxigraph_donne_le_meme_graphe():
    g = _varie()
    relu = Graph().parse(data=ox.serialize(ox.parse(en_jsonld(g), format=ox.RdfFormat.JSON_LD),
                                           format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    assert isomorphic(g, relu)


def test_turtle_trie_relu_donne_le_meme_graphe():
    g = _varie()
    assert isomorphic(g, Graph().parse(data=en_turtle_trie(g), format="turtle"))


def test_turtle_trie_un_bloc_par_ressource_et_nos_prefixes_tries():
    texte = en_turtle_trie(_varie())
    entete = [ligne for ligne in texte.splitlines() if ligne.startswith("@prefix ")]
    assert entete == [f"@prefix {p}: <{e}> ." for p, e in sorted(PREFIXES.items())]
    debuts = [ligne.split(" ", 1)[0] for ligne in texte.splitlines() if ligne and not ligne[0].isspace()
              and not ligne.startswith("@prefix")]
    assert sorted(debuts) == sorted(set(debuts))
    assert {"id:metier-0101", "id:metier-0102", "_:b0"} == set(debuts)
    # rdf:type en tête de chaque bloc, les doubles sous leur forme lexicale.
    assert re.search(r"^id:metier-0101 a skos:Concept , cma:Metier ;$", texte, re.M)
    assert '"0.0"^^xsd:double' in texte


def test_ntriples_de_l_image_de_la_publication_identique_a_celui_de_rdflib(construction):
    """La construction écrit `cartographie.nt` depuis son image pyoxigraph (N-Triples canonique) : pour la publication,
    les mêmes octets que le sérialiseur de rdflib sur le graphe rdflib."""
    assert construction.termes, "la construction ne tient plus l'image de sa publication"
    assert en_ntriples(construction.termes) == en_ntriples(construction.publication)


def test_ntriples_d_un_graphe_rdflib_garde_ses_xsd_string_explicites():
    """L'extrait des référentiels, écrit depuis un graphe rdflib, garde la forme qu'il a toujours eue."""
    g = Graph()
    g.add((ID["metier-0101"], SKOS.notation, Literal("0101", datatype=XSD.string)))
    assert en_ntriples(g) == f'<{ID["metier-0101"]}> <{SKOS.notation}> "0101"^^<{XSD.string}> .\n'
