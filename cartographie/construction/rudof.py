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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
from cartographie.fond import en_fond

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


def valider_rudof(donnees: list[Graph | list[ox.Triple] | list[ox.Quad]] | Path, formes: Path | Graph,
                  origines: Origines | None = None) -> list[Violation]:
    """Les violations de `formes` (un graphe, ou les fichiers Turtle du dossier) dans la réunion de `donnees` (graphes
    rdflib ou listes de triplets ou de quadruplets pyoxigraph, ou un fichier N-Triples que rudof lit lui-même), par rudof,
    triées comme celles de pySHACL. Avec `origines`, chaque violation nomme, comme pySHACL, le fichier qui porte la valeur ou
    définit la ressource ; le premier élément de `donnees`, s'il est un graphe rdflib, donne le contexte d'une ressource
    en faute (code de fiche, texte de l'élément)."""
    return lancer_rudof(donnees, formes, origines)()


def lancer_rudof(donnees: list[Graph | list[ox.Triple] | list[ox.Quad]] | Path, formes: Path | Graph,
                 origines: Origines | None = None, contexte: Graph | None = None) -> Callable[[], list[Violation]]:
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
        finally:
            nettoyer()
        return list(rudof.validate_shacl().violations)

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
