"""Un serveur Oxigraph local pour le bench : lancé sur un port libre de 127.0.0.1, arrêté à la sortie.

Le binaire `oxigraph` vient du paquet PyPI `oxigraph` (extra `test`) ; le pic de mémoire du serveur est
lu par `wait4` à son arrêt.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cartographie.erreurs import ErreurEntree


@dataclass
class Serveur:
    url: str
    pic_mio: int = 0


def _port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serveur_oxigraph(dossier: Path) -> Iterator[Serveur]:
    binaire = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if binaire is None:
        raise ErreurEntree("le serveur oxigraph n'est pas installé (pip install -e '.[test]' -c contraintes.txt).")
    port = _port_libre()
    processus = subprocess.Popen([binaire, "serve", "--location", str(dossier), "--bind", f"127.0.0.1:{port}"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    serveur = Serveur(f"http://127.0.0.1:{port}")
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if processus.poll() is not None:
                    raise ErreurEntree(f"oxigraph s'est arrêté au démarrage (code {processus.returncode}).") from None
                time.sleep(0.1)
        else:
            raise ErreurEntree(f"oxigraph ne répond pas sur le port {port} au bout de 30 s.")
        yield serveur
    finally:
        processus.terminate()
        _, _, usage = os.wait4(processus.pid, 0)
        processus.returncode = 0
        serveur.pic_mio = usage.ru_maxrss // 1024
