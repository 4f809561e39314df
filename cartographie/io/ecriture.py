"""Écriture atomique des fichiers publiés.

Atomique : chaque fichier est écrit à côté sous un nom temporaire puis renommé ; en cas d'erreur,
l'ancien fichier reste intact et aucun fichier temporaire ne traîne.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

PREFIXE_TEMPORAIRE = ".cartographie-tmp-"


def _droits_ordinaires(descripteur: int) -> None:
    """mkstemp crée en 0600 ; un fichier publié doit être lisible comme tout autre (0644 moins l'umask)."""
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(descripteur, 0o666 & ~umask)


@contextmanager
def _fichier_temporaire(dossier: Path, nom: str) -> Iterator[tuple[TextIO, Path]]:
    """Un fichier texte temporaire voisin de sa cible, écrit jusqu'au disque, effacé en cas d'échec."""
    dossier.mkdir(parents=True, exist_ok=True)
    descripteur, chemin = tempfile.mkstemp(prefix=f"{PREFIXE_TEMPORAIRE}{nom}.", dir=dossier)
    _droits_ordinaires(descripteur)
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8", newline="\n") as f:
            yield f, Path(chemin)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(chemin).unlink(missing_ok=True)
        raise


def _temporaire(dossier: Path, nom: str, contenu: str) -> Path:
    with _fichier_temporaire(dossier, nom) as (f, chemin):
        f.write(contenu)
    return chemin


@contextmanager
def ecriture_atomique(chemin: Path) -> Iterator[TextIO]:
    """Un fichier texte écrit en flux dans un temporaire voisin, renommé en `chemin` à la fin
    seulement si tout s'est bien passé (les gros imports ne tiennent pas en mémoire)."""
    with _fichier_temporaire(chemin.parent, chemin.name) as (f, temporaire):
        yield f
    os.replace(temporaire, chemin)


def publier_fichiers(dossier: Path, contenus: Mapping[str, str]) -> None:
    """Écrit tous les fichiers de `contenus` dans `dossier`, sans jamais laisser un fichier à moitié écrit.

    Tous les fichiers temporaires voisins sont écrits d'abord ; si l'un échoue, ils sont effacés et
    rien n'a changé. Ensuite seulement, chaque fichier remplace l'ancien par un renommage atomique.
    Les temporaires laissés par un processus tué sont effacés au passage suivant.
    """
    dossier.mkdir(parents=True, exist_ok=True)
    for reste in dossier.glob(f"{PREFIXE_TEMPORAIRE}*"):
        reste.unlink(missing_ok=True)
    prets: list[tuple[Path, Path]] = []
    try:
        for nom in sorted(contenus):
            prets.append((_temporaire(dossier, nom, contenus[nom]), dossier / nom))
    except BaseException:
        for temporaire, _ in prets:
            temporaire.unlink(missing_ok=True)
        raise
    for temporaire, cible in prets:
        os.replace(temporaire, cible)
