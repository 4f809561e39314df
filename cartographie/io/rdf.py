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
from typing import NamedTuple

import defusedxml.ElementTree
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.shared.jsonld.context import Context
from rdflib.term import Node

from cartographie.erreurs import ErreurEntree, cite
from cartographie.io.fichiers import FORMATS_OXIGRAPH, fichier_ordinaire, fichiers_rdf, format_de, lire_texte
from cartographie.io.oxigraph import Traducteur, image, triplets
from cartographie.io.termes import RDF_TYPE
from cartographie.vocab import CONTEXTE_IRI, PREFIXES, contexte_jsonld

# rdflib signale les littéraux mal typés par un simple avertissement : on les traite nous-mêmes.
logging.getLogger("rdflib.term").setLevel(logging.ERROR)


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


# Les préfixes d'un graphe neuf, pour nommer un type de donnée dans un message (xsd:integer).
_ESPACES = Graph().namespace_manager


def _verifier_termes(lus: list[tuple[Node, Node, Node]], texte: str, chemin: Path) -> None:
    for triple in lus:
        for terme in triple:
            if isinstance(terme, URIRef) and _CARACTERES_INTERDITS_IRI.search(terme):
                raise ErreurEntree(f"{chemin}{_ligne_de(texte, str(terme))} : IRI invalide « {terme} » "
                                   "(espace ou caractère interdit).")
            if isinstance(terme, Literal) and terme.ill_typed:
                raise ErreurEntree(
                    f"{chemin}{_ligne_de(texte, str(terme))} : valeur « {terme} » invalide pour le type "
                    f"{terme.datatype.n3(_ESPACES)}."
                )
    for cible in dict.fromkeys(o for _, p, o in lus if p == OWL.imports):
        if str(cible) not in IMPORTS_LOCAUX:
            raise ErreurEntree(f"{chemin}{_ligne_de(texte, str(cible))} : owl:imports <{cible}> refusé "
                               "(aucun document distant n'est chargé ; fournissez-le comme fichier).")


def _localiser(chemin: Path, texte: str, fmt: str) -> str | None:
    """L'erreur de syntaxe d'un Turtle ou d'un N-Triples selon pyoxigraph, qui donne la ligne exacte là où
    rdflib se trompe de ligne ou n'en donne aucune (un Turtle tronqué : « string index out of range »)."""
    if fmt not in FORMATS_OXIGRAPH:
        return None
    try:
        for _ in ox.parse(texte, format=FORMATS_OXIGRAPH[fmt]):
            pass
    except SyntaxError as e:
        cause = str(e).split(": ", 1)[-1].split(" (", 1)[0]
        if cause.startswith("Unexpected end"):
            return f"{chemin}, ligne {e.lineno} : fin de document inattendue (fichier tronqué ?)."
        return f"{chemin}, ligne {e.lineno} : syntaxe {fmt} invalide ({cause})."
    return None


def _diagnostic(chemin: Path, texte: str, fmt: str, erreur: Exception) -> str:
    """Le message d'une erreur d'analyse de rdflib qui n'est pas une erreur de syntaxe localisée."""
    localisee = _localiser(chemin, texte, fmt)
    if localisee:
        return localisee
    m = re.search(r"Invalid line: (.+)", str(erreur))
    ligne = _ligne_de(texte, m.group(1).strip()[:40]) if m else ""
    return f"{chemin}{ligne} : document {fmt} illisible ({cite(erreur, 300)})."


def _lire_oxigraph(texte: str, fmt: str, chemin: Path) -> list[ox.Triple] | None:
    """Turtle et N-Triples lus par pyoxigraph, 8 à 10 fois plus vite que par rdflib. Un document qu'il
    refuse repasse par rdflib, dont le chemin donne les messages d'erreur détaillés (IRI, ligne)."""
    if fmt not in FORMATS_OXIGRAPH:
        return None
    try:
        # pyoxigraph rend des quadruplets (graphe par défaut) : leurs triplets, pour que l'image se compare aux autres.
        return [q.triple for q in ox.parse(texte, format=FORMATS_OXIGRAPH[fmt], base_iri=chemin.resolve().as_uri())]
    except SyntaxError:
        return None


class Lu(NamedTuple):
    """Un fichier lu : ses triplets rdflib, et leur image pyoxigraph si elle est déjà là (lu par pyoxigraph, sans nœud
    anonyme, dont rdflib change les identifiants) ; sinon None, et `image` la traduit."""

    triplets: list[tuple[Node, Node, Node]]
    lu_par_oxigraph: list[ox.Triple] | None

    @property
    def image(self) -> list[ox.Triple]:
        return self.lu_par_oxigraph if self.lu_par_oxigraph is not None else triplets(self.triplets)


def lire_fichier(chemin: Path) -> Lu:
    """Les triplets de `chemin`, vérifiés (IRI, littéraux bien typés, imports), sans graphe intermédiaire : la
    construction les verse directement dans le graphe qui réunit tous les fichiers et garde leur image."""
    try:
        return _lire(chemin)
    except RecursionError:
        # json et les analyseurs de rdflib sont récursifs : un JSON-LD imbriqué sur 500 niveaux les épuise.
        raise ErreurEntree(f"{chemin} : document imbriqué trop profondément pour être lu.") from None


def charger_fichier(chemin: Path, graphe: Graph | None = None) -> Graph:
    """Ajoute le contenu de `chemin` à `graphe` (ou à un graphe neuf) et le renvoie."""
    g = Graph() if graphe is None else graphe
    g.addN((s, p, o, g) for s, p, o in lire_fichier(chemin).triplets)
    return g


def _lire(chemin: Path) -> Lu:
    fmt = format_de(chemin)
    texte = lire_texte(fichier_ordinaire(chemin))
    if fmt == "json-ld":
        texte = _jsonld_local(texte, chemin)
    elif fmt == "xml":
        try:
            defusedxml.ElementTree.fromstring(texte.encode("utf-8"), forbid_dtd=True)
        except defusedxml.DefusedXmlException as e:
            raise ErreurEntree(f"{chemin} : XML refusé, DTD ou entité externe ({e}).") from None
        except defusedxml.ElementTree.ParseError as e:
            raise ErreurEntree(f"{chemin}, ligne {e.position[0]} : XML invalide ({e}).") from None
    par_oxigraph = _lire_oxigraph(texte, fmt, chemin)
    if par_oxigraph is not None:
        traducteur = Traducteur()
        lus = list(traducteur.triplets(par_oxigraph))
        _verifier_termes(lus, texte, chemin)
        return Lu(lus, None if traducteur.anonymes else par_oxigraph)
    lu = Graph()
    try:
        lu.parse(data=texte, format=fmt, publicID=chemin.resolve().as_uri())
    except BadSyntax as e:
        raise ErreurEntree(_localiser(chemin, texte, fmt) or
                           f"{chemin}, ligne {e.lines + 1} : syntaxe {fmt} invalide ({e._why}).") from None
    except ErreurEntree:
        raise
    except Exception as e:  # les analyseurs de rdflib lèvent des types variés
        raise ErreurEntree(_diagnostic(chemin, texte, fmt, e)) from None
    lus = list(lu)
    _verifier_termes(lus, texte, chemin)
    return Lu(lus, None)


def lire_tous(fichiers: Iterable[Path]) -> list[tuple[Path, Lu]]:
    """Chaque fichier et ce qu'on en a lu ; si plusieurs sont illisibles, l'erreur les nomme tous, pour qu'on ne les
    découvre pas un par un."""
    lus: list[tuple[Path, Lu]] = []
    erreurs: list[str] = []
    for fichier in fichiers:
        try:
            lus.append((fichier, lire_fichier(fichier)))
        except ErreurEntree as e:
            erreurs.append(e.message)
    if len(erreurs) == 1:
        raise ErreurEntree(erreurs[0])
    if erreurs:
        raise ErreurEntree(f"{len(erreurs)} fichiers illisibles :\n" + "\n".join(f"  {e}" for e in erreurs))
    return lus


def charger(chemins: Iterable[Path]) -> Graph:
    g = Graph()
    for _, lu in lire_tous(fichiers_rdf(chemins)):
        g.addN((s, p, o, g) for s, p, o in lu.triplets)
    return g


# Écriture déterministe ----------------------------------------------------------------------

# Le Turtle de rdflib réécrit les xsd:double sous leur forme courte (« 0.8 » devient 8e-01, un autre terme RDF
# que celui du N-Triples). Les doubles passent donc sous un type de donnée provisoire, le temps de la
# sérialisation, puis reprennent xsd:double. (Son JSON-LD en faisait des nombres JSON, que pyld et Oxigraph
# relisent « 0.0 » comme l'entier 0 : `en_jsonld` les écrit typés.)
_DOUBLE_PROVISOIRE = "urn:x-cartographie:double"
# De même, le Turtle de rdflib écrit un xsd:decimal « 37 » sous la forme courte 37.0 (un autre terme RDF).
_DECIMAL_PROVISOIRE = "urn:x-cartographie:decimal"
_PROVISOIRES = {XSD.double: _DOUBLE_PROVISOIRE, XSD.decimal: _DECIMAL_PROVISOIRE}


def _doubles_provisoires(graphe: Graph) -> Graph:
    copie = Graph(bind_namespaces="none")
    for prefixe, espace in PREFIXES.items():
        copie.bind(prefixe, espace)
    for s, p, o in graphe:
        if isinstance(o, Literal) and o.datatype in _PROVISOIRES:
            o = Literal(str(o), datatype=URIRef(_PROVISOIRES[o.datatype]))
        copie.add((s, p, o))
    return copie


def graphe_prefixe(graphe: Graph) -> Graph:
    """Une copie de `graphe` avec nos seuls préfixes, pour une sortie Turtle stable et lisible."""
    copie = Graph(bind_namespaces="none")
    for prefixe, espace in PREFIXES.items():
        copie.bind(prefixe, espace)
    copie += graphe
    return copie


def en_turtle(graphe: Graph) -> str:
    texte = _doubles_provisoires(graphe).serialize(format="turtle")
    return texte.replace(f"^^<{_DOUBLE_PROVISOIRE}>", "^^xsd:double").replace(f"^^<{_DECIMAL_PROVISOIRE}>", "^^xsd:decimal")


_RDF_TYPE_NT = str(RDF_TYPE)


def _ordre(t: ox.Triple) -> tuple[str, bool, str, str]:
    # Les termes pyoxigraph s'écrivent en N-Triples : un ordre total et stable ; rdf:type d'abord.
    predicat = str(t.predicate)
    return str(t.subject), predicat != _RDF_TYPE_NT, predicat, str(t.object)


def en_turtle_trie(graphe: Graph | Iterable[ox.Triple]) -> str:
    """Turtle écrit par pyoxigraph, les triplets triés par sujet (rdf:type en tête) : chaque ressource en un
    bloc, ses valeurs regroupées, nos préfixes. Pour les gros fichiers publiés, qu'on lit avec un outil plutôt
    qu'à l'œil : 50 fois plus rapide que la mise en page de rdflib (`en_turtle`), qui reste celle des données
    que l'on édite à la main."""
    prefixes = {prefixe: str(espace) for prefixe, espace in sorted(PREFIXES.items())}
    texte = ox.serialize(sorted(image(graphe), key=_ordre), format=ox.RdfFormat.TURTLE,
                         prefixes=prefixes).decode("utf-8")
    # L'ordre des préfixes que pyoxigraph écrit n'est pas garanti : on écrit les nôtres, triés.
    while texte.startswith("@prefix "):
        texte = texte[texte.index("\n") + 1:]
    return "".join(f"@prefix {p}: <{e}> .\n" for p, e in prefixes.items()) + "\n" + texte


def en_ntriples(graphe: Graph | Iterable[ox.Triple]) -> str:
    """N-Triples, une ligne par triplet, triées. Un graphe rdflib est écrit par rdflib, comme il l'a toujours été (l'extrait
    des référentiels garde ses `^^xsd:string` explicites, d'où un diff nul à sa prochaine extraction) ; des triplets
    pyoxigraph (l'image de la publication que tient la construction) sont écrits par pyoxigraph, 4 fois plus vite, en
    N-Triples canonique (`xsd:string` implicite, caractères de contrôle échappés, langues en minuscules) : les mêmes
    octets pour la publication, ce que vérifie tests/io/test_rdf.py."""
    if isinstance(graphe, Graph):
        texte = graphe.serialize(format="nt")
    else:
        texte = ox.serialize(graphe, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    # split("\n") et non splitlines() : un littéral peut contenir \x85 ou \u2028 (et, écrit par rdflib, \x0c ou \x1e),
    # que splitlines() prendrait pour des fins de ligne (trouvé par les tests de propriétés).
    lignes = texte.split("\n")
    return "\n".join(sorted(set(ligne for ligne in lignes if ligne.strip()))) + "\n"


_XSD = str(XSD)
_BOOLEENS = {"true": True, "1": True, "false": False, "0": False}


def _valeur_jsonld(o: ox.NamedNode | ox.BlankNode | ox.Literal, contexte: Context) -> object:
    """Un objet RDF sous sa forme JSON-LD compacte (règles du sérialiseur de rdflib avec un contexte actif :
    booléens, entiers et chaînes en valeurs JSON natives, le reste typé ou étiqueté par sa langue)."""
    if isinstance(o, ox.NamedNode):
        return {"@id": contexte.shrink_iri(o.value)}
    if isinstance(o, ox.BlankNode):
        return {"@id": f"_:{o.value}"}
    if o.language:
        return {"@language": o.language, "@value": o.value}
    type_ = o.datatype.value
    if type_ == _XSD + "string":
        return o.value
    try:
        if type_ == _XSD + "boolean":
            return _BOOLEENS[o.value]
        if type_ == _XSD + "integer":
            return int(o.value)
    except (KeyError, ValueError):
        pass  # mal formé : écrit typé, tel quel
    # Doubles et décimaux gardent leur forme lexicale (voir _PROVISOIRES).
    return {"@type": contexte.to_symbol(type_), "@value": o.value}


def _cle_tri(valeur: object) -> str:
    return json.dumps(valeur, sort_keys=True, ensure_ascii=False)



def en_jsonld(graphe: Graph | Iterable[ox.Triple]) -> str:
    """JSON-LD compact, contexte inclus : pyld, rdflib ou Oxigraph le lisent hors ligne, sans ce projet.

    Écrit directement, un nœud par sujet, depuis les triplets pyoxigraph (l'image de la publication que tient la
    construction, ou la traduction d'un graphe rdflib) : le sérialiseur de rdflib, sa copie des doubles et son tri
    prenaient 0,86 s sur la publication (0,15 s ici), pour le même document à l'octet près (tests/io/test_rdf.py)."""
    contexte = contexte_jsonld()["@context"]
    actif = Context(contexte)
    symboles: dict[str, str] = {}

    def symbole(iri: str) -> str:
        if iri not in symboles:
            symboles[iri] = actif.to_symbol(iri) or iri
        return symboles[iri]

    noeuds: dict[ox.NamedNode | ox.BlankNode, dict[str, list[object]]] = {}
    for t in image(graphe):
        p, o = t.predicate, t.object
        noeud = noeuds.setdefault(t.subject, {})  # type: ignore[arg-type]
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            noeud.setdefault("@type", []).append(symbole(o.value))
        else:
            noeud.setdefault("@type" if p == RDF_TYPE else symbole(p.value), []).append(_valeur_jsonld(o, actif))
    graphe_json = []
    for sujet, proprietes in noeuds.items():
        noeud_json: dict[str, object] = {
            "@id": actif.shrink_iri(sujet.value) if isinstance(sujet, ox.NamedNode) else f"_:{sujet.value}"}
        for cle, valeurs in proprietes.items():
            noeud_json[cle] = valeurs[0] if len(valeurs) == 1 else sorted(valeurs, key=_cle_tri)
        graphe_json.append(noeud_json)
    # Trier sur l'identifiant suffit : il ouvre chaque nœud écrit avec des clés triées, et deux nœuds n'ont
    # jamais le même.
    graphe_json.sort(key=lambda n: _cle_tri(n["@id"]))
    document = {"@context": contexte, "@graph": graphe_json}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
