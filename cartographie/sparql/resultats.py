"""Résultats SPARQL indépendants du moteur, et leurs formats de sortie.

Les deux moteurs (pyoxigraph embarqué, serveur SPARQL distant) rendent ici la même structure,
ce qui permet de comparer leurs réponses et d'écrire chaque format une seule fois. CSV, TSV et
JSON suivent les formats de résultats SPARQL 1.1 du W3C, pour que d'autres outils les lisent.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIQUES = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                                 "positiveInteger")}


@dataclass(frozen=True, order=True)
class Terme:
    """Un terme RDF d'un résultat : type (uri, literal, bnode), valeur, langue, type de donnée."""

    type: str
    valeur: str
    langue: str = ""
    datatype: str = ""

    def n3(self) -> str:
        if self.type == "uri":
            return f"<{self.valeur}>"
        if self.type == "bnode":
            return f"_:{self.valeur}"
        echappe = json.dumps(self.valeur, ensure_ascii=False)
        if self.langue:
            return f"{echappe}@{self.langue}"
        if self.datatype and self.datatype != XSD + "string":
            return f"{echappe}^^<{self.datatype}>"
        return echappe

    def nombre(self) -> Decimal | None:
        if self.datatype in _NUMERIQUES:
            try:
                return Decimal(self.valeur)
            except InvalidOperation:
                return None
        return None


Ligne = dict[str, Terme]


@dataclass(frozen=True)
class Resultat:
    """Les lignes d'un SELECT ; les triplets d'un CONSTRUCT ou d'un DESCRIBE (variables `TRIPLET`) ;
    ou la réponse d'un ASK (`booleen`, sans variables ni lignes)."""

    variables: list[str]
    lignes: list[Ligne]
    booleen: bool | None = None

    def valeurs(self, variable: str) -> list[str]:
        return [ligne[variable].valeur for ligne in self.lignes if variable in ligne]

    def canonique(self, ordonne: bool) -> list[tuple[tuple[str, Terme | None], ...]]:
        """Forme comparable entre moteurs ; sans ORDER BY, l'ordre des lignes ne compte pas.
        Les nombres sont comparés par valeur (« 50.68 » et « 50.680 » sont égaux)."""
        def terme(t: Terme | None) -> Terme | None:
            if t is not None and t.nombre() is not None:
                return Terme("literal", str(t.nombre().normalize()), "", "nombre")
            return t

        lignes = [tuple((v, terme(ligne.get(v))) for v in self.variables) for ligne in self.lignes]
        return lignes if ordonne else sorted(lignes, key=repr)


TRIPLET = ["sujet", "predicat", "objet"]
_XSD_STRING = XSD + "string"


def _terme_oxigraph(t: object) -> Terme:
    if isinstance(t, ox.NamedNode):
        return Terme("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Terme("bnode", t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Terme("literal", t.value, langue=t.language)
        return Terme("literal", t.value, datatype="" if t.datatype.value == _XSD_STRING else t.datatype.value)
    return Terme("literal", str(t))  # triplet cité (RDF-star) : sa forme N-Triples


def depuis_oxigraph(reponse: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple | ox.Quad],
                    limite: int) -> tuple[Resultat, bool]:
    """La réponse de pyoxigraph (magasin embarqué, ou réponse d'un serveur lue en flux par ses analyseurs),
    lue jusqu'à `limite` lignes, et si elle a été tronquée. Les solutions sont produites à la demande :
    s'arrêter à la limite, c'est ne jamais calculer ni télécharger la suite."""
    if isinstance(reponse, ox.QueryBoolean):
        return Resultat([], [], bool(reponse)), False
    if isinstance(reponse, ox.QuerySolutions):
        variables = [v.value for v in reponse.variables]
        # Une solution se lit par position (dans l'ordre de `variables`) : par nom, chaque accès cherche la
        # variable (intitules-recherche avec l'extrait, 918 lignes : 43 → 15 ms de conversion).
        solutions: Iterator[Ligne] = (
            {v: _terme_oxigraph(t) for v, t in zip(variables, s, strict=True) if t is not None} for s in reponse)
    else:
        variables = TRIPLET
        solutions = ({"sujet": _terme_oxigraph(t.subject), "predicat": _terme_oxigraph(t.predicate),
                      "objet": _terme_oxigraph(t.object)} for t in reponse)
    lignes = list(itertools.islice(solutions, limite))
    tronque = next(solutions, None) is not None
    return Resultat(variables, lignes), tronque


def reunir(parties: list[tuple[str, Resultat]]) -> Resultat:
    """Plusieurs tableaux en un seul, en format long : une colonne `partie` (le titre du tableau d'où
    vient la ligne), puis toutes les colonnes des tableaux dans l'ordre où elles apparaissent. Un format
    machine (CSV, TSV, JSON) ne porte ainsi qu'un document, avec un seul en-tête."""
    variables = ["partie", *dict.fromkeys(v for _, r in parties for v in r.variables)]
    lignes = [{"partie": Terme("literal", titre), **ligne} for titre, r in parties for ligne in r.lignes]
    return Resultat(variables, lignes)


def _largeur(texte: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in texte)


def _texte(terme: Terme | None) -> str:
    return "" if terme is None else terme.valeur


def en_table(resultat: Resultat) -> str:
    """Tableau pour le terminal, colonnes alignées, nombres à droite."""
    if not resultat.variables:
        return ""
    cellules = [[_texte(ligne.get(v)) for v in resultat.variables] for ligne in resultat.lignes]
    largeurs = [max([_largeur(v)] + [_largeur(c[i]) for c in cellules]) for i, v in enumerate(resultat.variables)]
    numeriques = [
        all(ligne.get(v) is None or ligne[v].nombre() is not None for ligne in resultat.lignes)
        for v in resultat.variables
    ]

    def rangee(valeurs: list[str]) -> str:
        morceaux = []
        for valeur, largeur, droite in zip(valeurs, largeurs, numeriques, strict=True):
            marge = " " * (largeur - _largeur(valeur))
            morceaux.append(marge + valeur if droite else valeur + marge)
        return "  ".join(morceaux).rstrip()

    lignes = [rangee(resultat.variables), "  ".join("─" * n for n in largeurs)]
    lignes += [rangee(c) for c in cellules]
    lignes.append(f"({len(cellules)} ligne{'s' if len(cellules) != 1 else ''})")
    return "\n".join(lignes) + "\n"


def en_markdown(resultat: Resultat) -> str:
    def cellule(texte: str) -> str:
        return texte.replace("|", "\\|").replace("\n", " ")

    lignes = ["| " + " | ".join(resultat.variables) + " |", "|" + "---|" * len(resultat.variables)]
    for ligne in resultat.lignes:
        lignes.append("| " + " | ".join(cellule(_texte(ligne.get(v))) for v in resultat.variables) + " |")
    return "\n".join(lignes) + "\n"


def en_csv(resultat: Resultat) -> str:
    """SPARQL 1.1 Query Results CSV : valeurs seules, fins de ligne CRLF."""
    sortie = io.StringIO()
    ecrivain = csv.writer(sortie, lineterminator="\r\n")
    ecrivain.writerow(resultat.variables)
    for ligne in resultat.lignes:
        ecrivain.writerow([_texte(ligne.get(v)) for v in resultat.variables])
    return sortie.getvalue()


def en_tsv(resultat: Resultat) -> str:
    """SPARQL 1.1 Query Results TSV : termes en syntaxe Turtle/N-Triples."""
    def terme(t: Terme | None) -> str:
        return "" if t is None else t.n3().replace("\t", "\\t")

    lignes = ["\t".join(f"?{v}" for v in resultat.variables)]
    lignes += ["\t".join(terme(ligne.get(v)) for v in resultat.variables) for ligne in resultat.lignes]
    return "\n".join(lignes) + "\n"


def document_json(resultat: Resultat) -> dict[str, object]:
    """Le document SPARQL 1.1 Query Results JSON de `resultat`."""
    def terme(t: Terme) -> dict[str, str]:
        objet = {"type": t.type, "value": t.valeur}
        if t.langue:
            objet["xml:lang"] = t.langue
        elif t.datatype:
            objet["datatype"] = t.datatype
        return objet

    if resultat.booleen is not None:
        return {"head": {}, "boolean": resultat.booleen}
    return {
        "head": {"vars": resultat.variables},
        "results": {"bindings": [{v: terme(t) for v, t in ligne.items()} for ligne in resultat.lignes]},
    }


def en_json(resultat: Resultat) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps(document_json(resultat), ensure_ascii=False, indent=1) + "\n"


def depuis_json(document: dict) -> Resultat:
    """Lecture d'un résultat SPARQL 1.1 JSON (réponse du bac à sable)."""
    if "boolean" in document:
        return Resultat([], [], bool(document["boolean"]))
    variables = list(document.get("head", {}).get("vars", []))
    lignes = []
    for liaison in document.get("results", {}).get("bindings", []):
        ligne = {}
        for variable, t in liaison.items():
            type_ = "literal" if t["type"] == "typed-literal" else t["type"]
            ligne[variable] = Terme(type_, t["value"], t.get("xml:lang", ""), t.get("datatype", ""))
        lignes.append(ligne)
    return Resultat(variables, lignes)


def _ou_booleen(ecrire: Callable[[Resultat], str], vrai: str, faux: str) -> Callable[[Resultat], str]:
    """Le format `ecrire`, qui écrit la réponse d'un ASK par un mot seul (le CSV et le TSV de SPARQL 1.1
    ne prévoient rien pour un booléen : comme pyoxigraph, on écrit true ou false)."""
    def format_(resultat: Resultat) -> str:
        if resultat.booleen is None:
            return ecrire(resultat)
        return (vrai if resultat.booleen else faux) + "\n"
    return format_


# Les formats lus par des programmes : un seul document, valeurs typées (jamais « 2 799 » ni « 50,68 % »).
FORMATS_MACHINE = frozenset({"csv", "tsv", "json"})

FORMATS = {
    "table": _ou_booleen(en_table, "oui", "non"),
    "csv": _ou_booleen(en_csv, "true", "false"),
    "tsv": _ou_booleen(en_tsv, "true", "false"),
    "json": en_json,
    "md": _ou_booleen(en_markdown, "oui", "non"),
}
