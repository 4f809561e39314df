"""Le moteur SHACL de la construction et de `validate` : rudof (Rust, paquet `pyrudof`), derrière le même
rapport que pySHACL.

pySHACL reste la référence : les tests comparent les verdicts des deux moteurs (mêmes ressources en faute,
sur chaque famille de contrainte), et `--moteur pyshacl` le choisit. rudof lit et valide sans passer par
rdflib : 3 à 4 fois plus vite que pySHACL ici (mesures : docs/performances.md).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import NamespaceManager

from cartographie.construction.valider import Origines, Violation, contexte
from cartographie.erreurs import ErreurEntree
from cartographie.io.rdf import graphe_prefixe


def _message(brut: str) -> str:
    """Le message français de la forme (rudof l'écrit comme un littéral, parfois précédé du sien)."""
    francais = re.findall(r'"((?:[^"\\]|\\.)*)"@fr', brut)
    return francais[-1].replace('\\"', '"') if francais else brut


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


def valider_rudof(donnees: list[Graph] | Path, formes: Path | Graph,
                  origines: Origines | None = None) -> list[Violation]:
    """Les violations de `formes` (un graphe, ou les fichiers Turtle du dossier) dans la réunion des graphes `donnees` (ou dans
    un fichier N-Triples que rudof lit lui-même, sans rdflib), par rudof, triées comme celles de pySHACL. Avec
    `origines`, chaque violation nomme, comme pySHACL, le fichier qui porte la valeur ou définit la ressource ;
    le premier graphe donne le contexte d'une ressource en faute (code de fiche, texte de l'élément)."""
    import pyrudof  # seulement si ce moteur est demandé

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    with tempfile.TemporaryDirectory(prefix="cartographie-rudof-") as dossier:
        graphes = donnees if isinstance(donnees, list) else []
        if graphes:
            fichier = Path(dossier) / "donnees.nt"
            with fichier.open("wb") as f:
                for graphe in graphes:
                    f.write(graphe.serialize(format="nt", encoding="utf-8"))
            donnees = fichier
        rudof.read_data(str(donnees), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
        # Un seul graphe de formes : les fichiers Turtle du dossier, mis bout à bout.
        toutes = Path(dossier) / "formes.ttl"
        if isinstance(formes, Graph):
            toutes.write_bytes(formes.serialize(format="nt", encoding="utf-8"))
        else:
            fichiers = sorted(formes.glob("*.ttl")) if formes.is_dir() else [formes]
            toutes.write_text("\n".join(f.read_text(encoding="utf-8") for f in fichiers), encoding="utf-8")
        try:
            rudof.read_shacl(str(toutes), reader_mode=pyrudof.ReaderMode.Strict)
        except Exception as e:  # pyrudof lève ses propres types, sans ligne ni fichier d'origine
            raise ErreurEntree(f"{formes} : formes SHACL illisibles par rudof ({e}).") from None
    prefixes = graphe_prefixe(Graph()).namespace_manager
    origines = origines or {}

    def fichier(focus: str, chemin: str) -> str:
        origine = origines.get((URIRef(focus), URIRef(chemin))) or origines.get((URIRef(focus), None))
        return str(origine) if origine else ""

    violations = {
        Violation(
            ressource=_lisible(entree.focus_node, prefixes) if entree.focus_node else "",
            contexte=contexte(URIRef(entree.focus_node), graphes[0]) if graphes and entree.focus_node else "",
            chemin=_lisible(entree.path, prefixes) if entree.path else "",
            message=_message(str(entree.message)),
            valeur=_valeur(str(entree.value), prefixes) if entree.value else "",
            fichier=fichier(entree.focus_node or "", entree.path or ""),
        )
        for entree in rudof.validate_shacl().violations
    }
    return sorted(violations, key=lambda v: (v.fichier, v.ressource, v.message, v.valeur))
