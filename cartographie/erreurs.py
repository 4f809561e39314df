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


LONGUEUR_CITATION = 80


def cite(valeur: object, longueur: int = LONGUEUR_CITATION) -> str:
    """Une valeur reçue de l'utilisateur, pour un message : abrégée au-delà de `longueur` caractères,
    pour qu'un argument de 100 Ko ne soit pas recopié en entier dans l'erreur."""
    texte = str(valeur)
    if len(texte) <= longueur:
        return texte
    return f"{texte[:longueur]}… ({len(texte)} caractères)"


def inattendue(erreur: BaseException) -> str:
    """Le message d'une exception qu'aucune couche n'a traduite : la CLI le montre au lieu d'une trace."""
    if isinstance(erreur, RecursionError):
        return "entrée trop profondément imbriquée pour être lue."
    if isinstance(erreur, MemoryError):
        return "mémoire épuisée."
    if isinstance(erreur, OSError) and erreur.strerror:
        chemin = f"{cite(erreur.filename)} : " if erreur.filename else ""
        return f"{chemin}{erreur.strerror} (erreur système {erreur.errno})."
    return f"erreur inattendue ({type(erreur).__name__} : {cite(erreur, 300)}) ; merci de la signaler."
