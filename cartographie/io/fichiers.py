"""L'accès aux fichiers de données, avant toute analyse RDF : formats reconnus, fichiers ordinaires seulement,
dossiers développés dans un ordre stable, texte UTF-8.

Sans rdflib : `validate` d'une publication intacte lit et valide sans le charger (voir
`construction/verifier.py`).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree, cite

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
# Les formats que pyoxigraph lit (8 à 12 fois plus vite que rdflib) ; les autres passent par rdflib.
FORMATS_OXIGRAPH = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def format_de(chemin: Path) -> str:
    try:
        return FORMATS[chemin.suffix.lower()]
    except KeyError:
        connus = ", ".join(sorted(FORMATS))
        raise ErreurEntree(
            f"{cite(chemin)} : extension « {cite(chemin.suffix)} » non reconnue (attendu : {connus})."
        ) from None


def lire_texte(chemin: Path) -> str:
    """Le texte UTF-8 de `chemin`, sans marque d'ordre des octets ; un fichier vide ou mal encodé est une
    erreur qui nomme la ligne et l'octet."""
    try:
        brut = chemin.read_bytes()
    except OSError as e:
        raise ErreurEntree(f"{chemin} : lecture impossible ({e.strerror}).") from None
    if not brut.strip():
        raise ErreurEntree(f"{chemin} : fichier vide.")
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as e:
        ligne = brut[: e.start].count(b"\n") + 1
        raise ErreurEntree(
            f"{chemin}, ligne {ligne} : octet {brut[e.start]:#04x} invalide en UTF-8 "
            "(le fichier doit être encodé en UTF-8)."
        ) from None
    return texte.removeprefix("\ufeff")


def _etat(chemin: Path) -> os.stat_result | None:
    """L'état de `chemin` (None s'il n'existe pas) ; un nom trop long ou un accès refusé deviennent des
    erreurs qui nomment le chemin (abrégé) et la cause."""
    try:
        return chemin.stat()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ErreurEntree(f"{cite(chemin)} : {_CAUSES.get(e.errno, e.strerror)}.") from None


_CAUSES = {errno.ENAMETOOLONG: "nom de fichier trop long", errno.EACCES: "accès refusé",
           errno.ELOOP: "trop de liens symboliques", errno.ENOTDIR: "un élément du chemin n'est pas un dossier"}


def fichier_ordinaire(chemin: Path) -> Path:
    """`chemin`, s'il désigne un fichier ordinaire : une FIFO, un périphérique ou une socket feraient
    attendre la lecture sans fin, un dossier n'est pas un document."""
    etat = _etat(chemin)
    if etat is None:
        raise ErreurEntree(f"{cite(chemin)} : fichier introuvable.")
    if not stat.S_ISREG(etat.st_mode):
        nature = "un dossier" if stat.S_ISDIR(etat.st_mode) else "un fichier spécial (FIFO, périphérique ou socket)"
        raise ErreurEntree(f"{cite(chemin)} : {nature}, pas un fichier ordinaire.")
    return chemin


def fichiers_rdf(chemins: Iterable[Path]) -> list[Path]:
    """Développe les dossiers en fichiers RDF triés : l'ordre de lecture ne dépend pas du disque.
    Un dossier qui ne contient aucun fichier RDF est une erreur : valider « rien » n'est pas conforme."""
    resultat: list[Path] = []
    for chemin in chemins:
        etat = _etat(chemin)
        if etat is not None and stat.S_ISDIR(etat.st_mode):
            trouves = sorted(fichier_ordinaire(p) for p in chemin.rglob("*")
                             if p.suffix.lower() in FORMATS and not p.is_dir())
            if not trouves:
                raise ErreurEntree(f"{cite(chemin)} : dossier sans fichier RDF "
                                   f"(extensions lues : {', '.join(sorted(FORMATS))}).")
            resultat.extend(trouves)
        else:
            resultat.append(fichier_ordinaire(chemin))
    return resultat
