"""Les termes pyoxigraph que plusieurs modules comparent aux triplets qu'ils lisent. Sans rdflib : `validate` d'une
publication intacte et rudof (`construction/verifier.py`, `construction/rudof.py`) s'en servent sans l'importer."""

from __future__ import annotations

import pyoxigraph as ox

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
