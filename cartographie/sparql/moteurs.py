"""Les moteurs SPARQL : le magasin embarqué (pyoxigraph, en mémoire), isolé ou non, et un serveur distant.

pyoxigraph plutôt que rdflib pour l'embarqué : mesuré par `cartographie bench` (docs/performances.md), il
charge la publication et répond aux agrégats beaucoup plus vite. Le serveur distant est dans
`distant.py`. Tous répondent aux requêtes de lecture SELECT, ASK, CONSTRUCT et DESCRIBE.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql.bac_a_sable import BacASable, repondre
from cartographie.sparql.distant import DELAI, Distant
from cartographie.sparql.resultats import Resultat, depuis_json

DELAI_REQUETE = DELAI
LIMITE_LIGNES = 100_000
MEMOIRE_MAX = 4 * 1024**3
DELAI_MAX = 24 * 3600.0


class Moteur(Protocol):
    def select(self, requete: str) -> Resultat:
        """La réponse à une requête de lecture (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
        ...

    def conseil_base_vide(self) -> str:
        """Ce que l'utilisateur peut faire quand la base interrogée ne contient aucun métier."""
        ...


def _verifier_fichiers(fichiers: list[Path]) -> None:
    for fichier in fichiers:
        if not fichier.is_file():
            raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie build`.")


class Embarque:
    """La publication chargée en mémoire dans pyoxigraph."""

    def __init__(self, fichiers: list[Path]) -> None:
        _verifier_fichiers(fichiers)
        self.magasin = ox.Store()
        for fichier in fichiers:
            try:
                # Des fichiers publiés : écrits par `build` (pyoxigraph), l'extrait vérifié par `extraire-referentiels`.
                # Relus sans revérifier les IRI (`lenient` : une IRI relative ou qui contient une espace
                # passe telle quelle ; une faute de syntaxe N-Triples reste refusée) et sans le chargeur en masse :
                # l'extrait (17 Mo) en 0,19 s au lieu de 0,40 s ; 100 branches en 3,8 s et 384 Mio au lieu de 5,8 s
                # et 586 Mio. `validate` vérifie un fichier, lui, avec toutes les règles.
                self.magasin.load(path=str(fichier), format=ox.RdfFormat.from_extension(fichier.suffix[1:]), lenient=True)
            except (SyntaxError, ValueError, OSError) as e:
                raise ErreurEntree(f"{fichier} : chargement impossible ({e}).") from None

    def select(self, requete: str) -> Resultat:
        try:
            return repondre(self.magasin, requete, sys.maxsize)[0]
        except SyntaxError as e:
            raise ErreurEntree(f"requête SPARQL invalide : {e}") from None

    def conseil_base_vide(self) -> str:
        return " ; lancez d'abord `cartographie build`"


def taille_virtuelle() -> int:
    """L'espace d'adressage du processus, en octets (0 sans /proc) : ce qu'un fils hérite et que RLIMIT_AS compte."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _borner_memoire() -> None:
    # RLIMIT_AS compte tout l'espace d'adressage, l'hérité compris : un serveur à fils multiples en réserve 64 Mio par
    # fil pour ses allocations, et un processus déjà plus gros que le plafond verrait chaque requête le « dépasser ».
    # Le plafond est donc ce que la requête peut y ajouter.
    plafond = taille_virtuelle() + MEMOIRE_MAX
    resource.setrlimit(resource.RLIMIT_AS, (plafond, plafond))


class Isole:
    """Le magasin embarqué, chargé une fois par commande ; les requêtes tournent dans un processus fils créé
    par `fork` après le chargement, qui répond à toutes celles de la commande (`bac_a_sable`), borné en temps
    (tué au délai), en mémoire et en nombre de lignes : c'est le moteur de la ligne de commande. Un interprète
    neuf par requête rechargeait la publication à chaque fois, deux fois pour `fiche` (le code, puis la fiche) :
    voir docs/performances.md."""

    def __init__(self, fichiers: list[Path], delai: float = DELAI_REQUETE, limite: int = LIMITE_LIGNES,
                 avertir: Callable[[str], None] | None = None, magasin: ox.Store | None = None) -> None:
        """`magasin` : les fichiers déjà chargés (le serveur du site les garde d'une requête à l'autre)."""
        _verifier_fichiers(fichiers)
        self.fichiers = fichiers
        self.delai = delai
        self.limite = limite
        self.avertir = avertir or (lambda message: print(message, file=sys.stderr))
        self._magasin = magasin
        self._bac: BacASable | None = None

    def select(self, requete: str) -> Resultat:
        if self._bac is None:
            magasin = self._magasin if self._magasin is not None else Embarque(self.fichiers).magasin
            self._bac = BacASable(magasin, _borner_memoire)
        sortie, erreurs, code = self._bac.poser(requete, self.limite, self.delai)
        if code is None:
            raise ErreurEntree(
                f"requête interrompue après {self.delai:g} s (délai maximal ; option --delai pour le changer)."
            )
        if code != 0 or not sortie:
            raise ErreurEntree(_echec(code, erreurs))
        reponse = json.loads(sortie)
        if "erreur" in reponse:
            raise ErreurEntree(reponse["erreur"])
        if reponse["tronque"]:
            self.avertir(f"Attention : résultat tronqué à {self.limite} lignes (option --limite pour le changer).")
        return depuis_json(reponse["resultat"])

    def conseil_base_vide(self) -> str:
        return " ; lancez d'abord `cartographie build`"


def _echec(code: int, erreurs: str) -> str:
    """Pourquoi le bac à sable s'est arrêté, en mots : un dépassement du plafond de mémoire fait avorter
    pyoxigraph (« memory allocation … failed », SIGABRT) ou lever MemoryError à Python."""
    if "memory allocation" in erreurs or "MemoryError" in erreurs or code == -signal.SIGABRT:
        return (f"la requête a dépassé la mémoire permise ({MEMOIRE_MAX // 1024**2} Mio) et a été arrêtée ; "
                "bornez-la (LIMIT, filtres plus sélectifs) ou réduisez --limite.")
    if code < 0:
        return f"le processus de la requête a été arrêté (signal {signal.Signals(-code).name})."
    derniere = (erreurs.strip().splitlines() or ["cause inconnue"])[-1]
    return f"la requête a échoué ({derniere[:300]})."


def verifier_bornes(delai: float, limite: int) -> None:
    """Les options `--delai` et `--limite` d'une commande qui pose des requêtes (`query`, `serve`…)."""
    if not 0 < delai <= DELAI_MAX:  # faux aussi pour nan
        raise ErreurEntree(f"--delai {delai:g} : une durée en secondes, plus de 0 et au plus {DELAI_MAX:g}.")
    if limite < 1:
        raise ErreurEntree(f"--limite {limite} : il faut au moins une ligne.")


def moteur(projet: Projet, point_acces: str | None = None, graphe: str | None = None,
           delai: float = DELAI_REQUETE, limite: int = LIMITE_LIGNES) -> Moteur:
    """Le serveur `point_acces` s'il est donné, sinon la publication du projet dans le magasin embarqué isolé."""
    verifier_bornes(delai, limite)
    if point_acces:
        return Distant(point_acces, graphe, delai, limite)
    return Isole(projet.publies, delai, limite)
