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
import select
import selectors
import signal
import struct
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from typing import NoReturn

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
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
    """La boucle du fils : une réponse par demande, jusqu'à la fermeture du tube des demandes. Le fils ne sort que
    par `os._exit` : une exception qui remonterait plus haut ferait tourner le code du parent dans sa copie."""
    code = 0
    try:
        os.dup2(erreurs, 2)
        # Un gestionnaire de fautes hérité (pytest, python -X faulthandler) écrirait la pile d'un abandon (mémoire
        # dépassée) sur son propre descripteur, hors du tube d'erreur qui sert au diagnostic.
        faulthandler.disable()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # l'alarme ci-dessous tue, quel que soit le gestionnaire hérité
        borner()
        while (entete := _lire_exactement(demandes, _LONGUEUR.size, parent)) is not None:
            corps = _lire_exactement(demandes, _LONGUEUR.unpack(entete)[0], parent)
            if corps is None:
                break
            demande = json.loads(corps)
            # Le délai du parent, doublé d'une seconde, en alarme : un fils dont le parent est mort en pleine requête
            # (personne pour le tuer au délai) s'arrête de lui-même (SIGALRM, action par défaut).
            signal.setitimer(signal.ITIMER_REAL, demande["delai"] + 1)
            try:
                resultat, tronque = repondre(magasin, demande["requete"], demande["limite"])
                reponse: dict[str, object] = {"resultat": document_json(resultat), "tronque": tronque}
            except SyntaxError as e:
                reponse = {"erreur": f"requête SPARQL invalide : {e}"}
            _ecrire(sortie, _message(reponse))
            signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException:  # MemoryError compris : le parent la lit sur l'erreur standard
        code = 1
        try:
            traceback.print_exc()
        except BaseException:  # tube d'erreur fermé (parent mort) : rien à dire à personne
            pass
    finally:
        os._exit(code)


def _arreter(proprietaire: int, pid: int, descripteurs: tuple[int, ...]) -> int | None:
    """Tue le fils, le recueille, ferme ses tubes et rend son statut de sortie (celui de sa mort s'il était déjà mort :
    un zombie garde son numéro tant qu'il n'est pas recueilli, le tuer ne peut donc pas viser un autre processus).
    Sans effet dans une copie du parent créée par un autre `fork` : le fils n'est pas le sien."""
    if os.getpid() != proprietaire:
        return None
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        statut: int | None = os.waitpid(pid, 0)[1]
    except ChildProcessError:
        statut = None
    for fd in descripteurs:
        try:
            os.close(fd)
        except OSError:
            pass
    return statut


# Tenu de la création des tubes à la fermeture, dans le parent, des bouts du fils : un autre fil du serveur qui
# créerait son fils dans l'intervalle hériterait de ces bouts, et la fin du tube de sortie ne se verrait plus.
_VERROU_FORK = threading.Lock()


class _Fils:
    """Un fils vivant et les bouts des tubes que le parent garde ; arrêté quand on l'oublie (ou à la sortie)."""

    def __init__(self, magasin: ox.Store, borner: Callable[[], None]) -> None:
        parent = os.getpid()
        with _VERROU_FORK:
            tubes = [os.pipe() for _ in range(3)]
            (demandes_l, demandes_e), (sortie_l, sortie_e), (erreurs_l, erreurs_e) = tubes
            try:
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
            except BaseException as e:
                for fd in (fd for tube in tubes for fd in tube):
                    os.close(fd)
                if isinstance(e, OSError):  # plus de processus ou de mémoire : dit, pas une trace
                    raise ErreurEntree(f"processus de la requête impossible à créer ({e.strerror or e}).") from None
                raise
            if pid == 0:
                try:  # un Ctrl-C reçu avant la boucle du fils ne doit pas le faire remonter dans le code du parent
                    for fd in (demandes_e, sortie_l, erreurs_l):
                        os.close(fd)
                    _servir(magasin, demandes_l, sortie_e, erreurs_e, parent, borner)
                finally:
                    os._exit(1)
            for fd in (demandes_l, sortie_e, erreurs_e):
                os.close(fd)
        os.set_blocking(demandes_e, False)
        self.pid, self.demandes, self.sortie, self.erreurs = pid, demandes_e, sortie_l, erreurs_l
        self.reponses = 0
        # Appelé une fois au plus (à la mort, au délai, à l'oubli de l'objet ou à la sortie), il rend le statut.
        self.arreter = weakref.finalize(self, _arreter, parent, pid, (demandes_e, sortie_l, erreurs_l))

    @property
    def vivant(self) -> bool:
        return self.arreter.alive

    def poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None]:
        """Comme `BacASable.poser`, pour ce fils ; après un code autre que 0, il est arrêté (`vivant` faux)."""
        try:
            return self._poser(requete, limite, delai)
        except BaseException:  # interrompu (Ctrl-C…) : sa réponse resterait dans le tube, décalant les suivantes
            self.arreter()
            raise

    def _poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None]:
        echeance = time.monotonic() + delai
        a_envoyer = memoryview(_message({"requete": requete, "limite": limite, "delai": delai}))
        erreurs: list[bytes] = []
        recu = bytearray()
        mort = False
        with selectors.DefaultSelector() as selecteur:
            # La demande part au fil de la boucle, sans bloquer : une requête plus grande que le tube (64 Kio)
            # attendrait sinon un fils qui ne lit plus, sans délai.
            selecteur.register(self.demandes, selectors.EVENT_WRITE)
            selecteur.register(self.sortie, selectors.EVENT_READ)
            selecteur.register(self.erreurs, selectors.EVENT_READ)
            # Après la fin du tube de sortie (le fils est mort), l'erreur standard est lue jusqu'au bout, dans le délai.
            while not _complet(recu) and self.erreurs in selecteur.get_map():
                reste = echeance - time.monotonic()
                if reste <= 0:
                    self.arreter()
                    return "", b"".join(erreurs).decode("utf-8", "replace"), None
                for cle, _ in selecteur.select(reste):
                    if cle.fd == self.demandes:
                        try:
                            a_envoyer = a_envoyer[os.write(self.demandes, a_envoyer):]
                        except BrokenPipeError:  # mort depuis sa dernière réponse
                            a_envoyer = a_envoyer[:0]
                        if not a_envoyer:
                            selecteur.unregister(self.demandes)
                        continue
                    morceau = os.read(cle.fd, 1 << 16)
                    if cle.fd == self.sortie:
                        recu += morceau
                    elif morceau:
                        erreurs.append(morceau)
                    if not morceau:
                        mort = mort or cle.fd == self.sortie
                        selecteur.unregister(cle.fd)
        if _complet(recu) and not mort:
            self.reponses += 1
            # Ce que le fils a écrit sur son erreur standard pendant la requête et qui n'est pas encore lu : à elle,
            # non à la suivante.
            while select.select([self.erreurs], [], [], 0)[0] and (morceau := os.read(self.erreurs, 1 << 16)):
                erreurs.append(morceau)
            return bytes(recu[_LONGUEUR.size:]).decode("utf-8"), b"".join(erreurs).decode("utf-8", "replace"), 0
        # Le fils est mort : son code de sortie (0 n'est pas une réponse : 1).
        statut = self.arreter()
        code = os.waitstatus_to_exitcode(statut) if statut is not None else 1
        return "", b"".join(erreurs).decode("utf-8", "replace"), code or 1


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
        mort en route. Un fils qui avait déjà répondu et meurt est remplacé et la requête reposée une fois, dans ce
        qui reste du délai : sa mort pourrait tenir aux précédentes (mémoire gardée), et le verdict doit être celui
        d'un fils neuf."""
        echeance = time.monotonic() + delai
        reponse, erreurs, code, neuf = self._poser(requete, limite, delai)
        reste = echeance - time.monotonic()
        if code not in (0, None) and not neuf and reste > 0:
            reponse, erreurs, code, _ = self._poser(requete, limite, reste)
        return reponse, erreurs, code

    def _poser(self, requete: str, limite: int, delai: float) -> tuple[str, str, int | None, bool]:
        """`poser` une fois, et si le fils était neuf (il n'avait encore rien répondu)."""
        debut = time.monotonic()
        if self._fils is None:
            self._fils = _Fils(self.magasin, self.borner)  # le `fork` compte dans le délai
        fils = self._fils
        neuf = not fils.reponses
        try:
            return (*fils.poser(requete, limite, delai - (time.monotonic() - debut)), neuf)
        finally:
            if not fils.vivant:
                self._fils = None
