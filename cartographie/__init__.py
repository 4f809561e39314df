"""Cartographie des métiers de l'Assistance : base de connaissances liées (RDF, SKOS, SHACL, SPARQL)."""

__version__ = "1.0.0"
