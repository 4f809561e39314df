"""La description RDF de chaque ressource (les triplets dont elle est le sujet), dans les trois formats
de la négociation : ce que renvoie son IRI à un client RDF."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from cartographie.vocab import PREFIXES

from .chemins import document, espace_id


def _trier(triplets: list[ox.Triple]) -> list[ox.Triple]:
    return sorted(triplets, key=str)


def en_formats(triplets: list[ox.Triple]) -> dict[str, str]:
    """Turtle (préfixes du projet), N-Triples triés et JSON-LD développé (sans contexte : lisible hors ligne)."""
    tries = _trier(triplets)
    prefixes = {p: str(espace) for p, espace in sorted(PREFIXES.items())}
    jsonld = json.loads(ox.serialize(tries, format=ox.RdfFormat.JSON_LD) or b"[]")
    return {
        "ttl": ox.serialize(tries, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode(),
        "nt": ox.serialize(tries, format=ox.RdfFormat.N_TRIPLES).decode(),
        "jsonld": json.dumps(jsonld, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
    }


def par_ressource(fichiers: list[Path]) -> dict[str, list[ox.Triple]]:
    """Les triplets de la publication regroupés par ressource de l'espace id/ dont ils sont le sujet."""
    par_sujet: dict[str, list[ox.Triple]] = defaultdict(list)
    for fichier in fichiers:
        for triplet in ox.parse(path=str(fichier), format=ox.RdfFormat.from_extension(fichier.suffix[1:])):
            sujet = triplet.subject
            if isinstance(sujet, ox.NamedNode) and sujet.value.startswith(espace_id()):
                par_sujet[sujet.value].append(triplet)
    return dict(sorted(par_sujet.items()))


def descriptions(par_sujet: dict[str, list[ox.Triple]]) -> dict[str, str]:
    """{chemin du document : contenu} de chaque ressource, dans les trois formats."""
    contenus: dict[str, str] = {}
    for iri, triplets in par_sujet.items():
        for extension, texte in en_formats(triplets).items():
            contenus[document(iri, extension)] = texte
    return contenus
