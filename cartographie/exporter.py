"""Écriture déterministe et atomique des fichiers publiés.

Déterministe : les mêmes entrées donnent des fichiers identiques à l'octet près, quel que soit
l'ordre des ensembles de Python (le hachage des chaînes change à chaque processus). On trie donc
les N-Triples ligne à ligne et le JSON-LD nœud à nœud, et on évite les nœuds anonymes.
Atomique : chaque fichier est écrit à côté sous un nom temporaire puis renommé ; en cas d'erreur,
l'ancien fichier reste intact et aucun fichier temporaire ne traîne.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph

from .espaces import PREFIXES


def graphe_prefixe(graphe: Graph) -> Graph:
    """Une copie de `graphe` avec nos seuls préfixes, pour une sortie Turtle stable et lisible."""
    copie = Graph(bind_namespaces="none")
    for prefixe, espace in PREFIXES.items():
        copie.bind(prefixe, espace)
    copie += graphe
    return copie


def en_turtle(graphe: Graph) -> str:
    return graphe_prefixe(graphe).serialize(format="turtle")


def en_ntriples(graphe: Graph) -> str:
    lignes = graphe.serialize(format="nt").splitlines()
    return "\n".join(sorted(set(ligne for ligne in lignes if ligne.strip()))) + "\n"


def contexte_jsonld() -> dict[str, object]:
    return {"@context": {prefixe: str(espace) for prefixe, espace in sorted(PREFIXES.items())}}


def _trier_json(valeur: object) -> object:
    if isinstance(valeur, dict):
        return {k: _trier_json(v) for k, v in sorted(valeur.items())}
    if isinstance(valeur, list):
        elements = [_trier_json(v) for v in valeur]
        return sorted(elements, key=lambda e: json.dumps(e, sort_keys=True, ensure_ascii=False))
    return valeur


def en_jsonld(graphe: Graph, contexte_iri: str) -> str:
    contexte = contexte_jsonld()["@context"]
    brut = json.loads(graphe.serialize(format="json-ld", context=contexte, auto_compact=True))
    noeuds = brut.get("@graph", [brut]) if isinstance(brut, dict) else brut
    for noeud in noeuds:
        noeud.pop("@context", None)
    document = {"@context": contexte_iri, "@graph": _trier_json(noeuds)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def ecrire_atomique(chemin: Path, contenu: str) -> None:
    """Écrit `contenu` dans `chemin` par un fichier temporaire voisin puis un renommage."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(prefix=f".{chemin.name}.", dir=chemin.parent)
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8", newline="\n") as f:
            f.write(contenu)
        os.replace(temporaire, chemin)
    except BaseException:
        Path(temporaire).unlink(missing_ok=True)
        raise


def publier_fichiers(dossier: Path, contenus: Mapping[str, str]) -> None:
    """Écrit tous les fichiers ; le contenu est déjà calculé, seul l'écrit peut encore échouer."""
    for nom in sorted(contenus):
        ecrire_atomique(dossier / nom, contenus[nom])
