"""Les moteurs SPARQL : le magasin embarqué (pyoxigraph, en mémoire) et un serveur distant.

pyoxigraph plutôt que rdflib pour l'embarqué : mesuré par `scripts/bench` (voir le README), il
charge la publication et répond aux agrégats beaucoup plus vite. Le serveur distant est
interrogé avec SPARQLWrapper (protocole SPARQL 1.1) et alimenté par le protocole Graph Store.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql.bac_a_sable import repondre
from cartographie.sparql.resultats import Resultat, depuis_json

GRAPHE_PUBLICATION = "https://w3id.org/metiers-assistance/graphe/publication"
DELAI = 30.0


class Moteur(Protocol):
    def select(self, requete: str) -> Resultat: ...


class Embarque:
    """La publication chargée en mémoire dans pyoxigraph."""

    def __init__(self, fichiers: list[Path]) -> None:
        self.magasin = ox.Store()
        for fichier in fichiers:
            if not fichier.exists():
                raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie build`.")
            try:
                self.magasin.bulk_load(path=str(fichier), format=ox.RdfFormat.from_extension(fichier.suffix[1:]))
            except (SyntaxError, ValueError, OSError) as e:
                raise ErreurEntree(f"{fichier} : chargement impossible ({e}).") from None

    def select(self, requete: str) -> Resultat:
        reponse = repondre(self.magasin, requete, sys.maxsize)
        if "erreur" in reponse:
            raise ErreurEntree(str(reponse["erreur"]))
        return depuis_json(reponse["resultat"])  # type: ignore[arg-type]


DELAI_REQUETE = 30.0
LIMITE_LIGNES = 100_000
MEMOIRE_MAX = 4 * 1024**3


def _borner_memoire() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMOIRE_MAX, MEMOIRE_MAX))


class Isole:
    """Le magasin embarqué, mais chaque requête tourne dans un processus à part (`bac_a_sable`),
    borné en temps, en mémoire et en nombre de lignes : c'est le moteur de la ligne de commande."""

    def __init__(self, fichiers: list[Path], delai: float = DELAI_REQUETE, limite: int = LIMITE_LIGNES,
                 avertir: Callable[[str], None] | None = None) -> None:
        for fichier in fichiers:
            if not fichier.exists():
                raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie build`.")
        self.fichiers = [str(f) for f in fichiers]
        self.delai = delai
        self.limite = limite
        self.avertir = avertir or (lambda message: print(message, file=sys.stderr))

    def select(self, requete: str) -> Resultat:
        demande = json.dumps({"fichiers": self.fichiers, "requete": requete, "limite": self.limite})
        processus = subprocess.Popen(
            [sys.executable, "-m", "cartographie.sparql.bac_a_sable"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, preexec_fn=_borner_memoire, text=True, encoding="utf-8",
        )
        try:
            sortie, erreurs = processus.communicate(demande, timeout=self.delai)
        except subprocess.TimeoutExpired:
            processus.kill()
            processus.communicate()
            raise ErreurEntree(
                f"requête interrompue après {self.delai:g} s (délai maximal ; option --delai pour le changer)."
            ) from None
        if processus.returncode != 0 or not sortie:
            cause = "mémoire épuisée" if "MemoryError" in erreurs else (erreurs.strip().splitlines() or ["?"])[-1]
            raise ErreurEntree(f"la requête a échoué ({cause}).")
        reponse = json.loads(sortie)
        if "erreur" in reponse:
            raise ErreurEntree(reponse["erreur"])
        if reponse["tronque"]:
            self.avertir(f"Attention : résultat tronqué à {self.limite} lignes (option --limite pour le changer).")
        return depuis_json(reponse["resultat"])


class Distant:
    """Un serveur SPARQL 1.1 (Oxigraph, Fuseki, GraphDB, QLever, Virtuoso…)."""

    def __init__(self, point_acces: str, graphe: str | None = None, delai: float = DELAI,
                 limite: int = LIMITE_LIGNES) -> None:
        self.point_acces = point_acces
        self.graphe = graphe
        self.delai = delai
        self.limite = limite

    def select(self, requete: str) -> Resultat:
        client = SPARQLWrapper(self.point_acces)
        client.setQuery(requete)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(self.delai))
        if self.graphe:
            client.addDefaultGraph(self.graphe)
        try:
            reponse = client.query().convert()
        except SPARQLWrapperException as e:
            raise ErreurEntree(f"le serveur {self.point_acces} a refusé la requête : {e}") from None
        except urllib.error.HTTPError as e:
            raise ErreurEntree(f"le serveur {self.point_acces} répond {e.code} : {_corps(e)}") from None
        except (TimeoutError, urllib.error.URLError, OSError) as e:
            raise ErreurEntree(f"serveur SPARQL injoignable à {self.point_acces} ({_raison(e)}).") from None
        if not isinstance(reponse, dict):
            raise ErreurEntree(f"le serveur {self.point_acces} n'a pas répondu en JSON SPARQL.")
        resultat = depuis_json(reponse)
        if len(resultat.lignes) > self.limite:
            print(f"Attention : résultat tronqué à {self.limite} lignes.", file=sys.stderr)
            return Resultat(resultat.variables, resultat.lignes[: self.limite])
        return resultat


def _corps(e: urllib.error.HTTPError) -> str:
    try:
        return e.read().decode("utf-8", "replace").strip()[:500] or e.reason
    except OSError:
        return str(e.reason)


def _raison(e: BaseException) -> str:
    return str(getattr(e, "reason", e))


def publier_graphe(point_acces: str, fichiers: list[Path], graphe: str = GRAPHE_PUBLICATION,
                   delai: float = DELAI) -> None:
    """Remplace le graphe nommé `graphe` du serveur par le contenu de `fichiers` (SPARQL 1.1 Graph
    Store : PUT du premier, POST des suivants) : publier deux fois laisse une seule copie."""
    separateur = "&" if "?" in point_acces else "?"
    url = f"{point_acces}{separateur}graph={urllib.parse.quote(graphe, safe='')}"
    types = {".nt": "application/n-triples", ".ttl": "text/turtle"}
    for rang, fichier in enumerate(fichiers):
        requete = urllib.request.Request(url, data=fichier.read_bytes(), method="PUT" if rang == 0 else "POST",
                                         headers={"Content-Type": types.get(fichier.suffix, "text/turtle")})
        try:
            with urllib.request.urlopen(requete, timeout=delai) as reponse:
                reponse.read()
        except urllib.error.HTTPError as e:
            raise ErreurEntree(f"le serveur {point_acces} refuse la publication ({e.code}) : {_corps(e)}") from None
        except (urllib.error.URLError, OSError) as e:
            raise ErreurEntree(f"serveur injoignable à {point_acces} ({_raison(e)}).") from None


def moteur(projet: Projet, point_acces: str | None = None, graphe: str | None = None,
           delai: float = DELAI_REQUETE, limite: int = LIMITE_LIGNES) -> Moteur:
    """Le serveur `point_acces` s'il est donné, sinon la publication du projet dans le magasin embarqué isolé."""
    if point_acces:
        return Distant(point_acces, graphe, delai, limite)
    return Isole(projet.publies, delai, limite)
