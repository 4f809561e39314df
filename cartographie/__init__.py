"""Cartographie des métiers d'une branche professionnelle : base de connaissances liées (RDF, SKOS, SHACL,
SPARQL). La branche est une donnée (`donnees/branche.ttl` ou la feuille « Branche » d'un classeur)."""

__version__ = "1.0.0"
