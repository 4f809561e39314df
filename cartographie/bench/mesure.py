"""Chronométrer une étape : médiane de plusieurs exécutions et pic de mémoire, chacune dans un processus fils.

Le fils est créé par `fork` : il prépare l'entrée de l'étape (la lit dans un fichier ; ce n'est pas
chronométré, mais compte dans son pic : l'étape la tient en mémoire), exécute l'étape, renvoie ses durées
par un tube et meurt ; `wait4` donne alors le pic de mémoire résidente de ce seul fils (Python et Rust
compris, ce que tracemalloc ne voit pas). Une étape ne peut donc ni réchauffer un cache pour la suivante
ni grossir la mémoire mesurée des autres.
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


def _dans_un_fils(corps: Callable[[], dict[str, object]]) -> tuple[dict[str, object], int]:
    """`corps()` dans un fils de `fork` ; rend le message qu'il renvoie (ou son erreur) et le pic de mémoire du fils."""
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
            message = corps()
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
    try:
        return json.loads(texte), usage.ru_maxrss // 1024
    except json.JSONDecodeError:
        return {"erreur": "le processus de mesure est mort sans répondre"}, usage.ru_maxrss // 1024


def mesurer(executer: Callable[[T], object], preparer: Callable[[], T], repetitions: int) -> Mesure:
    """`preparer()` puis `repetitions` fois `executer(etat)`, chronométrées, dans un fils ; au premier
    échec, l'étape rend l'erreur au lieu de durées (le bench continue avec les autres étapes). Le pic compte
    ce que `preparer` construit : l'entrée de l'étape, qu'elle tient en mémoire pendant qu'elle s'exécute."""

    def corps() -> dict[str, object]:
        etat = preparer()
        durees = []
        for _ in range(repetitions):
            debut = time.perf_counter()
            executer(etat)
            durees.append(time.perf_counter() - debut)
        return {"durees": durees}

    message, pic = _dans_un_fils(corps)
    return Mesure(tuple(message.get("durees", ())), pic, str(message.get("erreur", "")))  # type: ignore[arg-type]


def dans_un_fils(fonction: Callable[[], object]) -> None:
    """`fonction()` dans un fils, sans la mesurer : ce qu'elle tient en mémoire (les graphes de cent branches)
    ne reste pas dans le parent, dont chaque fils de mesure hériterait dans son pic."""
    def corps() -> dict[str, object]:
        fonction()
        return {}

    message, _ = _dans_un_fils(corps)
    if message.get("erreur"):
        raise RuntimeError(f"{message['erreur']}\n{message.get('trace', '')}")


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
