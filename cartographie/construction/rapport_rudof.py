"""Le rapport d'une validation par rudof : les mêmes `Violation` que pySHACL (ressource, contexte de la fiche,
propriété, valeur sous sa forme lexicale, message français de la forme, fichier d'origine).

À part du moteur (`rudof.py`) : rdflib n'est importé que s'il y a quelque chose à rapporter.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import BNode, Graph, Node, URIRef
from rdflib.namespace import RDF, SH, NamespaceManager

from cartographie.construction.valider import Origines, Violation, contexte, en_francais
from cartographie.io.rdf import charger, graphe_prefixe


def _message(brut: str) -> str | None:
    """Le message français de la forme (rudof l'écrit comme un littéral, parfois précédé du sien), s'il y est."""
    francais = re.findall(r'"((?:[^"\\]|\\.)*)"@fr', brut)
    return francais[-1].replace('\\"', '"') if francais else None


def _francais(formes: Graph, forme: Node) -> str | None:
    message = en_francais(forme, SH.message, formes)
    return str(message) if message is not None else None


def _iris_du_chemin(formes: Graph, chemin: Node) -> frozenset[str]:
    """Les propriétés d'un chemin SHACL, quelle que soit sa forme (suite, inverse, alternative…)."""
    if isinstance(chemin, URIRef):
        return frozenset() if chemin == RDF.nil else frozenset({str(chemin)})
    return frozenset().union(*(_iris_du_chemin(formes, o) for _, o in formes.predicate_objects(chemin)))


class _MessagesDesFormes:
    """Le sh:message que rudof ne reprend pas pour certains composants (sh:or, sh:xone d'une forme de nœud,
    sh:equals d'une forme de propriété) : il rend alors le sien, en anglais, ou rien. On le retrouve dans les
    formes : par l'IRI de la forme, ou, pour une forme de propriété anonyme (dont rudof donne un nom à lui),
    par le paramètre du composant et les propriétés du chemin. Les formes ne sont lues qu'au premier besoin."""

    def __init__(self, formes: Path | Graph) -> None:
        self._source = formes
        self._formes: Graph | None = None
        self._anonymes: dict[tuple[str, frozenset[str]], str | None] = {}

    def _graphe(self) -> Graph:
        if self._formes is None:
            source = self._source
            self._formes = source if isinstance(source, Graph) else charger([source])
            for forme, chemin in self._formes.subject_objects(SH.path):
                message = _francais(self._formes, forme) if isinstance(forme, BNode) else None
                for parametre in set(self._formes.predicates(forme)):
                    cle = (str(parametre), _iris_du_chemin(self._formes, chemin))
                    # Deux formes anonymes sur le même chemin et le même composant : on ne devine pas.
                    self._anonymes[cle] = message if cle not in self._anonymes else None
        return self._formes

    def __call__(self, forme: str, composant: str, chemin: str) -> str | None:
        formes = self._graphe()
        if not forme.startswith("_:"):
            return _francais(formes, URIRef(forme))
        # sh:EqualsConstraintComponent → sh:equals
        nom = composant.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        parametre = str(SH[nom[:1].lower() + nom[1:]])
        return self._anonymes.get((parametre, frozenset(re.findall(r"[a-z][a-z0-9+.-]*://[^\s()<>|^]+", chemin))))


def _lisible(terme: str, prefixes: NamespaceManager) -> str:
    """Un IRI abrégé par nos préfixes ; un chemin SHACL complexe (« (a | b) ») tel que rudof l'écrit."""
    try:
        return URIRef(terme).n3(prefixes)
    except Exception:  # rdflib refuse d'abréger ce qui n'est pas un IRI
        return terme


_LITTERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@[A-Za-z0-9-]+|\^\^(?:<[^>]*>|[A-Za-z][\w.-]*:[\w.-]*))?$')


def _valeur(brut: str, prefixes: NamespaceManager) -> str:
    """La valeur fautive écrite comme pySHACL la rend : forme lexicale d'un littéral (rudof l'écrit en
    N-Triples, « "x"@en »), IRI abrégé."""
    if m := _LITTERAL.match(brut):
        return m.group(1).replace('\\"', '"').replace("\\\\", "\\")
    if brut.startswith("<") and brut.endswith(">"):
        return _lisible(brut[1:-1], prefixes)
    return _lisible(brut, prefixes) if brut.startswith(("http://", "https://", "urn:")) else brut


def violations(resultats: list[object], graphes: list[Graph], formes: Path | Graph,
               origines: Origines | None) -> list[Violation]:
    """Les violations rendues par rudof, triées comme celles de pySHACL. Avec `origines`, chaque violation nomme,
    comme pySHACL, le fichier qui porte la valeur ou définit la ressource ; le premier graphe, s'il y en a un, donne
    le contexte d'une ressource en faute (code de fiche, texte de l'élément)."""
    prefixes = graphe_prefixe(Graph()).namespace_manager
    origines = origines or {}
    messages_des_formes = _MessagesDesFormes(formes)

    def message(entree: object) -> str:
        brut = str(entree.message)  # type: ignore[attr-defined]
        trouve = _message(brut) or messages_des_formes(
            str(entree.source_shape), str(entree.constraint_component), str(entree.path or "")  # type: ignore[attr-defined]
        )
        return trouve or brut or "(sans message)"

    def fichier(focus: str, chemin: str) -> str:
        origine = origines.get((URIRef(focus), URIRef(chemin))) or origines.get((URIRef(focus), None))
        return str(origine) if origine else ""

    trouvees = {
        Violation(
            ressource=_lisible(entree.focus_node, prefixes) if entree.focus_node else "",
            contexte=contexte(URIRef(entree.focus_node), graphes[0]) if graphes and entree.focus_node else "",
            chemin=_lisible(entree.path, prefixes) if entree.path else "",
            message=message(entree),
            valeur=_valeur(str(entree.value), prefixes) if entree.value else "",
            fichier=fichier(entree.focus_node or "", entree.path or ""),
        )
        for entree in resultats  # type: ignore[attr-defined]
    }
    return sorted(trouvees, key=lambda v: (v.fichier, v.ressource, v.message, v.valeur))
