"""Le moteur SHACL de la construction et de `validate` : rudof (Rust, paquet `pyrudof`), derrière le même
rapport que pySHACL (`rapport_rudof.py`).

pySHACL reste la référence : les tests comparent les verdicts des deux moteurs (mêmes ressources en faute,
sur chaque famille de contrainte), et `--moteur pyshacl` le choisit. rudof lit et valide sans passer par
rdflib : 3 à 4 fois plus vite que pySHACL ici (mesures : docs/performances.md). Ce module n'importe pas
rdflib : une publication conforme est validée sans lui (`construction/verifier.py`).
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
from cartographie.fond import en_fond
from cartographie.io.termes import RDF_TYPE

if TYPE_CHECKING:
    from rdflib import Graph

    from cartographie.construction.valider import Origines, Violation


def _ntriples(graphe: Graph | list[ox.Triple] | list[ox.Quad], sortie: object) -> None:
    if not isinstance(graphe, list):
        from cartographie.io.oxigraph import triplets  # un graphe rdflib : rdflib est déjà là

        graphe = triplets(graphe)
    ox.serialize(graphe, sortie, ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]


# rudof valide sur le pool de fils de rayon, créé au premier usage dans un processus. Un fils de `fork` hérite
# d'un pool dont les fils n'existent plus : sa validation attendrait sans fin (vu dans la suite, le bench
# mesurant chaque étape dans un fils). On le refuse avec un message au lieu de bloquer.
_PROCESSUS_DE_RUDOF: int | None = None


def _proteger_du_fork() -> None:
    global _PROCESSUS_DE_RUDOF
    if _PROCESSUS_DE_RUDOF not in (None, os.getpid()):
        raise RuntimeError("rudof a déjà servi dans le processus parent de ce fils de fork : son pool de fils n'existe "
                           "pas ici, la validation attendrait sans fin. Validez dans le parent ou dans un nouveau processus.")
    _PROCESSUS_DE_RUDOF = os.getpid()


def _formes_illisibles(erreur: str, formes: Path | Graph, lignes: list[tuple[Path, int]]) -> str:
    """L'erreur de lecture des formes, rapportée au fichier et à la ligne d'origine : rudof lit les fichiers mis bout à
    bout dans un fichier temporaire, dont il cite le chemin et la ligne."""
    m = re.search(r"line (\d+) column \d+: (.*)", erreur)
    if m is None or not lignes:
        return f"{formes} : formes SHACL illisibles par rudof ({erreur})."
    ligne = int(m.group(1))
    trouve = next(((f, d) for f, d in reversed(lignes) if d <= ligne), None)
    if trouve is None:
        return f"{formes} : formes SHACL illisibles par rudof ({erreur})."
    fichier, debut = trouve
    return f"{fichier}, ligne {ligne - debut + 1} : formes SHACL illisibles par rudof ({m.group(2)})."


# rudof garde, pour chaque couple (forme, nœud cible) validé, de quoi rendre son verdict : 35 Kio par couple à 100 000
# triplets, 68 Kio à un million (100 branches synthétiques : 7 Gio pour leurs 152 000 couples validés d'un coup). Au-delà
# de ce nombre de couples, rudof valide par tranches égales, sans relire les données ; chaque tranche coûte en plus un
# travail fixe proportionnel aux données (6 s et 0,7 Gio à un million de triplets). Mesures : docs/performances.md.
CIBLES_PAR_VALIDATION = 25_000

_SH = "http://www.w3.org/ns/shacl#"
_CLASSE_CIBLE, _SUJETS_CIBLES, _OBJETS_CIBLES, _NOEUD_CIBLE, _CIBLE_SPARQL = (
    ox.NamedNode(_SH + c) for c in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode", "target"))
_CIBLES = {_CLASSE_CIBLE, _SUJETS_CIBLES, _OBJETS_CIBLES, _NOEUD_CIBLE}
_SOUS_CLASSE = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_CLASSES = {ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#Class"), ox.NamedNode("http://www.w3.org/2002/07/owl#Class")}


def _nombre_de_lignes(fichier: Path) -> int:
    """Les lignes d'un fichier N-Triples (un triplet par ligne, plus les lignes vides ou de commentaire) : en deçà du
    seuil des tranches, les données sont trop petites pour que la mémoire de rudof compte, et on ne les parcourt pas."""
    with fichier.open("rb") as f:
        return sum(bloc.count(b"\n") for bloc in iter(lambda: f.read(1 << 20), b""))


def _noeuds_cibles(formes: list[ox.Triple], donnees: Iterable[ox.Triple]) -> dict[ox.Term, set[ox.Term]] | None:
    """Les nœuds cibles de chaque forme dans `donnees`, selon SHACL (comme rudof : vérifié par
    tests/construction/test_rudof.py) : instances (rdf:type/rdfs:subClassOf* des données), sujets ou objets d'une
    propriété, nœuds nommés. None si une forme vise autrement (cible SPARQL, forme qui est aussi une classe) ou si un
    nœud cible est anonyme : ces cibles ne s'écrivent pas en sh:targetNode dans un graphe de formes à part."""
    visees: dict[ox.NamedNode, list[tuple[ox.Term, ox.Term]]] = defaultdict(list)  # type de cible → (forme, valeur)
    for t in formes:
        if t.predicate in _CIBLES:
            visees[t.predicate].append((t.subject, t.object))
        elif t.predicate == _CIBLE_SPARQL or (t.predicate == RDF_TYPE and t.object in _CLASSES):
            return None
    noeuds: dict[ox.Term, set[ox.Term]] = defaultdict(set)
    for forme, noeud in visees[_NOEUD_CIBLE]:
        noeuds[forme].add(noeud)
    sujets_de = {p for _, p in visees[_SUJETS_CIBLES]}
    objets_de = {p for _, p in visees[_OBJETS_CIBLES]}
    sujets: dict[ox.Term, set[ox.Term]] = defaultdict(set)
    objets: dict[ox.Term, set[ox.Term]] = defaultdict(set)
    instances: dict[ox.Term, set[ox.Term]] = defaultdict(set)
    sous_classes: dict[ox.Term, set[ox.Term]] = defaultdict(set)
    for t in donnees:
        if t.predicate == RDF_TYPE:
            instances[t.object].add(t.subject)
        elif t.predicate == _SOUS_CLASSE:
            sous_classes[t.object].add(t.subject)
        if t.predicate in sujets_de:
            sujets[t.predicate].add(t.subject)
        if t.predicate in objets_de:
            objets[t.predicate].add(t.object)
    for forme, classe in visees[_CLASSE_CIBLE]:
        vues, a_voir = set(), [classe]
        while a_voir:  # la classe et ses sous-classes, à toute profondeur
            c = a_voir.pop()
            if c not in vues:
                vues.add(c)
                noeuds[forme] |= instances[c]
                a_voir.extend(sous_classes[c])
    for forme, p in visees[_SUJETS_CIBLES]:
        noeuds[forme] |= sujets[p]
    for forme, p in visees[_OBJETS_CIBLES]:
        noeuds[forme] |= objets[p]
    if any(isinstance(n, ox.BlankNode) for ns in noeuds.values() for n in ns):
        return None
    return noeuds


def _tranches(formes: list[ox.Triple], noeuds: dict[ox.Term, set[ox.Term]], par_tranche: int) -> list[list[ox.Triple]]:
    """Les formes sans leurs cibles, plus, pour chaque tranche, au plus `par_tranche` couples (forme, nœud cible) en
    sh:targetNode. Chaque couple est validé dans une seule tranche : la réunion des violations est celle d'une seule
    validation, les contraintes (SPARQL comprises) ne dépendant que du nœud validé et des données, lues en entier."""
    sans_cibles = [t for t in formes if t.predicate not in _CIBLES]
    couples = sorted(((f, n) for f, ns in noeuds.items() for n in ns), key=lambda c: (str(c[0]), str(c[1])))
    taille = -(-len(couples) // -(-len(couples) // par_tranche))  # des tranches égales, au plus `par_tranche`
    return [sans_cibles + [ox.Triple(f, _NOEUD_CIBLE, n) for f, n in couples[i:i + taille]]  # type: ignore[arg-type]
            for i in range(0, len(couples), taille)]


def _en_tranches(formes: Path, donnees: Path, par_tranche: int) -> list[list[ox.Triple]] | None:
    """Les tranches de `_tranches` s'il y a plus de `par_tranche` couples (forme, nœud cible), sinon None : une seule
    validation. Les tranches ne servent qu'à la mémoire : ce que pyoxigraph lirait autrement que rudof (un IRI relatif
    dans les formes…) garde aussi une seule validation, dont rudof rapporte lui-même les erreurs."""
    if _nombre_de_lignes(donnees) <= par_tranche:
        return None
    try:
        graphe_des_formes = [q.triple for q in ox.parse(path=formes, format=ox.RdfFormat.TURTLE)]
        noeuds = _noeuds_cibles(graphe_des_formes,
                                (q.triple for q in ox.parse(path=donnees, format=ox.RdfFormat.N_TRIPLES)))
    except (SyntaxError, OSError, ValueError):
        return None
    if noeuds is None or sum(map(len, noeuds.values())) <= par_tranche:
        return None
    return _tranches(graphe_des_formes, noeuds, par_tranche)


def valider_rudof(donnees: list[Graph | list[ox.Triple] | list[ox.Quad]] | Path, formes: Path | Graph,
                  origines: Origines | None = None, par_tranche: int = CIBLES_PAR_VALIDATION) -> list[Violation]:
    """Les violations de `formes` (un graphe, ou les fichiers Turtle du dossier) dans la réunion de `donnees` (graphes
    rdflib ou listes de triplets ou de quadruplets pyoxigraph, ou un fichier N-Triples que rudof lit lui-même), par rudof,
    triées comme celles de pySHACL. Avec `origines`, chaque violation nomme, comme pySHACL, le fichier qui porte la valeur ou
    définit la ressource ; le premier élément de `donnees`, s'il est un graphe rdflib, donne le contexte d'une ressource
    en faute (code de fiche, texte de l'élément). Au-delà de `par_tranche` couples (forme, nœud cible), rudof valide par
    tranches (`_tranches`)."""
    return lancer_rudof(donnees, formes, origines, par_tranche=par_tranche)()


def lancer_rudof(donnees: list[Graph | list[ox.Triple] | list[ox.Quad]] | Path, formes: Path | Graph,
                 origines: Origines | None = None, contexte: Graph | None = None,
                 par_tranche: int = CIBLES_PAR_VALIDATION) -> Callable[[], list[Violation]]:
    """`valider_rudof` en deux temps : écrit les données et les formes pour rudof, puis le laisse valider dans un
    fil pendant que l'appelant continue ; la fonction rendue attend la fin et rend les violations. rudof relâche
    le verrou global de Python : la construction décrit et écrit la publication pendant qu'il valide (2 cœurs).
    Les données sont écrites pour rudof avant le retour : l'appelant peut ensuite modifier ses graphes, dont le
    premier (ou `contexte`, quand les données sont données en triplets pyoxigraph) sert seulement au contexte des
    violations rapportées."""
    import pyrudof  # seulement si ce moteur est demandé

    _proteger_du_fork()
    dossier = Path(tempfile.mkdtemp(prefix="cartographie-rudof-"))
    # Le fil de rudof est un démon, arrêté net si le processus sort pendant qu'il lit (Ctrl-C, erreur de la
    # construction) : le dossier, qui contient toute la publication, est aussi effacé à la sortie.
    effacer = functools.partial(shutil.rmtree, dossier, ignore_errors=True)
    atexit.register(effacer)

    def nettoyer() -> None:
        effacer()
        atexit.unregister(effacer)

    try:
        graphes = donnees if isinstance(donnees, list) else []
        if graphes:
            fichier = dossier / "donnees.nt"
            with fichier.open("wb") as f:
                for graphe in graphes:
                    _ntriples(graphe, f)
            donnees = fichier
        # Un seul graphe de formes : les fichiers Turtle du dossier, mis bout à bout.
        toutes = dossier / "formes.ttl"
        lignes: list[tuple[Path, int]] = []  # chaque fichier de formes et sa première ligne dans `toutes`
        if not isinstance(formes, Path):
            with toutes.open("wb") as f:
                _ntriples(formes, f)
        else:
            textes = [(f, f.read_text(encoding="utf-8")) for f in (sorted(formes.glob("*.ttl")) if formes.is_dir() else [formes])]
            debut = 1
            for fichier, texte in textes:
                lignes.append((fichier, debut))
                debut += texte.count("\n") + 1
            toutes.write_text("\n".join(texte for _, texte in textes), encoding="utf-8")
    except BaseException:
        nettoyer()
        raise

    def valider() -> list[object]:
        try:
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            rudof.read_data(str(donnees), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
            try:
                rudof.read_shacl(str(toutes), reader_mode=pyrudof.ReaderMode.Strict)
            except Exception as e:  # pyrudof lève ses propres types, sans ligne ni fichier d'origine
                raise ErreurEntree(_formes_illisibles(str(e), formes, lignes)) from None
            tranches = _en_tranches(toutes, donnees, par_tranche)
        finally:
            nettoyer()
        if tranches is None:
            return list(rudof.validate_shacl().violations)
        resultats: list[object] = []
        for tranche in tranches:
            rudof.reset_shacl_validation()  # les formes et les résultats de la tranche précédente ; les données restent
            rudof.read_shacl(ox.serialize(tranche, format=ox.RdfFormat.N_TRIPLES).decode(),  # type: ignore[union-attr]
                             format=pyrudof.ShaclFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
            resultats.extend(rudof.validate_shacl().violations)
        return resultats

    try:
        resultats_prets = en_fond(valider, "rudof")
    except BaseException:
        nettoyer()
        raise

    def violations() -> list[Violation]:
        resultats = resultats_prets()
        if not resultats:
            return []
        from cartographie.construction.rapport_rudof import violations  # rdflib, pour un rapport seulement

        graphes_contexte = [contexte] if contexte is not None else [g for g in graphes[:1] if not isinstance(g, list)]
        return violations(resultats, graphes_contexte, formes, origines)

    return violations
