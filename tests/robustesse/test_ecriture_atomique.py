"""Une construction qui échoue ou qu'on tue en pleine écriture laisse la publication précédente
intacte ; aucun fichier temporaire ne reste après la construction suivante."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cartographie.construction.construire import publier
from cartographie.io import ecriture as exporter
from cartographie.projet import Projet


def _instantane(dossier: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(dossier.iterdir())}


def _temporaires(dossier: Path) -> list[str]:
    return [p.name for p in dossier.iterdir() if p.name.startswith(exporter.PREFIXE_TEMPORAIRE)]


def test_exception_pendant_l_ecriture(copie_projet: Projet, monkeypatch: pytest.MonkeyPatch):
    avant = _instantane(copie_projet.export)
    ecrire = exporter._temporaire
    appels = []

    def troisieme_en_echec(dossier: Path, nom: str, contenu: str) -> Path:
        appels.append(nom)
        if len(appels) == 3:
            raise OSError(28, "No space left on device")
        return ecrire(dossier, nom, contenu)

    monkeypatch.setattr(exporter, "_temporaire", troisieme_en_echec)
    (copie_projet.donnees / "nomenclature.ttl").write_text(
        (copie_projet.donnees / "nomenclature.ttl").read_text(encoding="utf-8").replace("2799", "2800"), encoding="utf-8")
    with pytest.raises(OSError):
        publier(copie_projet, progression=lambda _: None)
    assert _instantane(copie_projet.export) == avant
    assert _temporaires(copie_projet.export) == []


TUER_EN_ECRIVANT = """
import os, sys, time
from cartographie.io import ecriture as exporter
from cartographie.construction.construire import publier
from cartographie.projet import Projet
from pathlib import Path
vrai = os.fsync
def lent(fd):
    vrai(fd)
    time.sleep(0.5)
exporter.os.fsync = lent
publier(Projet(Path(sys.argv[1])), progression=lambda _: None)
"""


def test_processus_tue_en_pleine_ecriture(copie_projet: Projet):
    avant = _instantane(copie_projet.export)
    nomenclature = copie_projet.donnees / "nomenclature.ttl"
    nomenclature.write_text(nomenclature.read_text(encoding="utf-8").replace("2799", "2800"), encoding="utf-8")
    processus = subprocess.Popen([sys.executable, "-c", TUER_EN_ECRIVANT, str(copie_projet.racine)])
    limite = time.monotonic() + 60
    while not _temporaires(copie_projet.export) and time.monotonic() < limite and processus.poll() is None:
        time.sleep(0.02)
    assert _temporaires(copie_projet.export), "le processus n'a pas commencé à écrire"
    os.kill(processus.pid, signal.SIGKILL)
    processus.wait()
    assert set(_instantane(copie_projet.export)) >= set(avant)
    assert {n: c for n, c in _instantane(copie_projet.export).items() if n in avant} == avant
    publier(copie_projet, progression=lambda _: None)
    assert _temporaires(copie_projet.export) == []
    assert b"cma:effectif 2800" in (copie_projet.export / "cartographie.ttl").read_bytes()
