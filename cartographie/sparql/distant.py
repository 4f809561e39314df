"""Un serveur SPARQL 1.1 distant : requêtes lues en flux et bornées, publication en une seule requête.

- Délai global : urllib3 borne la connexion et l'attente des en-têtes (`Timeout(total=…)`), puis un
  minuteur coupe la socket (`HTTPResponse.shutdown`) à l'échéance, même si le serveur envoie encore.
- Plafond de lignes : la réponse est lue au fil du téléchargement par les analyseurs de pyoxigraph
  (résultats JSON, XML ou TSV ; N-Triples ou Turtle pour CONSTRUCT et DESCRIBE) ; à `limite` lignes
  la connexion est fermée sans rien télécharger de plus.
- Publication : un seul PUT du protocole Graph Store, avec tous les fichiers relus et réunis en
  N-Triples ; un serveur transactionnel (Oxigraph, Fuseki) garde le graphe précédent si elle échoue.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree, cite
from cartographie.io.fichiers import fichier_ordinaire
from cartographie.sparql.resultats import Resultat, depuis_oxigraph

# urllib3 tire http.client, ssl et email (~45 ms à l'import) : il n'est importé que dans les fonctions qui
# parlent au serveur, pour que les commandes sur le magasin embarqué, qui chargent ce module par
# sparql.moteurs, démarrent sans (tests/test_demarrage.py).
if TYPE_CHECKING:
    import urllib3

GRAPHE_PUBLICATION = "https://w3id.org/metiers-assistance/graphe/publication"
DELAI = 30.0
# SELECT et ASK en résultats JSON, CONSTRUCT et DESCRIBE en N-Triples : tout serveur SPARQL 1.1 sait
# les produire, et pyoxigraph les lit en flux.
ACCEPTE = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"


def verifier_url(url: str) -> str:
    """L'URL si elle est en http(s) et a un hôte ; sinon une erreur qui dit la forme attendue."""
    import urllib3

    try:
        morceaux = urllib3.util.parse_url(url)
    except urllib3.exceptions.LocationParseError:
        morceaux = None
    if morceaux is None or morceaux.scheme not in ("http", "https") or not morceaux.host:
        raise ErreurEntree(f"point d'accès « {cite(url)} » : URL http ou https attendue "
                           "(ex. http://127.0.0.1:7878/query).")
    return url


class _DelaiDepasse(Exception):
    """L'échéance globale est passée pendant l'échange avec le serveur."""


def _couper(reponse: urllib3.BaseHTTPResponse) -> None:
    """Coupe la socket d'une réponse à l'échéance. Une réponse lue jusqu'au bout a déjà rendu sa connexion au pool
    (urllib3 lève alors RuntimeError) : il n'y a plus rien à couper, et une trace dans le fil du minuteur
    finissait sur le terminal à côté du message d'erreur (vu une fois dans la suite)."""
    with suppress(RuntimeError, ValueError, OSError):
        reponse.shutdown()


class _Flux:
    """Le corps de la réponse, lu par pyoxigraph ; une lecture après l'échéance est refusée, et une
    lecture coupée par le minuteur devient un dépassement de délai."""

    def __init__(self, reponse: urllib3.BaseHTTPResponse, echeance: float) -> None:
        self.reponse = reponse
        self.echeance = echeance

    def read(self, taille: int = -1) -> bytes:
        if time.monotonic() >= self.echeance:
            raise _DelaiDepasse
        from urllib3.exceptions import HTTPError  # déjà chargé : la réponse vient d'urllib3

        try:
            return self.reponse.read(taille if taille > 0 else 1 << 16)
        except (HTTPError, OSError):
            if time.monotonic() >= self.echeance:
                raise _DelaiDepasse from None
            raise


def _type_media(reponse: urllib3.BaseHTTPResponse) -> str:
    return (reponse.headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _analyser(reponse: urllib3.BaseHTTPResponse, flux: _Flux) -> Any:
    """Les solutions, le booléen ou les triplets de la réponse, selon son type de média, lus en flux."""
    media = _type_media(reponse)
    format_resultats = ox.QueryResultsFormat.from_media_type(media)
    if format_resultats is not None:
        return ox.parse_query_results(flux, format_resultats)
    format_rdf = ox.RdfFormat.from_media_type(media)
    if format_rdf is not None:
        return ox.parse(flux, format_rdf)
    raise SyntaxError(f"type de réponse « {cite(media)} » inattendu")


class Distant:
    """Un serveur SPARQL 1.1 (Oxigraph, Fuseki, GraphDB, QLever, Virtuoso…), interrogé en POST."""

    def __init__(self, point_acces: str, graphe: str | None = None, delai: float = DELAI,
                 limite: int = 100_000, avertir: Callable[[str], None] | None = None) -> None:
        self.point_acces = verifier_url(point_acces)
        self.graphe = graphe
        self.delai = delai
        self.limite = limite
        self.avertir = avertir or _sur_stderr

    def select(self, requete: str) -> Resultat:
        from urllib3.exceptions import HTTPError  # déjà chargé par verifier_url, dans __init__

        champs = {"query": requete, **({"default-graph-uri": self.graphe} if self.graphe else {})}
        echeance = time.monotonic() + self.delai
        try:
            with _echange(self.point_acces, "POST", self.delai, fields=champs, encode_multipart=False,
                          headers={"Accept": ACCEPTE}) as reponse:
                minuteur = threading.Timer(max(echeance - time.monotonic(), 0.0), _couper, (reponse,))
                minuteur.start()
                try:
                    resultat, tronque = depuis_oxigraph(_analyser(reponse, _Flux(reponse, echeance)), self.limite)
                finally:
                    # Le minuteur a pu partir à l'instant où `_Flux` voyait lui-même l'échéance : on attend qu'il ait
                    # fini de couper avant que `_echange` rende la connexion au pool.
                    minuteur.cancel()
                    minuteur.join()
        except _DelaiDepasse:
            raise ErreurEntree(f"requête interrompue après {self.delai:g} s : le serveur {cite(self.point_acces)} "
                               "n'a pas répondu en entier dans le délai (option --delai pour le changer).") from None
        except (SyntaxError, ValueError, HTTPError, OSError) as e:
            raise ErreurEntree(f"réponse illisible du serveur {cite(self.point_acces)} ({cite(e, 300)}).") from None
        if tronque:
            self.avertir(f"Attention : résultat tronqué à {self.limite} lignes (option --limite pour le changer).")
        return resultat

    def conseil_base_vide(self) -> str:
        if self.graphe:
            return f" dans le graphe <{cite(self.graphe)}> ; vérifiez --graph, ou publiez-y la base (cartographie publier)"
        return (f" dans le graphe par défaut du serveur ; si la base y a été publiée dans un graphe nommé, "
                f"ajoutez --graph (par défaut, `cartographie publier` écrit dans {GRAPHE_PUBLICATION})")


def _sur_stderr(message: str) -> None:
    print(message, file=sys.stderr)


@contextmanager
def _echange(url: str, methode: str, delai: float, serveur: str = "", **options: Any) -> Iterator[urllib3.BaseHTTPResponse]:
    """Une requête HTTP dont la réponse est lue en flux ; un refus, un serveur injoignable ou trop lent
    deviennent des erreurs en français qui nomment le serveur et la cause."""
    import urllib3
    from urllib3.exceptions import HTTPError, NewConnectionError

    serveur = cite(serveur or url)
    client = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=delai))
    try:
        reponse = client.request(methode, url, preload_content=False, **options)
    except NewConnectionError as e:  # avant TimeoutError, dont urllib3 la fait hériter
        raise ErreurEntree(f"serveur SPARQL injoignable à {serveur} ({_raison(e)}).") from None
    except urllib3.exceptions.TimeoutError:
        raise _DelaiDepasse from None
    except HTTPError as e:
        raise ErreurEntree(f"serveur SPARQL injoignable à {serveur} ({_raison(e)}).") from None
    try:
        if reponse.status >= 400:
            corps = reponse.read(2000).decode("utf-8", "replace").strip()
            raise ErreurEntree(f"le serveur {serveur} répond {reponse.status} : {cite(corps, 500) or reponse.reason}")
        yield reponse
    finally:
        reponse.release_conn()
        client.clear()


def _raison(e: urllib3.exceptions.HTTPError) -> str:
    """La cause d'un échec de connexion, en français quand elle est courante."""
    systeme = e.__context__
    if isinstance(systeme, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(systeme, socket.gaierror):
        return "nom d'hôte inconnu"
    if isinstance(systeme, OSError) and systeme.strerror:
        return systeme.strerror
    return cite(str(e).rsplit(": ", 1)[-1], 200)


def publier_graphe(point_acces: str, fichiers: list[Path], graphe: str = GRAPHE_PUBLICATION,
                   delai: float = DELAI) -> int:
    """Remplace le graphe nommé `graphe` du serveur par le contenu de `fichiers`, en un seul PUT du
    protocole Graph Store : un échec laisse le graphe précédent en place (un PUT suivi de POST le
    laissait à moitié écrit). Les fichiers sont relus et réunis d'abord en N-Triples dans un fichier
    temporaire : une erreur de syntaxe est signalée avant tout envoi. Renvoie le nombre de triplets."""
    verifier_url(point_acces)
    url = f"{point_acces}{'&' if '?' in point_acces else '?'}graph={urllib.parse.quote(graphe, safe='')}"
    with tempfile.TemporaryFile() as tampon:
        triplets = _en_ntriples(fichiers, tampon)
        taille = tampon.tell()
        tampon.seek(0)
        # Le serveur charge tout en une transaction avant de répondre : le délai croît avec l'envoi
        # (10 s par Mo au moins ; la publication et l'extrait des référentiels font 17 Mo).
        delai = max(delai, 10 * taille / 1_000_000)
        try:
            with _echange(url, "PUT", delai, point_acces, body=tampon, headers={
                    "Content-Type": "application/n-triples", "Content-Length": str(taille)}):
                pass
        except _DelaiDepasse:
            raise ErreurEntree(f"le serveur {cite(point_acces)} n'a pas confirmé la publication dans le délai de "
                               f"{delai:g} s ; selon le serveur, le graphe <{cite(graphe)}> est l'ancien ou le "
                               "nouveau.") from None
        except ErreurEntree as e:
            raise ErreurEntree(f"{e.message.rstrip('.')} ; le graphe <{cite(graphe)}> n'a pas été remplacé "
                               "(la publication part en une seule requête).") from None
    return triplets


def _distinct(terme: Any, rang: int) -> Any:
    """Un nœud anonyme propre au fichier `rang` : deux fichiers qui emploient tous deux `_:b0` parlent
    de deux nœuds différents, qu'une simple concaténation confondrait."""
    return ox.BlankNode(f"f{rang}x{terme.value}") if isinstance(terme, ox.BlankNode) else terme


def _en_ntriples(fichiers: list[Path], sortie: IO[bytes]) -> int:
    triplets = 0
    for rang, fichier in enumerate(fichiers):
        try:
            format_ = ox.RdfFormat.from_extension(fichier.suffix[1:])
            if format_ is None:
                raise ErreurEntree(f"{fichier} : extension « {cite(fichier.suffix)} » non reconnue.")
            for triplet in ox.parse(path=fichier_ordinaire(fichier), format=format_, base_iri=fichier.resolve().as_uri()):
                triplet = ox.Triple(_distinct(triplet.subject, rang), triplet.predicate, _distinct(triplet.object, rang))
                sortie.write(f"{triplet} .\n".encode())
                triplets += 1
        except (SyntaxError, OSError) as e:
            raise ErreurEntree(f"{fichier} : illisible, rien n'a été envoyé ({cite(e, 300)}).") from None
    return triplets
