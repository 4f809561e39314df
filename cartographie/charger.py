"""Lecture des fichiers RDF : erreurs en français avec fichier et ligne, et aucun accès réseau.

Un fichier reçu d'un partenaire ne doit jamais faire lire au programme autre chose que lui-même :
les contextes JSON-LD distants sont refusés (sauf le nôtre, servi depuis le dépôt) et le XML
passe d'abord par defusedxml, qui refuse DTD et entités.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

import defusedxml.ElementTree
from rdflib import Graph, Literal
from rdflib.plugins.parsers.notation3 import BadSyntax

from .erreurs import ErreurEntree
from .exporter import contexte_jsonld

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
CONTEXTE_IRI = "https://w3id.org/metiers-assistance/context.jsonld"

# rdflib signale les littéraux mal typés par un simple avertissement : on les traite nous-mêmes.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


def format_de(chemin: Path) -> str:
    try:
        return FORMATS[chemin.suffix.lower()]
    except KeyError:
        connus = ", ".join(sorted(FORMATS))
        raise ErreurEntree(
            f"{chemin} : extension « {chemin.suffix} » non reconnue (attendu : {connus})."
        ) from None


def _texte(chemin: Path) -> str:
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


def _contexte_sans_reseau(valeur: object, chemin: Path) -> object:
    """Remplace notre contexte par sa copie locale ; refuse tout autre contexte distant."""
    if isinstance(valeur, str):
        if valeur == CONTEXTE_IRI:
            return contexte_jsonld()["@context"]
        raise ErreurEntree(
            f"{chemin} : contexte JSON-LD distant « {valeur} » refusé (aucun accès réseau ; "
            "intégrez le contexte dans le document)."
        )
    if isinstance(valeur, list):
        return [_contexte_sans_reseau(v, chemin) for v in valeur]
    return valeur


def _jsonld_local(texte: str, chemin: Path) -> str:
    try:
        doc = json.loads(texte)
    except json.JSONDecodeError as e:
        raise ErreurEntree(f"{chemin}, ligne {e.lineno} : JSON invalide ({e.msg}).") from None

    def parcourir(noeud: object) -> object:
        if isinstance(noeud, dict):
            return {
                k: (_contexte_sans_reseau(v, chemin) if k == "@context" else parcourir(v))
                for k, v in noeud.items()
            }
        if isinstance(noeud, list):
            return [parcourir(n) for n in noeud]
        return noeud

    return json.dumps(parcourir(doc))


def _ligne_de(texte: str, fragment: str) -> str:
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        if fragment in ligne:
            return f", ligne {numero}"
    return ""


def charger_fichier(chemin: Path, graphe: Graph | None = None) -> Graph:
    """Ajoute le contenu de `chemin` à `graphe` (ou à un graphe neuf) et le renvoie."""
    fmt = format_de(chemin)
    texte = _texte(chemin)
    if fmt == "json-ld":
        texte = _jsonld_local(texte, chemin)
    elif fmt == "xml":
        try:
            defusedxml.ElementTree.fromstring(texte.encode("utf-8"), forbid_dtd=True)
        except defusedxml.DefusedXmlException as e:
            raise ErreurEntree(f"{chemin} : XML refusé, DTD ou entité externe ({e}).") from None
        except defusedxml.ElementTree.ParseError as e:
            raise ErreurEntree(f"{chemin}, ligne {e.position[0]} : XML invalide ({e}).") from None
    g = Graph() if graphe is None else graphe
    lu = Graph()
    try:
        lu.parse(data=texte, format=fmt, publicID=chemin.resolve().as_uri())
    except BadSyntax as e:
        raise ErreurEntree(
            f"{chemin}, ligne {e.lines + 1} : syntaxe {fmt} invalide ({e._why})."
        ) from None
    except ErreurEntree:
        raise
    except Exception as e:  # les analyseurs de rdflib lèvent des types variés
        raise ErreurEntree(f"{chemin} : document {fmt} illisible ({e}).") from None
    for _, _, o in lu:
        if isinstance(o, Literal) and o.ill_typed:
            raise ErreurEntree(
                f"{chemin}{_ligne_de(texte, str(o))} : valeur « {o} » invalide pour le type "
                f"{o.datatype.n3(lu.namespace_manager)}."
            )
    for triple in lu:
        g.add(triple)
    return g


def fichiers_rdf(chemins: Iterable[Path]) -> list[Path]:
    """Développe les dossiers en fichiers RDF triés : l'ordre de lecture ne dépend pas du disque."""
    resultat: list[Path] = []
    for chemin in chemins:
        if chemin.is_dir():
            resultat.extend(
                sorted(p for p in chemin.rglob("*") if p.suffix.lower() in FORMATS and p.is_file())
            )
        elif chemin.exists():
            resultat.append(chemin)
        else:
            raise ErreurEntree(f"{chemin} : fichier introuvable.")
    return resultat


def charger(chemins: Iterable[Path]) -> Graph:
    g = Graph()
    for chemin in fichiers_rdf(chemins):
        charger_fichier(chemin, g)
    return g
