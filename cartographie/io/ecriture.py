"""Écriture atomique des fichiers publiés.

Un fichier : écrit à côté sous un nom temporaire puis renommé ; en cas d'erreur, l'ancien fichier
reste intact et aucun fichier temporaire ne traîne.

Un jeu de fichiers (la publication, les fiches) : écrit en entier dans un dossier temporaire voisin,
qui prend la place de l'ancien dossier en une seule opération (échange atomique des deux dossiers).
Un processus tué à n'importe quel moment laisse l'ancien jeu ou le nouveau, jamais un mélange ; les
restes (`.cartographie-tmp-*`, ignorés par git) sont effacés au passage suivant.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from cartographie.erreurs import ErreurEntree, cite

PREFIXE_TEMPORAIRE = ".cartographie-tmp-"


def _droits_ordinaires(descripteur: int) -> None:
    """mkstemp crée en 0600 ; un fichier publié doit être lisible comme tout autre (0644 moins l'umask)."""
    os.fchmod(descripteur, 0o666 & ~_umask())


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


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _echanger(a: Path, b: Path) -> None:
    """Échange les dossiers `a` et `b` en une opération atomique (renameat2 avec RENAME_EXCHANGE, Linux
    3.15 et plus). Ailleurs, deux renommages : un processus tué entre les deux laisse `b` absent (jamais
    mélangé) jusqu'à la construction suivante."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(b))
    ancien = a.with_name(a.name + "-ancien")
    os.rename(b, ancien)
    os.rename(a, b)
    os.rename(ancien, a)


def _synchroniser(dossier: Path) -> None:
    descripteur = os.open(dossier, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descripteur)
    finally:
        os.close(descripteur)


def dossier_existant(dossier: Path) -> bool:
    """Si `dossier` existe ; erreur si c'est autre chose qu'un dossier. Sert à refuser une sortie
    impossible avant un long calcul."""
    try:
        etat = dossier.stat()
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        # Un des dossiers du chemin est un fichier : on le nomme, plutôt que l'erreur du système (en anglais).
        fichier = next((p for p in reversed(dossier.parents) if p.exists() and not p.is_dir()), dossier.parent)
        raise ErreurEntree(f"{cite(dossier)} : impossible d'y écrire, {cite(fichier)} est un fichier et non un dossier ; "
                           "rien n'a été écrit.") from None
    except OSError as e:
        raise ErreurEntree(f"{cite(dossier)} : {e.strerror}.") from None
    if not stat.S_ISDIR(etat.st_mode):
        raise ErreurEntree(f"{cite(dossier)} existe et n'est pas un dossier : rien n'a été écrit "
                           "(donnez un dossier, existant ou à créer).")
    return True


def _verifier_remplacable(dossier: Path, noms: Collection[str]) -> bool:
    """Si `dossier` existe, et alors il ne contient que des fichiers du jeu : remplacer un dossier qui
    contient autre chose effacerait des fichiers qui ne viennent pas de nous."""
    if not dossier_existant(dossier):
        return False
    etrangers = sorted(p.name for p in dossier.iterdir() if p.name not in noms or not p.is_file())
    if etrangers:
        raise ErreurEntree(
            f"{cite(dossier)} contient {cite(', '.join(etrangers))}, qui ne vient pas d'une publication : rien "
            "n'a été écrit (le dossier est remplacé en entier ; videz-le ou choisissez-en un autre).")
    return True


def publier_dossier(dossier: Path, contenus: Mapping[str, str], remplacables: Collection[str] = ()) -> None:
    """Remplace `dossier` par un dossier qui contient exactement les fichiers de `contenus`, en une seule
    opération visible : on ne voit jamais l'ancien et le nouveau mélangés. `remplacables` nomme les
    fichiers qu'un jeu précédent pouvait contenir et que celui-ci n'a plus."""
    dossier = dossier.absolute()
    existe = _verifier_remplacable(dossier, {*contenus, *remplacables})
    parent = dossier.parent
    parent.mkdir(parents=True, exist_ok=True)
    prefixe = f"{PREFIXE_TEMPORAIRE}{dossier.name}-"
    for reste in parent.glob(f"{prefixe}*"):
        shutil.rmtree(reste, ignore_errors=True)
    nouveau = Path(tempfile.mkdtemp(prefix=prefixe, dir=parent))
    try:
        os.chmod(nouveau, 0o777 & ~_umask())
        for nom in sorted(contenus):
            with (nouveau / nom).open("w", encoding="utf-8", newline="\n") as f:
                f.write(contenus[nom])
                f.flush()
                os.fsync(f.fileno())
        _synchroniser(nouveau)
        if existe:
            _echanger(nouveau, dossier)
        else:
            os.rename(nouveau, dossier)
        _synchroniser(parent)
    finally:
        shutil.rmtree(nouveau, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
