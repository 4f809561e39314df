"""Exécution d'une requête dans un processus à part, borné en temps, en mémoire et en lignes.

Une requête écrite par un utilisateur (`cartographie query fichier.rq`) peut être un produit
cartésien sans fin : on la fait tourner dans un processus fils qu'on peut tuer au bout du délai, avec
une limite de mémoire, et on arrête de lire les solutions après `limite` lignes (pyoxigraph les produit
à la demande). Le fils est créé par `fork` une fois la publication chargée : il hérite du magasin sans le
relire ni réimporter Python. Il rend sur un tube un objet JSON {"resultat": <SPARQL 1.1 JSON>,
"tronque": bool} ou {"erreur": "..."}, et son erreur standard sur un second tube.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import NoReturn

import pyoxigraph as ox

from cartographie.sparql.resultats import Resultat, depuis_oxigraph, document_json


def repondre(magasin: ox.Store, requete: str, limite: int) -> tuple[Resultat, bool]:
    """La réponse à `requete` (SELECT, ASK, CONSTRUCT ou DESCRIBE), lue jusqu'à `limite` lignes, et si
    elle a été tronquée ; sert aussi au magasin embarqué. Une requête invalide lève `SyntaxError`."""
    return depuis_oxigraph(magasin.query(requete), limite)


def _dans_le_fils(magasin: ox.Store, requete: str, limite: int, sortie: int, erreurs: int,
                 borner: Callable[[], None]) -> NoReturn:
    os.dup2(erreurs, 2)
    code = 0
    try:
        borner()
        try:
            resultat, tronque = repondre(magasin, requete, limite)
            reponse: dict[str, object] = {"resultat": document_json(resultat), "tronque": tronque}
        except SyntaxError as e:
            reponse = {"erreur": f"requête SPARQL invalide : {e}"}
        with os.fdopen(sortie, "w", encoding="utf-8") as tube:
            json.dump(reponse, tube, ensure_ascii=False)
    except BaseException:  # MemoryError compris : le parent la lit sur l'erreur standard
        traceback.print_exc()
        code = 1
    os._exit(code)


def dans_un_fils(magasin: ox.Store, requete: str, limite: int, delai: float,
                 borner: Callable[[], None]) -> tuple[str, str, int | None]:
    """La réponse JSON, l'erreur standard et le code de sortie du fils qui a posé `requete` à `magasin`
    après `borner()` (plafond de mémoire) ; code None s'il a dépassé `delai` secondes (il est tué)."""
    sortie_l, sortie_e = os.pipe()
    erreurs_l, erreurs_e = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(sortie_l)
        os.close(erreurs_l)
        _dans_le_fils(magasin, requete, limite, sortie_e, erreurs_e, borner)
    os.close(sortie_e)
    os.close(erreurs_e)
    lus: dict[int, list[bytes]] = {sortie_l: [], erreurs_l: []}
    echeance = time.monotonic() + delai
    trop_long = False
    with selectors.DefaultSelector() as selecteur:
        for fd in lus:
            selecteur.register(fd, selectors.EVENT_READ)
        while selecteur.get_map():
            reste = echeance - time.monotonic()
            if reste <= 0:
                trop_long = True
                os.kill(pid, signal.SIGKILL)
                break
            for cle, _ in selecteur.select(reste):
                morceau = os.read(cle.fd, 1 << 16)
                if morceau:
                    lus[cle.fd].append(morceau)
                else:
                    selecteur.unregister(cle.fd)
    for fd in lus:
        os.close(fd)
    _, statut = os.waitpid(pid, 0)
    code = None if trop_long else os.waitstatus_to_exitcode(statut)
    return b"".join(lus[sortie_l]).decode("utf-8"), b"".join(lus[erreurs_l]).decode("utf-8", "replace"), code
