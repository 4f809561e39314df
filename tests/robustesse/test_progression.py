"""Les commandes longues montrent leur progression sur un terminal, et rien ailleurs (issue 11, point 10)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

from cartographie.projet import Projet


def _erreurs_sur_un_terminal(arguments: list[str]) -> tuple[int, str]:
    """Lance la commande avec sa sortie d'erreur sur un pseudo-terminal ; rend le code et ce qui s'y est affiché."""
    maitre, esclave = pty.openpty()
    # Un vrai terminal a une taille ; celle d'un pseudo-terminal neuf est 0 × 0, où tqdm n'affiche rien.
    fcntl.ioctl(esclave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    processus = subprocess.Popen([sys.executable, "-m", "cartographie", *arguments],
                                 stdout=subprocess.DEVNULL, stderr=esclave, stdin=subprocess.DEVNULL)
    os.close(esclave)
    lu = b""
    while True:
        pret, _, _ = select.select([maitre], [], [], 300)
        if not pret:
            processus.kill()
            break
        try:
            morceau = os.read(maitre, 65536)
        except OSError:  # le processus a fermé le terminal
            break
        if not morceau:
            break
        lu += morceau
    os.close(maitre)
    return processus.wait(timeout=60), lu.decode("utf-8", "replace")


def _fichiers_a_valider(tmp_path: Path) -> list[str]:
    donnees = Projet.par_defaut().donnees / "fiches"
    return [str(donnees / "0101.ttl"), str(donnees / "0102.ttl")]


def test_validate_montre_sa_progression_sur_un_terminal(tmp_path: Path):
    code, affiche = _erreurs_sur_un_terminal(["validate", *_fichiers_a_valider(tmp_path)])
    assert code in (0, 1)
    # La barre compte les fichiers (« 0/2 » puis « 2/2 » si tqdm a le temps de la redessiner).
    assert "lecture" in affiche and "/2 [" in affiche
    assert "validation SHACL" in affiche


def test_rien_hors_d_un_terminal(tmp_path: Path):
    fini = subprocess.run([sys.executable, "-m", "cartographie", "validate", *_fichiers_a_valider(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert fini.returncode in (0, 1)
    assert fini.stderr == ""
