"""`cartographie serve` : le site, ses IRI par négociation de contenu et un point d'accès SPARQL 1.1 en
lecture seule, sur la boucle locale.

- Une IRI de ressource (`/id/metier-CODE`, `/def`) répond `303 See Other` vers le document du format
  demandé par l'en-tête Accept (table de `chemins`), `406` si aucun format ne convient.
- Un document existant du site est servi tel quel ; tout autre chemin reçoit `404` et la page 404.
  Un chemin qui sortirait du dossier du site (`..`, formes encodées, lien symbolique) est refusé (`400`
  ou `404`) : seul un fichier résolu à l'intérieur du dossier est lu.
- `/sparql` (GET `?query=`, POST formulaire ou `application/sparql-query`) exécute une requête de lecture
  avec les bornes de la ligne de commande (processus à part, délai, mémoire, lignes). Une mise à jour
  reçoit `403`, une requête invalide ou non locale `400`, une requête qui dépasse le délai `503`, un
  résultat de plus de lignes que la limite `422`.
"""

from __future__ import annotations

import mimetypes
import posixpath
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
from cartographie.sparql.catalogue import verifier_lecture_seule
from cartographie.sparql.moteurs import DELAI_REQUETE, LIMITE_LIGNES, Embarque, Isole
from cartographie.sparql.resultats import Resultat, en_csv, en_json, en_tsv

from .chemins import FORMATS, negocier, resoudre

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
RESULTATS: dict[str, tuple[str, Callable[[Resultat], str]]] = {
    "application/sparql-results+json": ("application/sparql-results+json; charset=utf-8", en_json),
    "application/json": ("application/sparql-results+json; charset=utf-8", en_json),
    "text/csv": ("text/csv; charset=utf-8", en_csv),
    "text/tab-separated-values": ("text/tab-separated-values; charset=utf-8", en_tsv),
}
TAILLE_REQUETE_MAX = 100_000


class Publication:
    """Les fichiers de données chargés une fois pour toutes les requêtes `/sparql` (0,2 à 0,3 s par chargement avec
    l'extrait), et rechargés quand l'un d'eux change sur le disque (une nouvelle construction pendant que le serveur
    tourne). Chaque requête tourne toujours dans son propre fils, créé depuis ce magasin."""

    def __init__(self) -> None:
        self._verrou = threading.Lock()
        self._cle: tuple[tuple[str, int, int], ...] = ()
        self._magasin: ox.Store | None = None

    def magasin(self, fichiers: list[Path]) -> ox.Store:
        cle = tuple(_etat(f) for f in fichiers)
        with self._verrou:
            if self._magasin is None or cle != self._cle:
                self._magasin, self._cle = Embarque(fichiers).magasin, cle
            return self._magasin


@dataclass(frozen=True)
class Configuration:
    site: Path
    donnees: list[Path]
    delai: float = DELAI_REQUETE
    limite: int = LIMITE_LIGNES
    publication: Publication = field(default_factory=Publication, compare=False)


def _etat(fichier: Path) -> tuple[str, int, int]:
    """Ce qui change quand le fichier est réécrit ; un fichier absent est laissé au chargement, qui le dit."""
    try:
        etat = fichier.stat()
    except OSError:
        return str(fichier), -1, -1
    return str(fichier), etat.st_mtime_ns, etat.st_size


class Refus(Exception):
    def __init__(self, statut: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.statut = statut
        self.message = message


def fichier_du_site(racine: Path, chemin_url: str) -> Path | None:
    """Le fichier que désigne `chemin_url` (déjà décodé) à l'intérieur de `racine`, ou None.

    Refuse (Refus 400) tout segment `..`, toute barre oblique inverse et tout octet nul, puis vérifie que
    le chemin résolu (liens symboliques suivis) reste dans le dossier du site."""
    if "\x00" in chemin_url or "\\" in chemin_url:
        raise Refus(HTTPStatus.BAD_REQUEST, "chemin refusé")
    segments = chemin_url.split("/")
    if any(s in ("..", ".") for s in segments):
        raise Refus(HTTPStatus.BAD_REQUEST, "chemin refusé")
    relatif = posixpath.normpath("/" + chemin_url).lstrip("/")
    cible = (racine / relatif).resolve() if relatif else racine.resolve()
    if not cible.is_relative_to(racine.resolve()):
        raise Refus(HTTPStatus.BAD_REQUEST, "chemin refusé")
    if cible.is_dir():
        cible = cible / "index.html"
    return cible if cible.is_file() else None


def _format_resultats(accept: str | None) -> str:
    if not accept:
        return "application/sparql-results+json"
    for partie in accept.split(","):
        media = partie.split(";")[0].strip().lower()
        if media in RESULTATS:
            return media
        if media in ("*/*", "application/*"):
            return "application/sparql-results+json"
    raise Refus(HTTPStatus.NOT_ACCEPTABLE, "formats de résultats : " + ", ".join(RESULTATS))


def executer_sparql(configuration: Configuration, requete: str) -> Resultat:
    """Une requête de lecture sur la publication, avec les bornes de la ligne de commande ; Refus sinon."""
    if len(requete) > TAILLE_REQUETE_MAX:
        raise Refus(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"requête de plus de {TAILLE_REQUETE_MAX} caractères")
    try:
        verifier_lecture_seule(requete, "requête")
    except ErreurEntree as e:
        statut = HTTPStatus.FORBIDDEN if "mise à jour" in str(e) else HTTPStatus.BAD_REQUEST
        raise Refus(statut, str(e)) from None
    tronque: list[str] = []
    try:
        magasin = configuration.publication.magasin(configuration.donnees)
    except ErreurEntree as e:
        raise Refus(HTTPStatus.SERVICE_UNAVAILABLE, str(e)) from None
    moteur = Isole(configuration.donnees, configuration.delai, configuration.limite, avertir=tronque.append,
                   magasin=magasin)
    try:
        resultat = moteur.select(requete)
    except ErreurEntree as e:
        message = str(e)
        statut = HTTPStatus.SERVICE_UNAVAILABLE if "interrompue" in message or "mémoire" in message else HTTPStatus.BAD_REQUEST
        raise Refus(statut, message) from None
    if tronque:
        raise Refus(HTTPStatus.UNPROCESSABLE_ENTITY,
                    f"plus de {configuration.limite} lignes de résultat : ajoutez LIMIT à la requête.")
    return resultat


class Gestionnaire(BaseHTTPRequestHandler):
    configuration: Configuration
    server_version = "cartographie"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _repondre(self, statut: HTTPStatus, corps: bytes, type_: str, entetes: dict[str, str] | None = None) -> None:
        self.send_response(statut)
        self.send_header("Content-Type", type_)
        self.send_header("Content-Length", str(len(corps)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for nom, valeur in (entetes or {}).items():
            self.send_header(nom, valeur)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(corps)

    def _texte(self, statut: HTTPStatus, message: str) -> None:
        self._repondre(statut, (message + "\n").encode(), "text/plain; charset=utf-8")

    def _introuvable(self) -> None:
        page = self.configuration.site / "404.html"
        corps = page.read_bytes() if page.is_file() else b"Page introuvable\n"
        self._repondre(HTTPStatus.NOT_FOUND, corps, TYPES[".html"])

    def _chemin(self) -> tuple[str, dict[str, list[str]]]:
        decoupe = urllib.parse.urlsplit(self.path)
        return urllib.parse.unquote(decoupe.path, errors="strict"), urllib.parse.parse_qs(decoupe.query)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        try:
            chemin, parametres = self._chemin()
            if chemin == "/sparql":
                requete = parametres.get("query", [""])[0]
                if "update" in parametres:
                    raise Refus(HTTPStatus.FORBIDDEN, "point d'accès en lecture seule : mise à jour refusée")
                if not requete:
                    self._texte(HTTPStatus.OK, "Point d'accès SPARQL 1.1 en lecture seule : ?query=SELECT …")
                    return
                self._sparql(requete)
                return
            self._document(chemin)
        except UnicodeDecodeError:
            self._texte(HTTPStatus.BAD_REQUEST, "chemin refusé")
        except Refus as e:
            self._texte(e.statut, e.message)

    def do_POST(self) -> None:
        try:
            chemin, _ = self._chemin()
            if chemin != "/sparql":
                raise Refus(HTTPStatus.METHOD_NOT_ALLOWED, "POST n'est accepté que sur /sparql")
            longueur = int(self.headers.get("Content-Length") or 0)
            if longueur > TAILLE_REQUETE_MAX:
                raise Refus(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"requête de plus de {TAILLE_REQUETE_MAX} octets")
            corps = self.rfile.read(longueur).decode("utf-8")
            type_ = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if type_ == "application/sparql-update":
                raise Refus(HTTPStatus.FORBIDDEN, "point d'accès en lecture seule : mise à jour refusée")
            if type_ == "application/sparql-query":
                requete = corps
            elif type_ == "application/x-www-form-urlencoded":
                formulaire = urllib.parse.parse_qs(corps)
                if "update" in formulaire:
                    raise Refus(HTTPStatus.FORBIDDEN, "point d'accès en lecture seule : mise à jour refusée")
                requete = formulaire.get("query", [""])[0]
            else:
                raise Refus(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                            "types acceptés : application/sparql-query, application/x-www-form-urlencoded")
            self._sparql(requete)
        except (UnicodeDecodeError, ValueError):
            self._texte(HTTPStatus.BAD_REQUEST, "requête illisible")
        except Refus as e:
            self._texte(e.statut, e.message)

    def _sparql(self, requete: str) -> None:
        media = _format_resultats(self.headers.get("Accept"))
        resultat = executer_sparql(self.configuration, requete)
        type_, ecrire = RESULTATS[media]
        self._repondre(HTTPStatus.OK, ecrire(resultat).encode(), type_, {"Vary": "Accept"})

    def _document(self, chemin: str) -> None:
        media = negocier(self.headers.get("Accept"))
        cible = resoudre(chemin, media or "text/html")
        if cible is not None:
            if media is None:
                raise Refus(HTTPStatus.NOT_ACCEPTABLE, "formats disponibles : " + ", ".join(FORMATS))
            if fichier_du_site(self.configuration.site, cible) is None:
                self._introuvable()
                return
            self._repondre(HTTPStatus.SEE_OTHER, b"", TYPES[".html"], {"Location": "/" + cible, "Vary": "Accept"})
            return
        fichier = fichier_du_site(self.configuration.site, chemin.lstrip("/"))
        if fichier is None:
            self._introuvable()
            return
        type_ = TYPES.get(fichier.suffix) or mimetypes.guess_type(fichier.name)[0] or "application/octet-stream"
        self._repondre(HTTPStatus.OK, fichier.read_bytes(), type_)


def serveur(configuration: Configuration, port: int, hote: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Le serveur prêt à servir (`serve_forever`) ; `port=0` choisit un port libre (tests)."""
    if not (configuration.site / "index.html").is_file():
        raise ErreurEntree(
            f"{configuration.site} : pas de site construit ; lancez d'abord "
            f"`cartographie site --out {configuration.site}`.")
    gestionnaire = type("GestionnaireConfigure", (Gestionnaire,), {"configuration": configuration})
    try:
        return ThreadingHTTPServer((hote, port), gestionnaire)
    except OSError as e:
        raise ErreurEntree(f"impossible d'écouter sur {hote}:{port} ({e.strerror}).") from None
