"""Lecture et écriture des fichiers RDF.

Écriture déterministe : les mêmes entrées donnent des fichiers identiques à l'octet près, quel que
soit l'ordre des ensembles de Python (le hachage des chaînes change à chaque processus). On trie
donc les N-Triples ligne à ligne et le JSON-LD nœud à nœud, et on évite les nœuds anonymes.

Lecture : erreurs en français avec fichier et ligne, et aucun accès réseau.

Un fichier reçu d'un partenaire ne doit jamais faire lire au programme autre chose que lui-même :
les contextes JSON-LD distants sont refusés (sauf le nôtre, servi depuis le dépôt) et le XML
passe d'abord par defusedxml, qui refuse DTD et entités.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

import defusedxml.ElementTree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL
from rdflib.plugins.parsers.notation3 import BadSyntax

from cartographie.erreurs import ErreurEntree
from cartographie.vocab import CONTEXTE_IRI, PREFIXES, contexte_jsonld

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

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
    """Remplace notre contexte par sa copie locale ; refuse tout autre contexte distant,
    y compris par le mot-clé `@import` de JSON-LD 1.1."""
    if isinstance(valeur, dict) and "@import" in valeur:
        raise ErreurEntree(
            f"{chemin} : « @import » de contexte JSON-LD « {valeur['@import']} » refusé (aucun accès réseau)."
        )
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


_CARACTERES_INTERDITS_IRI = re.compile(r'[\s<>"{}|^`\\]')
# Les imports de notre propre vocabulaire sont satisfaits localement (il est toujours chargé) ;
# tout autre owl:imports est refusé plutôt que suivi sur le réseau.
IMPORTS_LOCAUX = frozenset({"https://w3id.org/metiers-assistance/def", "https://w3id.org/metiers-assistance/def#"})


def _verifier_termes(graphe: Graph, texte: str, chemin: Path) -> None:
    for triple in graphe:
        for terme in triple:
            if isinstance(terme, URIRef) and _CARACTERES_INTERDITS_IRI.search(terme):
                raise ErreurEntree(f"{chemin}{_ligne_de(texte, str(terme))} : IRI invalide « {terme} » "
                                   "(espace ou caractère interdit).")
            if isinstance(terme, Literal) and terme.ill_typed:
                raise ErreurEntree(
                    f"{chemin}{_ligne_de(texte, str(terme))} : valeur « {terme} » invalide pour le type "
                    f"{terme.datatype.n3(graphe.namespace_manager)}."
                )
    for cible in graphe.objects(None, OWL.imports):
        if str(cible) not in IMPORTS_LOCAUX:
            raise ErreurEntree(f"{chemin}{_ligne_de(texte, str(cible))} : owl:imports <{cible}> refusé "
                               "(aucun document distant n'est chargé ; fournissez-le comme fichier).")


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
        m = re.search(r"Invalid line: (.+)", str(e))
        ligne = _ligne_de(texte, m.group(1).strip()[:40]) if m else ""
        raise ErreurEntree(f"{chemin}{ligne} : document {fmt} illisible ({e}).") from None
    _verifier_termes(lu, texte, chemin)
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


# Écriture déterministe ----------------------------------------------------------------------

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
    # split("\n") et non splitlines() : un littéral peut contenir \x0c, \x1e ou \u2028, que
    # splitlines() prendrait pour des fins de ligne (trouvé par les tests de propriétés).
    lignes = graphe.serialize(format="nt").split("\n")
    return "\n".join(sorted(set(ligne for ligne in lignes if ligne.strip()))) + "\n"


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
