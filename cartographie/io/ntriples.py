"""Écriture N-Triples en flux : des millions de triplets sans graphe en mémoire, comptés pour VoID."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from rdflib.namespace import RDF

from cartographie.erreurs import ErreurEntree

RDF_TYPE = str(RDF.type)

_ECHAPPEMENTS = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def litteral(texte: str, langue: str = "", datatype: str = "") -> str:
    echappe = "".join(_ECHAPPEMENTS.get(c, c if c >= " " else f"\\u{ord(c):04X}") for c in texte)
    if langue:
        return f'"{echappe}"@{langue}'
    if datatype:
        return f'"{echappe}"^^<{datatype}>'
    return f'"{echappe}"'


def iri(valeur: str) -> str:
    if re.search(r'[\s<>"{}|^`\\]', valeur):
        raise ErreurEntree(f"IRI invalide « {valeur} ».")
    return f"<{valeur}>"


@dataclass
class Ecrivain:
    """Écrit des triplets N-Triples au fil de l'eau et compte ce qu'il écrit (pour VoID)."""

    sortie: TextIO
    triplets: int = 0
    classes: Counter[str] = field(default_factory=Counter)

    def ecrire(self, sujet: str, predicat: str, objet: str) -> None:
        self.sortie.write(f"{iri(sujet)} {iri(predicat)} {objet} .\n")
        self.triplets += 1
        if predicat == RDF_TYPE:
            self.classes[objet[1:-1]] += 1

    def typer(self, sujet: str, classe: str) -> None:
        self.ecrire(sujet, RDF_TYPE, iri(classe))
