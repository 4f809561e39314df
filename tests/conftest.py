"""Fixtures partagées : la publication construite une fois par session, et une copie du projet."""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from cartographie.bench.serveur import serveur_oxigraph as lancer_oxigraph
from cartographie.construction.construire import Construction, construire
from cartographie.projet import Projet
from cartographie.sources.document2009 import chemin_source


@pytest.fixture(scope="session")
def construction() -> Construction:
    return construire(Projet.par_defaut(), progression=lambda _: None)


@pytest.fixture(scope="session")
def publication(construction: Construction) -> Graph:
    return construction.validee


@pytest.fixture(scope="session")
def lignes_source() -> list[str]:
    return chemin_source(Projet.par_defaut()).read_text(encoding="utf-8").splitlines()


@pytest.fixture
def copie_projet(tmp_path: Path) -> Projet:
    """Une copie du projet où un test peut casser les données sans toucher au dépôt."""
    racine = Projet.par_defaut().racine
    for dossier in ("ontologie", "donnees", "shapes", "requetes", "export"):
        if (racine / dossier).exists():
            shutil.copytree(racine / dossier, tmp_path / dossier)
    return Projet(tmp_path)


@pytest.fixture(scope="session")
def serveur_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Un vrai serveur Oxigraph sur un port libre de la boucle locale ; renvoie son URL de base. Le même
    lanceur que le bench (`cartographie.bench.serveur`), pour qu'un seul code démarre et arrête le serveur."""
    with lancer_oxigraph(tmp_path_factory.mktemp("oxigraph")) as serveur:
        yield serveur.url


def _compter_publication(url: str) -> int:
    requete = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/metiers-assistance/graphe/publication> "
               "{ ?s ?p ?o } }")
    donnees = urllib.parse.urlencode({"query": requete}).encode()
    with urllib.request.urlopen(urllib.request.Request(
            f"{url}/query", data=donnees, headers={"Accept": "application/sparql-results+json"})) as r:
        return int(json.load(r)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="session")
def compter_publication() -> Callable[[str], int]:
    """Le nombre de triplets du graphe de la publication sur le serveur d'URL de base donnée."""
    return _compter_publication
