"""Fixtures partagées : la publication construite une fois par session, une copie du projet, et une copie
publiée avec la deuxième année importée par `cartographie actualiser` (effectifs à deux dates)."""

from __future__ import annotations

import csv
import fcntl
import gc
import json
import shutil
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from cartographie.actualisation.actualiser import actualiser
from cartographie.bench.serveur import serveur_oxigraph as lancer_oxigraph
from cartographie.cli import SEUILS_RAMASSE_MIETTES
from cartographie.construction.construire import Construction, construire, publier
from cartographie.projet import Projet
from cartographie.sources.document2009 import chemin_source
from cartographie.sparql.moteurs import Embarque


def pytest_configure(config: pytest.Config) -> None:
    # Les processus de la suite tournent comme la ligne de commande : le ramasse-miettes aux mêmes seuils.
    gc.set_threshold(*SEUILS_RAMASSE_MIETTES)


# La deuxième année (1er juillet 2008) : neuf fichiers de sociétés et `attendu.tsv` (voir son README).
FIXTURE_2008 = Path(__file__).resolve().parent / "fixtures" / "actualisation" / "2008"


@pytest.fixture(scope="session")
def construction() -> Construction:
    return construire(Projet.par_defaut(), progression=lambda _: None)


@pytest.fixture(scope="session")
def publication(construction: Construction) -> Graph:
    return construction.validee


@pytest.fixture(scope="session")
def lignes_source() -> list[str]:
    return chemin_source(Projet.par_defaut()).read_text(encoding="utf-8").splitlines()


def _copier_projet(dossier: Path) -> Projet:
    racine = Projet.par_defaut().racine
    for sous_dossier in ("ontologie", "donnees", "shapes", "requetes", "export"):
        if (racine / sous_dossier).exists():
            shutil.copytree(racine / sous_dossier, dossier / sous_dossier)
    return Projet(dossier)


@pytest.fixture(scope="session")
def copier_projet() -> Callable[[Path], Projet]:
    """Pour les fixtures de module qui ont besoin de leur propre copie du projet."""
    return _copier_projet


@pytest.fixture
def copie_projet(tmp_path: Path) -> Projet:
    """Une copie du projet où un test peut casser les données sans toucher au dépôt."""
    return _copier_projet(tmp_path)


@pytest.fixture(scope="session")
def fichiers_2008() -> list[Path]:
    """Les fichiers des sociétés de la fixture 2008, sans `attendu.tsv`."""
    return sorted(p for p in FIXTURE_2008.iterdir() if p.name != "attendu.tsv")


Partage = Callable[[str, Callable[[Path], None]], Path]


@pytest.fixture(scope="session")
def partage(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Partage:
    """`partage(nom, remplir)` : un dossier rempli une seule fois pour toute la suite. Sous pytest-xdist, le
    premier processus qui en a besoin le remplit sous un verrou et les autres le reprennent (la publication à
    deux dates : 8 s, chaque site : 5 s) ; le dossier commun est propre à l'exécution (pytest-N/)."""

    def dossier_partage(nom: str, remplir: Callable[[Path], None]) -> Path:
        if worker_id == "master":
            dossier = tmp_path_factory.mktemp(nom) / nom
            remplir(dossier)
            return dossier
        commun = tmp_path_factory.getbasetemp().parent
        with (commun / f"{nom}.verrou").open("w") as verrou:
            fcntl.flock(verrou, fcntl.LOCK_EX)
            if not (commun / f"{nom}.fait").exists():
                remplir(commun / nom)
                (commun / f"{nom}.fait").touch()
        return commun / nom

    return dossier_partage


@pytest.fixture(scope="session")
def projet_2008(partage: Partage, fichiers_2008: list[Path]) -> Projet:
    """Une copie du projet où la fixture 2008 est importée par `actualiser` puis publiée : des effectifs au
    1er juillet 2007 (tableau I.4) et au 1er juillet 2008 (déclarations des sociétés). Les tests la lisent."""

    def remplir(dossier: Path) -> None:
        copie = _copier_projet(dossier)
        actualiser(copie, Embarque(copie.publies), fichiers_2008, aujourd_hui=date(2009, 6, 30))
        publier(copie, progression=lambda _: None)

    return Projet(partage("projet-2008", remplir))


@pytest.fixture(scope="session")
def attendu_2008() -> dict[str, int]:
    """L'effectif 2008 de chaque métier visé par le générateur (« non ventilé » : les intitulés à affecter),
    sommé à la main depuis `attendu.tsv`."""
    sommes: dict[str, int] = defaultdict(int)
    with (FIXTURE_2008 / "attendu.tsv").open(encoding="utf-8", newline="") as f:
        for ligne in csv.DictReader(f, delimiter="\t"):
            sommes[ligne["code"] or "non ventilé"] += int(ligne["effectif"])
    return sommes


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
