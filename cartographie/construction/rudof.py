"""Second moteur SHACL : rudof (Rust, paquet `pyrudof`), derrière le même rapport que pySHACL.

pySHACL reste la référence : la construction et les tests l'utilisent, et un test compare les verdicts
des deux moteurs (mêmes ressources en faute). rudof lit et valide sans passer par rdflib : 2,7 à 4 fois
plus vite que pySHACL ici, davantage quand le graphe grossit (mesures : docs/performances.md).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from cartographie.construction.valider import Violation
from cartographie.io.rdf import graphe_prefixe


def _message(brut: str) -> str:
    """Le message français de la forme (rudof l'écrit comme un littéral, parfois précédé du sien)."""
    francais = re.findall(r'"((?:[^"\\]|\\.)*)"@fr', brut)
    return francais[-1].replace('\\"', '"') if francais else brut


def valider_rudof(donnees: Graph | Path, formes: Path) -> list[Violation]:
    """Les violations de `formes` (fichiers Turtle du dossier) dans `donnees` (un graphe, ou un fichier
    N-Triples que rudof lit lui-même, sans rdflib), par rudof, triées comme celles de pySHACL."""
    import pyrudof  # seulement si ce moteur est demandé

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    with tempfile.TemporaryDirectory(prefix="cartographie-rudof-") as dossier:
        if isinstance(donnees, Graph):
            fichier = Path(dossier) / "donnees.nt"
            fichier.write_text(donnees.serialize(format="nt"), encoding="utf-8")
            donnees = fichier
        rudof.read_data(str(donnees), format=pyrudof.RDFFormat.NTriples)
        # Un seul graphe de formes : les fichiers Turtle du dossier, mis bout à bout.
        toutes = Path(dossier) / "formes.ttl"
        fichiers = sorted(formes.glob("*.ttl")) if formes.is_dir() else [formes]
        toutes.write_text("\n".join(f.read_text(encoding="utf-8") for f in fichiers), encoding="utf-8")
        rudof.read_shacl(str(toutes))
    prefixes = graphe_prefixe(Graph()).namespace_manager
    violations = {
        Violation(
            ressource=URIRef(entree.focus_node).n3(prefixes) if entree.focus_node else "",
            contexte="",
            chemin=URIRef(entree.path).n3(prefixes) if entree.path else "",
            message=_message(str(entree.message)),
            valeur=str(Literal(entree.value)) if entree.value else "",
            fichier="",
        )
        for entree in rudof.validate_shacl().violations
    }
    return sorted(violations, key=lambda v: (v.fichier, v.ressource, v.message, v.valeur))
