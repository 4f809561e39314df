"""Branches synthétiques : la base clonée N fois, pour mesurer ce que coûterait une publication à plusieurs branches.

La branche 0 est la base telle quelle ; la branche k (k ≥ 1) en est une copie dont chaque ressource
propre (`id:`, axiomes des tables d'alignement) est réécrite sous `…/branche-k/`, dont les effectifs sont perturbés (± 20 %,
graine fixe : deux exécutions donnent les mêmes données). Ses codes (`skos:notation`) restent ceux de la
base : un code n'est unique que dans sa nomenclature (`skos:inScheme`), réécrite elle aussi.
Le vocabulaire (`cma:`) et les référentiels nationaux (`ref:`) sont partagés :
toutes les branches s'alignent sur le même ROME.
"""

from __future__ import annotations

import random
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from cartographie.construction.construire import charger_donnees, deduire, lire_extrait
from cartographie.construction.decrire import completer_comptes, description
from cartographie.io.rdf import charger, en_ntriples
from cartographie.projet import Projet
from cartographie.vocab import CMA, DCAT, ID

_PERTURBES = (CMA.effectif,)
# Les ressources propres à une branche : ses concepts et les axiomes de ses tables d'alignement.
PROPRES = (str(ID), "https://w3id.org/metiers-assistance/alignements/")


def _propre(t: object) -> str | None:
    """Le préfixe propre à une branche par lequel commence `t`, s'il y en a un."""
    return next((p for p in PROPRES if isinstance(t, URIRef) and t.startswith(p)), None)


def branche(donnees: Graph, k: int, hasard: random.Random) -> Graph:
    """La copie numéro `k` de `donnees` (k ≥ 1)."""
    branche_k = f"branche-{k:03d}/"
    iris: dict[URIRef, URIRef] = {}
    anonymes: dict[BNode, BNode] = {}

    def terme(t: object) -> object:
        if (prefixe := _propre(t)) is not None:
            if t not in iris:
                iris[t] = URIRef(prefixe + branche_k + t[len(prefixe):])  # type: ignore[index]
            return iris[t]
        if isinstance(t, BNode):
            return anonymes.setdefault(t, BNode(f"{t}b{k}"))
        return t

    decrits = set(donnees.subjects(RDF.type, DCAT.Dataset)) | set(donnees.subjects(RDF.type, DCAT.Catalog))
    copie = Graph()
    # Tri : le tirage des perturbations ne dépend pas de l'ordre d'itération du graphe.
    for s, p, o in sorted(donnees, key=lambda triplet: tuple(t.n3() for t in triplet)):
        if s in decrits:
            continue  # la publication décrit un seul jeu de données et un seul catalogue : les copies la grossissent
        if p in _PERTURBES and isinstance(o, Literal):
            o = Literal(max(0, round(int(o) * hasard.uniform(0.8, 1.2))), datatype=XSD.integer)
        copie.add((terme(s), p, terme(o)))  # type: ignore[arg-type]
    return copie


def branches(donnees: Graph, n: int, graine: int = 2009) -> Graph:
    """La base et ses n - 1 copies, dans un seul graphe."""
    hasard = random.Random(graine)
    tout = Graph()
    tout += donnees
    for k in range(1, n):
        tout += branche(donnees, k, hasard)
    return tout


def ecrire_publication(projet: Projet, n: int, fichier: Path) -> int:
    """Écrit en N-Triples la publication de n branches (données, déductions et bilans tirés de l'extrait,
    description et ses comptes VoID, sans SHACL), pour la charger dans un serveur à côté de l'extrait ou la valider
    comme une publication intacte (`construction/verifier.py`) ; rend le nombre de triplets."""
    ontologie = charger([projet.ontologie])
    donnees = branches(charger_donnees([projet.donnees])[0], n)
    publication = ontologie + donnees + deduire(ontologie, donnees, projet, lire_extrait(projet.extrait))
    publication += description(publication, "")
    completer_comptes(publication)
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text(en_ntriples(publication), encoding="utf-8")
    return len(publication)
