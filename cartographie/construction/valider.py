"""Validation SHACL (pySHACL) et rapport lisible en français.

Le rapport de pySHACL est un graphe ; les utilisateurs veulent une liste : quelle ressource
(avec le code de fiche et le texte de l'élément), quelle propriété, quel message, quel fichier.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH, SKOS, NamespaceManager

from cartographie.io.rdf import graphe_prefixe
from cartographie.vocab import CMA


@dataclass(frozen=True)
class Violation:
    ressource: str
    contexte: str
    chemin: str
    message: str
    valeur: str
    fichier: str

    def en_texte(self) -> str:
        lignes = [f"✗ {self.message}", f"    ressource : {self.ressource}"]
        if self.contexte:
            lignes.append(f"    élément   : {self.contexte}")
        if self.chemin:
            lignes.append(f"    propriété : {self.chemin}")
        if self.valeur:
            lignes.append(f"    valeur    : {self.valeur}")
        if self.fichier:
            lignes.append(f"    fichier   : {self.fichier}")
        return "\n".join(lignes)


# D'un élément de fiche vers son métier : les liens du métier vers ses éléments, pris à rebours, et ceux d'un
# élément vers son parent ou d'une fiche vers son métier.
_VERS_L_ELEMENT = (CMA.activite, CMA.miseEnOeuvre, CMA.competenceMobilisee, CMA.evolution, CMA.conditionExercice,
                   CMA.caracteristique, CMA.aptitude, CMA.exigenceFormation, CMA.habilitation, CMA.evolutionInterne)
_VERS_LE_PARENT = (CMA.activiteParente, CMA.ficheDe)


def _code_du_metier(noeud: Node, donnees: Graph) -> Node | None:
    """Le code du métier le plus proche de `noeud` (lui-même compris) : un parcours en largeur, et non une requête
    SPARQL à chemin étoilé, 0,1 s par violation avec rdflib."""
    vus, file = {noeud}, deque([noeud])
    while file:
        n = file.popleft()
        code = donnees.value(n, SKOS.notation)
        if code is not None and (n, RDF.type, CMA.Metier) in donnees:
            return code
        voisins = [s for p in _VERS_L_ELEMENT for s in donnees.subjects(p, n)]
        voisins += [o for p in _VERS_LE_PARENT for o in donnees.objects(n, p)]
        for voisin in sorted(set(voisins) - vus):
            vus.add(voisin)
            file.append(voisin)
    return None


def en_francais(noeud: Node | None, propriete: Node, donnees: Graph) -> Node | None:
    """La valeur en français s'il y en a une, sinon la première dans l'ordre : le même rapport d'une exécution à
    l'autre (le schéma a deux libellés préférés, français et anglais), et le même message pour les deux moteurs."""
    valeurs = sorted(donnees.objects(noeud, propriete), key=lambda v: v.n3()) if noeud is not None else []
    francaises = [v for v in valeurs if getattr(v, "language", None) == "fr"]
    return (francaises or valeurs or [None])[0]


def _texte(noeud: Node, donnees: Graph) -> Node | None:
    candidats = (en_francais(noeud, CMA.texte, donnees), en_francais(noeud, SKOS.prefLabel, donnees),
                 en_francais(donnees.value(noeud, CMA.competenceMobilisee), SKOS.prefLabel, donnees),
                 en_francais(noeud, CMA.libelleCible, donnees))
    return next((t for t in candidats if t is not None), None)


def _lisible(noeud: Node | None, prefixes: NamespaceManager) -> str:
    if noeud is None:
        return ""
    if isinstance(noeud, URIRef):
        return noeud.n3(prefixes)
    if isinstance(noeud, Literal):
        return str(noeud)
    return "(nœud anonyme)"


def contexte(noeud: Node, donnees: Graph) -> str:
    """« fiche <code>, « texte de l'élément » » : où se trouve une ressource en faute, pour un lecteur."""
    morceaux = []
    if (code := _code_du_metier(noeud, donnees)) is not None:
        morceaux.append(f"fiche {code}")
    if (texte := _texte(noeud, donnees)) is not None:
        morceaux.append(f"« {texte} »")
    return ", ".join(morceaux)


def _message(resultat: Node, rapport: Graph) -> str:
    return str(en_francais(resultat, SH.resultMessage, rapport) or "(sans message)")


@contextmanager
def _requetes_preparees() -> Iterator[None]:
    """pySHACL ré-analyse la requête d'une contrainte SPARQL pour chaque nœud ciblé (85 % du temps
    de validation) ; le temps de la validation, on réutilise la requête déjà traduite, comme le
    fait `prepareQuery` de rdflib."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query
    traduites: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Any] = {}

    def query(self: Any, requete: Any, initBindings: Any = None, initNs: Any = None,
              base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(requete, str):
            cle = (requete, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if cle not in traduites:
                traduites[cle] = translateQuery(parseQuery(requete), base, initNs)
            requete = traduites[cle]
        return original(self, requete, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        SPARQLProcessor.query = original  # type: ignore[method-assign]


# Le fichier d'où vient chaque (sujet, propriété), et (sujet, None) : celui qui définit le sujet.
Origines = dict[tuple[Node, Node | None], Path]


def valider(
    donnees: Graph, formes: Graph, origines: Origines | None = None, noeuds: Iterable[Node] | None = None
) -> list[Violation]:
    """Les violations de `formes` dans `donnees`, triées pour un affichage stable ; seulement celles des nœuds
    `noeuds` s'ils sont donnés (les autres cibles ne sont pas validées : 0,3 s au lieu de 2 s sur la publication)."""
    from pyshacl import validate  # 0,4 s d'imports, que le moteur par défaut (rudof) n'a pas à payer

    # inplace : pySHACL copie sinon tout le graphe (0,3 s sur la publication) pour le protéger des règles
    # SHACL (sh:rule), que nos formes n'emploient pas ; sans règle ni déduction, il n'y écrit rien.
    with _requetes_preparees():
        _, rapport, _ = validate(
            donnees, shacl_graph=formes, inference="none", advanced=True, allow_warnings=True, inplace=True,
            focus_nodes=None if noeuds is None else list(noeuds),
        )
    origines = origines or {}
    prefixes = graphe_prefixe(Graph()).namespace_manager
    violations = []
    for resultat in rapport.subjects(RDF.type, SH.ValidationResult):
        focus = rapport.value(resultat, SH.focusNode)
        assert focus is not None
        # Une valeur fautive est signalée dans le fichier qui la porte ; une propriété manquante, dans
        # celui qui définit la ressource.
        origine = origines.get((focus, rapport.value(resultat, SH.resultPath))) or origines.get((focus, None))
        violations.append(
            Violation(
                ressource=_lisible(focus, prefixes),
                contexte=contexte(focus, donnees),
                chemin=_lisible(rapport.value(resultat, SH.resultPath), prefixes),
                message=_message(resultat, rapport),
                valeur=_lisible(rapport.value(resultat, SH.value), prefixes),
                fichier=str(origine) if origine else "",
            )
        )
    return sorted(set(violations), key=lambda v: (v.fichier, v.ressource, v.message, v.valeur))



