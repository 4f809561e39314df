"""Où chaque ressource a sa page et ses descriptions dans le site, et la table de négociation de contenu.

Une IRI de ressource `{espace}X` (l'espace des IRI de la branche, `void:uriSpace` de son jeu de
données, par exemple `https://w3id.org/metiers-exemple/id/X`) désigne une chose (un métier, une
compétence), pas un document : suivant la note W3C « Cool URIs for the Semantic Web » (§ 4.3, « 303 URIs
forwarding to different documents »), elle répond `303 See Other` vers le document qui la décrit dans le
format demandé : `id/X.html` (la page), `id/X.ttl`, `id/X.jsonld` ou `id/X.nt`. Les termes du vocabulaire
sont des IRI à dièse (`…/def#Metier`) : le client demande `…/def`, qui répond de même `303` vers
`def.html` (la documentation pyLODE), `def.ttl`, `def.jsonld` ou `def.nt`.

`cartographie serve` et les règles `.htaccess` de w3id.org sont tous deux écrits à partir de `REGLES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# L'espace des IRI de la branche publiée et l'adresse de sa publication : des données de la branche
# (`void:uriSpace` et `dcat:landingPage` de son jeu de données), lues par `configurer` avant de construire
# ou de servir le site. Le code n'en connaît aucune.
_ESPACE = {"id": "", "base": ""}


def configurer(espace_id: str, base: str) -> None:
    _ESPACE.update(id=espace_id, base=base)


def espace_id() -> str:
    if not _ESPACE["id"]:
        raise ValueError("espace des IRI inconnu : la publication ne dit pas void:uriSpace de son jeu de données")
    return _ESPACE["id"]


def base() -> str:
    return _ESPACE["base"]

# Type de média → extension du document ; l'ordre départage deux types de même qualité (HTML d'abord,
# comme un navigateur l'attend).
FORMATS: dict[str, str] = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
}
# Synonymes que des clients envoient (RDFLib, Jena, anciens navigateurs).
SYNONYMES: dict[str, str] = {
    "application/xhtml+xml": "text/html",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
}


@dataclass(frozen=True)
class Regle:
    """Un chemin d'IRI (expression régulière sur le chemin sans « / » initial) et le document vers
    lequel il renvoie, `{ext}` étant l'extension du format négocié et `\\1` le groupe capturé."""

    motif: str
    cible: str
    explication: str


REGLES: tuple[Regle, ...] = (
    Regle(r"^id/([A-Za-z0-9_-]+)$", r"id/\1.{ext}", "une ressource des données (métier, famille, compétence…)"),
    Regle(r"^def$", "def.{ext}", "le vocabulaire (les termes sont des IRI à dièse : …/def#Metier)"),
)


def page(iri: str) -> str:
    """Le chemin, relatif à la racine du site, de la page d'une ressource de l'espace id/."""
    return document(iri, "html")


def document(iri: str, extension: str) -> str:
    espace = espace_id()
    if not iri.startswith(espace):
        raise ValueError(f"{iri} n'est pas une ressource de l'espace {espace}")
    return f"id/{iri.removeprefix(espace)}.{extension}"


def resoudre(chemin: str, media: str) -> str | None:
    """Le document (chemin relatif) vers lequel l'IRI de `chemin` renvoie pour le type `media`, ou None si
    `chemin` n'est pas une IRI de ressource."""
    chemin = chemin.lstrip("/")
    for regle in REGLES:
        if re.fullmatch(regle.motif, chemin):
            return re.sub(regle.motif, regle.cible.replace("{ext}", FORMATS[media]), chemin)
    return None


def _qualites(accept: str) -> list[tuple[str, float, int]]:
    gammes = []
    for rang, partie in enumerate(accept.split(",")):
        morceaux = [m.strip() for m in partie.split(";")]
        if not morceaux[0]:
            continue
        q = 1.0
        for parametre in morceaux[1:]:
            nom, _, valeur = parametre.partition("=")
            if nom.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(valeur)))
                except ValueError:
                    q = 0.0
        gammes.append((morceaux[0].lower(), q, rang))
    return gammes


def negocier(accept: str | None) -> str | None:
    """Le type de `FORMATS` préféré par l'en-tête Accept (RFC 9110 § 12.5.1), ou None si aucun ne convient
    (→ 406). Sans en-tête, la page HTML."""
    if not accept or not accept.strip():
        return "text/html"
    meilleur: tuple[float, int, int, str] | None = None
    for ordre, media in enumerate(FORMATS):
        qualite = None
        precision = -1
        for gamme, q, _ in _qualites(accept):
            gamme = SYNONYMES.get(gamme, gamme)
            type_, _, sous_type = gamme.partition("/")
            if gamme == media:
                niveau = 2
            elif sous_type == "*" and media.startswith(type_ + "/"):
                niveau = 1
            elif gamme == "*/*":
                niveau = 0
            else:
                continue
            if niveau > precision:
                precision, qualite = niveau, q
        if qualite and qualite > 0:
            candidat = (qualite, precision, -ordre, media)
            if meilleur is None or candidat[:3] > meilleur[:3]:
                meilleur = candidat
    return meilleur[3] if meilleur else None
