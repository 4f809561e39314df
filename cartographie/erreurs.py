"""Erreurs destinées à l'utilisateur : un message en français et un code de sortie documenté."""

from __future__ import annotations

SORTIE_OK = 0
SORTIE_NON_CONFORME = 1
SORTIE_ENTREE_INVALIDE = 2


class ErreurCartographie(Exception):
    """Erreur connue : la CLI affiche le message, sans trace de pile, et sort avec `code`."""

    code = SORTIE_ENTREE_INVALIDE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ErreurEntree(ErreurCartographie):
    """Fichier, paramètre ou service qui ne peut pas être lu ou utilisé."""


class ErreurValidation(ErreurCartographie):
    """Données lisibles mais non conformes aux formes SHACL ou aux contrôles qualité."""

    code = SORTIE_NON_CONFORME
