"""Le point d'accès `/sparql` de `cartographie serve` : la publication chargée une fois pour toutes les requêtes,
rechargée quand un fichier change sur le disque, et une publication absente dite comme telle (503)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.site import serveur
from cartographie.site.serveur import Configuration, Refus, executer_sparql

COMPTE = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"


def _ecrire(fichier: Path, n: int) -> None:
    fichier.write_text("".join(f'<urn:s{i}> <urn:p> "{i}" .\n' for i in range(n)), encoding="utf-8")


@pytest.fixture
def chargements(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """Chaque chargement de fichiers par le serveur."""
    faits: list[list[Path]] = []
    original = serveur.Embarque

    def compter(fichiers: list[Path]) -> object:
        faits.append(list(fichiers))
        return original(fichiers)

    monkeypatch.setattr(serveur, "Embarque", compter)
    return faits


def _nombre(configuration: Configuration) -> str:
    return executer_sparql(configuration, COMPTE).lignes[0]["n"].valeur


def test_un_chargement_pour_toutes_les_requetes(tmp_path: Path, chargements: list[list[Path]]):
    donnees = tmp_path / "publication.nt"
    _ecrire(donnees, 12)
    configuration = Configuration(tmp_path, [donnees])
    assert [_nombre(configuration) for _ in range(4)] == ["12"] * 4
    assert chargements == [[donnees]]


def test_une_nouvelle_construction_est_relue(tmp_path: Path, chargements: list[list[Path]]):
    donnees = tmp_path / "publication.nt"
    _ecrire(donnees, 12)
    configuration = Configuration(tmp_path, [donnees])
    assert _nombre(configuration) == "12"
    _ecrire(donnees, 30)  # autre taille : vu même si l'horloge du système de fichiers n'a pas avancé
    assert _nombre(configuration) == "30"
    assert len(chargements) == 2


def test_publication_absente_503(tmp_path: Path):
    with pytest.raises(Refus) as refus:
        executer_sparql(Configuration(tmp_path, [tmp_path / "absente.nt"]), COMPTE)
    assert refus.value.statut == 503 and "introuvable" in refus.value.message
