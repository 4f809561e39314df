"""Chronométrer une étape : médiane de plusieurs exécutions et pic de mémoire, chacune dans un processus fils.

Le fils est créé par `fork` : il hérite des entrées déjà calculées par le parent (la préparation n'est pas
chronométrée), exécute l'étape, renvoie ses durées par un tube et meurt ; `wait4` donne alors le pic de
mémoire résidente de ce seul fils (Python et Rust compris, ce que tracemalloc ne voit pas). Une étape ne
peut donc ni réchauffer un cache pour la suivante ni grossir la mémoire mesurée des autres.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Mesure:
    durees: tuple[float, ...]
    pic_mio: int
    erreur: str = ""

    @property
    def mediane(self) -> float:
        return statistics.median(self.durees) if self.durees else float("nan")


def mesurer(executer: Callable[[T], object], preparer: Callable[[], T], repetitions: int) -> Mesure:
    """`preparer()` puis `repetitions` fois `executer(etat)`, chronométrées, dans un fils ; au premier
    échec, l'étape rend l'erreur au lieu de durées (le bench continue avec les autres étapes)."""
    lecture, ecriture = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    # Le fils hérite de la mémoire résidente du parent, qui compte dans son pic : le parent ramasse d'abord ses
    # cycles, pour que le pic d'une étape ne dépende pas de ce que les précédentes ont laissé (la ligne de commande
    # espace les collectes : `cli.SEUILS_RAMASSE_MIETTES`).
    gc.collect()
    pid = os.fork()
    if pid == 0:  # le fils
        os.close(lecture)
        code = 0
        try:
            etat = preparer()
            durees = []
            for _ in range(repetitions):
                debut = time.perf_counter()
                executer(etat)
                durees.append(time.perf_counter() - debut)
            message = {"durees": durees}
        except BaseException as e:  # tout échec remonte au parent au lieu de tuer le bench
            message = {"erreur": f"{type(e).__name__}: {e}"[:300], "trace": traceback.format_exc()[-2000:]}
            code = 1
        with os.fdopen(ecriture, "w", encoding="utf-8") as tube:
            json.dump(message, tube)
        os._exit(code)
    os.close(ecriture)
    with os.fdopen(lecture, encoding="utf-8") as tube:
        texte = tube.read()
    _, _, usage = os.wait4(pid, 0)
    pic = usage.ru_maxrss // 1024
    try:
        message = json.loads(texte)
    except json.JSONDecodeError:
        return Mesure((), pic, "le processus de mesure est mort sans répondre")
    return Mesure(tuple(message.get("durees", ())), pic, message.get("erreur", ""))


def mesurer_processus(commande: Sequence[str], repetitions: int, cwd: str | None = None) -> Mesure:
    """Un programme entier, lancé `repetitions` fois : la durée vue de l'utilisateur, imports compris."""
    durees = []
    pic = 0
    for _ in range(repetitions):
        debut = time.perf_counter()
        processus = subprocess.Popen(commande, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, statut, usage = os.wait4(processus.pid, 0)
        durees.append(time.perf_counter() - debut)
        processus.returncode = os.waitstatus_to_exitcode(statut)
        erreurs = processus.stderr.read().decode("utf-8", "replace") if processus.stderr else ""
        if processus.stderr:
            processus.stderr.close()
        pic = max(pic, usage.ru_maxrss // 1024)
        if processus.returncode != 0:
            return Mesure((), pic, f"code {processus.returncode} : {erreurs.strip()[-300:]}")
    return Mesure(tuple(durees), pic)
