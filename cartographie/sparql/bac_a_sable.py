"""Exécution des requêtes dans un processus à part, borné en temps, en mémoire et en lignes.

Une requête écrite par un utilisateur (`cartographie query fichier.rq`) peut être un produit
cartésien sans fin : on la fait tourner dans un processus fils qu'on peut tuer au bout du délai, avec
une limite de mémoire, et on arrête de lire les solutions après `limite` lignes (pyoxigraph les produit
à la demande). Le fils est créé par `fork` une fois la publication chargée : il hérite du magasin sans le
relire ni réimporter Python.

Le fils répond ensuite aux requêtes suivantes, l'une après l'autre (`qualite` en pose 31) : un `fork` coûte
d'autant plus que le processus est gros (4 ms pour la ligne de commande, 60 à 120 ms pour un processus de 1,5
à 2 Gio, mesurés). Chaque demande et chaque réponse est un objet JSON précédé de sa longueur ; la réponse est
{"resultat": <SPARQL 1.1 JSON>, "tronque": bool} ou {"erreur": "..."}, et l'erreur standard du fils passe
par un second tube. Un fils tué au délai, ou mort en route (mémoire dépassée), est remplacé par un neuf.
"""

from __future__ import annotations

import faulthandler
import json
import os
import selectors
import signal
import struct
import sys
import time
import traceback
import weakref
from collections.abc import Callable
from typing import NoReturn

import pyoxigraph as ox

from cartographie.sparql.resultats import Resultat, depuis_oxigraph, document_json

_LONGUEUR = struct.Struct(">Q")
# Le fils vérifie à cet intervalle que son parent vit encore : tué sans avoir pu fermer le tube des demandes
# (SIGKILL), le parent ne le ferait pas sortir autrement si un autre processus en tenait une copie.
_VEILLE = 1.0


def repondre(magasin: ox.Store, requete: str, limite: int) -> tuple[Resultat, bool]:
    """La réponse à `requete` (SELECT, ASK, CONSTRUCT ou DESCRIBE), lue jusqu'à `limite` lignes, et si
    elle a été tronquée ; sert aussi au magasin embarqué. Une requête invalide lève `SyntaxError`."""
    return depuis_oxigraph(magasin.query(requete), limite)


def _message(valeur: object) -> bytes:
    corps = json.dumps(valeur, ensure_ascii=False).encode("utf-8")
    return _LONGUEUR.pack(len(corps)) + corps


def _ecrire(fd: int, octets: bytes) -> None:
    vue = memoryview(octets)
    while vue:
        vue = vue[os.write(fd, vue):]


def _lire_exactement(fd: int, taille: int, parent: int) -> bytes | None:
    """`taille` octets du tube, ou None s'il est fermé ou si le parent est mort (le fils n'a plus qu'à sortir)."""
    morceaux: list[bytes] = []
    with selectors.DefaultSelector() as selecteur:
        selecteur.register(fd, selectors.EVENT_READ)
        while taille:
            if not selecteur.select(_VEILLE):
                if os.getppid() != parent:
                    return None
                continue
            morceau = os.read(fd, taille)
            if not morceau:
                return None
            morceaux.append(morceau)
            taille -= len(morceau)
    return b"".join(morceaux)


def _servir(magasin: ox.Store, demandes: int, sortie: int, erreurs: int, parent: int,
            borner: Callable[[], None]) -> NoReturn:
    """La boucle du fils : une réponse par demande, jusqu'à la fermeture du tube des demandes."""
    os.dup2(erreurs, 2)
    # Un gestionnaire de fautes hérité (pytest, python -X faulthandler) écrirait la pile d'un abandon (mémoire
    # dépassée) sur son propre descripteur, hors du tube d'erreur qui sert au diagnostic.
    faulthandler.disable()
    code = 0
    try:
        borner()
        while (entete := _lire_exactement(demandes, _LONGUEUR.size, parent)) is not None:
            corps = _lire_exactement(demandes, _LONGUEUR.unpack(entete)[0], parent)
            if corps is None:
                break
            demande = json.loads(corps)
            try:
                resultat, tronque = repondre(magasin, demande["requete"], demande["limite"])
                reponse: dict[str, object] = {"resultat": document_json(resultat), "tronque": tronque}
            except SyntaxError as e:
                reponse = {"erreur": f"requête SPARQL invalide : {e}"}
            _ecrire(sortie, _message(reponse))
    except BaseException:  # MemoryError compris : le parent la lit sur l'erreur standard
        traceback.print_exc()
        code = 1
    os._exit(code)


def _arreter(pid: int, descripteurs: tuple[int, ...]) -> None:
    """Tue le fils (s'il vit encore), le recueille et ferme ses tubes ; sans effet la seconde fois."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    for fd in descripteurs:
        try:
            os.close(fd)
        except OSError:
            pass


class _Fils:
    """Un fils vivant et les bouts des tubes que le parent garde ; arrêté quand on l'oublie (ou à la sortie)."""

    def __init__(self, magasin: ox.Store, borner: Callable[[], None]) -> None:
        demandes_l, demandes_e = os.pipe()
        sortie_l, sortie_e = os.pipe()
        erreurs_l, erreurs_e = os.pipe()
        parent = os.getpid()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for fd in (demandes_e, sortie_l, erreurs_l):
                os.close(fd)
            _servir(magasin, demandes_l, sortie_e, erreurs_e, parent, borner)
        for fd in (demandes_l, sortie_e, erreurs_e):
            os.close(fd)
        self.pid, self.demandes, self.sortie, self.erreurs = pid, demandes_e, sortie_l, erreurs_l
        self.reponses = 0
        self.arreter = weakref.finalize(self, _arreter, pid, (demandes_e, sortie_l, erreurs_l))

    def poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None]:
        """Comme `BacASable.poser`, pour ce fils ; après un code autre que 0, il est arrêté."""
        echeance = time.monotonic() + delai
        erreurs: list[bytes] = []
        recu = bytearray()
        mort = False
        try:
            _ecrire(self.demandes, _message({"requete": requete, "limite": limite}))
        except BrokenPipeError:  # mort depuis sa dernière réponse : son code est lu plus bas
            mort = True
        with selectors.DefaultSelector() as selecteur:
            selecteur.register(self.sortie, selectors.EVENT_READ)
            selecteur.register(self.erreurs, selectors.EVENT_READ)
            while not mort and not _complet(recu):
                reste = echeance - time.monotonic()
                if reste <= 0:
                    self.arreter()
                    return "", b"".join(erreurs).decode("utf-8", "replace"), None
                for cle, _ in selecteur.select(reste):
                    morceau = os.read(cle.fd, 1 << 16)
                    if cle.fd == self.sortie:
                        recu += morceau
                        mort = not morceau  # fin du tube de sortie
                    elif morceau:
                        erreurs.append(morceau)
                    else:
                        selecteur.unregister(cle.fd)
        if not mort:
            self.reponses += 1
            return bytes(recu[_LONGUEUR.size:]).decode("utf-8"), b"".join(erreurs).decode("utf-8", "replace"), 0
        # Le fils est mort : son erreur standard jusqu'au bout, puis son code de sortie. Recueilli ici, il n'est plus
        # à tuer (son numéro pourrait déjà servir à un autre processus).
        while morceau := os.read(self.erreurs, 1 << 16):
            erreurs.append(morceau)
        _, statut = os.waitpid(self.pid, 0)
        self.arreter.detach()
        for fd in (self.demandes, self.sortie, self.erreurs):
            os.close(fd)
        return "", b"".join(erreurs).decode("utf-8", "replace"), os.waitstatus_to_exitcode(statut)


def _complet(recu: bytearray) -> bool:
    return len(recu) >= _LONGUEUR.size and len(recu) >= _LONGUEUR.size + _LONGUEUR.unpack_from(recu)[0]


class BacASable:
    """Le fils qui répond aux requêtes sur `magasin`, créé au premier besoin et remplacé après un échec."""

    def __init__(self, magasin: ox.Store, borner: Callable[[], None]) -> None:
        self.magasin = magasin
        self.borner = borner
        self._fils: _Fils | None = None

    def poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None]:
        """La réponse JSON, l'erreur standard et le code du fils qui a posé `requete` après `borner()` (plafond de
        mémoire) : 0 s'il a répondu, None s'il a dépassé `delai` secondes (il est tué), son code de sortie s'il est
        mort en route. Un fils qui avait déjà répondu et meurt est remplacé et la requête reposée une fois : sa mort
        pourrait tenir aux précédentes (mémoire gardée), et le verdict doit être celui d'un fils neuf."""
        reponse, erreurs, code, neuf = self._poser(requete, limite, delai)
        if code not in (0, None) and not neuf:
            reponse, erreurs, code, _ = self._poser(requete, limite, delai)
        return reponse, erreurs, code

    def _poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None, bool]:
        """`poser` une fois, et si le fils était neuf (il n'avait encore rien répondu)."""
        if self._fils is None:
            self._fils = _Fils(self.magasin, self.borner)
        fils = self._fils
        neuf = not fils.reponses
        reponse, erreurs, code = fils.poser(requete, limite, delai)
        if code != 0:
            self._fils = None
        return reponse, erreurs, code, neuf
