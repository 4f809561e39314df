"""Lecture contrôlée des fichiers CSV des exports officiels : en-tête, séparateur, encodage, en flux."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.progression import suivre


def doubles_apostrophes(texte: str) -> str:
    """« d''un » → « d'un » : l'échappement SQL resté dans les exports publiés."""
    return texte.replace("''", "'")


def lire_csv(chemin: Path, colonnes: tuple[str, ...], separateur: str, encodage: str = "utf-8") -> Iterator[dict[str, str]]:
    """Les lignes de `chemin` comme dictionnaires, après contrôle de l'en-tête, du séparateur et de l'encodage."""
    if not chemin.exists():
        raise ErreurEntree(f"{chemin} : fichier introuvable.")
    with chemin.open(encoding=encodage, newline="") as f:
        lecteur = csv.reader(f, delimiter=separateur)
        try:
            entete = next(lecteur)
        except StopIteration:
            raise ErreurEntree(f"{chemin} : fichier vide.") from None
        except UnicodeDecodeError as e:
            raise ErreurEntree(f"{chemin}, ligne 1 : encodage invalide (attendu {encodage}) : {e.reason}.") from None
        entete = [c.strip().strip("\ufeff") for c in entete]
        if len(entete) == 1 and any(s in entete[0] for s in ",;\t" if s != separateur):
            trouve = next(s for s in ",;\t" if s in entete[0])
            raise ErreurEntree(f"{chemin}, ligne 1 : séparateur « {separateur} » attendu, le fichier utilise « {trouve} ».")
        manquantes = [c for c in colonnes if c not in entete]
        if manquantes:
            raise ErreurEntree(
                f"{chemin}, ligne 1 : colonne(s) {', '.join(manquantes)} absente(s) ; ce fichier n'est pas reconnu "
                f"(colonnes lues : {', '.join(entete[:12])})."
            )
        try:
            for valeurs in suivre(lecteur, chemin.name, "ligne"):
                if not any(valeurs):
                    continue
                if len(valeurs) != len(entete):
                    raise ErreurEntree(f"{chemin}, ligne {lecteur.line_num} : {len(valeurs)} champs au lieu de {len(entete)}.")
                yield dict(zip(entete, valeurs, strict=True))
        except UnicodeDecodeError as e:
            raise ErreurEntree(
                f"{chemin}, vers la ligne {lecteur.line_num + 1} : encodage invalide (attendu {encodage}) : {e.reason}."
            ) from None
        except csv.Error as e:
            raise ErreurEntree(f"{chemin}, ligne {lecteur.line_num} : CSV invalide ({e}).") from None


def fichier_versionne(dossier: Path, motif: str, quoi: str) -> tuple[Path, str]:
    """Le fichier de `dossier` qui répond à `motif` (le plus récent s'il y en a plusieurs) et la version
    que porte son nom (« v460 », « 2026_02_01 ») ; refuse un dossier qui n'est pas l'export attendu."""
    if not dossier.is_dir():
        raise ErreurEntree(f"{dossier} : dossier introuvable.")
    trouves = sorted(dossier.glob(motif))
    if not trouves:
        raise ErreurEntree(f"{dossier} : aucun fichier {motif} ; ce dossier n'est pas un export {quoi}.")
    m = re.search(r"_(v\d+)_utf8\.csv$|_(\d{4}_\d{2}_\d{2})\.csv$", trouves[-1].name)
    version = (m.group(1) or m.group(2)) if m else ""
    return trouves[-1], version
