"""Le pont entre rdflib et pyoxigraph.

rdflib reste l'API des déductions, des formes et des rapports ; pyoxigraph (Rust) lit, interroge et écrit
8 à 12 fois plus vite. On passe d'un monde à l'autre terme à terme, sans sérialiser : c'est le seul endroit
qui connaît les deux représentations.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Traducteur:
    """Traduit les termes d'un document ; les nœuds anonymes d'un même document restent les mêmes."""

    def __init__(self) -> None:
        self._anonymes: dict[str, BNode] = {}
        self._iris: dict[str, URIRef] = {}
        self._types: dict[str, URIRef] = {}

    def terme(self, t: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        if isinstance(t, ox.NamedNode):
            iri = self._iris.get(t.value)
            if iri is None:
                iri = self._iris[t.value] = URIRef(t.value)
            return iri
        if isinstance(t, ox.BlankNode):
            return self._anonymes.setdefault(t.value, BNode())
        if t.language:
            return Literal(t.value, lang=t.language)
        datatype = t.datatype.value
        if datatype == _XSD_STRING:
            return Literal(t.value)
        type_ = self._types.get(datatype)
        if type_ is None:
            type_ = self._types[datatype] = URIRef(datatype)
        return Literal(t.value, datatype=type_)

    @property
    def anonymes(self) -> bool:
        """Vrai si un nœud anonyme a été traduit : ses identifiants rdflib ne sont plus ceux de pyoxigraph."""
        return bool(self._anonymes)

    def triplets(self, triplets: Iterable[ox.Triple | ox.Quad]) -> Iterable[tuple[Node, Node, Node]]:
        for t in triplets:
            yield self.terme(t.subject), self.terme(t.predicate), self.terme(t.object)


def vers_rdflib(triplets: Iterable[ox.Triple | ox.Quad], graphe: Graph | None = None) -> Graph:
    """Les triplets de pyoxigraph dans `graphe` (ou un graphe neuf)."""
    g = Graph() if graphe is None else graphe
    g.addN((s, p, o, g) for s, p, o in Traducteur().triplets(triplets))
    return g


def _oxigraph(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is not None and str(t.datatype) != _RDF_LANGSTRING:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"terme RDF inattendu : {t!r}")


def triplets(graphe: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """Les triplets de `graphe` (ou d'un itérable de triplets rdflib) en triplets pyoxigraph. Chaque IRI n'est
    traduit qu'une fois : les mêmes reviennent sans cesse (prédicats, classes, métiers), 2 fois plus vite."""
    iris: dict[Node, ox.NamedNode] = {}

    def terme(t: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if type(t) is URIRef:
            n = iris.get(t)
            if n is None:
                n = iris[t] = ox.NamedNode(t)
            return n
        return _oxigraph(t)

    return [ox.Triple(terme(s), terme(p), terme(o)) for s, p, o in graphe]  # type: ignore[arg-type]


def image(graphe: Graph | Iterable[ox.Triple]) -> Iterable[ox.Triple]:
    """Les triplets pyoxigraph d'un graphe rdflib, ou ceux qu'on a déjà : la construction traduit ses données une
    fois et passe cette image aux règles, à rudof, aux comptes et aux écrivains (0,1 s par traduction évitée). Tout
    autre chose qu'un `Graph` est pris pour des triplets pyoxigraph (des triplets rdflib : `triplets`)."""
    return triplets(graphe) if isinstance(graphe, Graph) else graphe


def quads(graphe: Graph | Iterable[ox.Triple],
          nom: ox.NamedNode | ox.DefaultGraph | None = None) -> Iterable[ox.Quad]:
    """Les triplets de `graphe` (ou son image) en quadruplets pyoxigraph du graphe `nom` (défaut : le graphe par défaut)."""
    nom = nom or ox.DefaultGraph()
    return (ox.Quad(t.subject, t.predicate, t.object, nom) for t in image(graphe))


def magasin(graphe: Graph | Iterable[ox.Triple]) -> ox.Store:
    """Un magasin pyoxigraph en mémoire qui contient `graphe` ou son image (dans son graphe par défaut)."""
    m = ox.Store()
    m.extend(quads(graphe))
    return m


def construire(magasin_: ox.Store, requete: str) -> Graph:
    """Les triplets d'une requête CONSTRUCT posée au magasin, en graphe rdflib."""
    return vers_rdflib(magasin_.query(requete))  # type: ignore[arg-type]
