"""Fixtures partagées : la publication construite une fois par session, et une copie du projet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from cartographie.construire import Construction, Projet, construire
from cartographie.espaces import RACINE, SOURCE


@pytest.fixture(scope="session")
def construction() -> Construction:
    return construire(Projet(), progression=lambda _: None)


@pytest.fixture(scope="session")
def publication(construction: Construction) -> Graph:
    return construction.publication


@pytest.fixture(scope="session")
def lignes_source() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


@pytest.fixture
def copie_projet(tmp_path: Path) -> Projet:
    """Une copie du projet où un test peut casser les données sans toucher au dépôt."""
    for dossier in ("ontologie", "donnees", "shapes", "requetes", "export"):
        if (RACINE / dossier).exists():
            shutil.copytree(RACINE / dossier, tmp_path / dossier)
    return Projet(tmp_path)
