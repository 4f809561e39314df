"""Les tables d'alignement SSSOM de `donnees/alignements/` : lecture contrôlée, et leur traduction en
relations SKOS pour la publication.

Le fichier SSSOM (TSV précédé d'un en-tête YAML en commentaires) est la référence relue à la main ;
la publication en porte les relations `skos:exactMatch`, `closeMatch`, `broadMatch`, `narrowMatch`,
`relatedMatch`. Une ligne dont l'objet est `sssom:NoTermFound` dit explicitement qu'aucune fiche ne
convient : elle devient une note sur le métier, pas une relation.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from cartographie.erreurs import ErreurEntree
from cartographie.vocab import CMA

if TYPE_CHECKING:
    from cartographie.alignement.candidats import Candidat

COLONNES = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
            "mapping_justification", "confidence", "author_id", "mapping_date", "comment")
PREDICATS = {f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
JUSTIFICATIONS = {f"semapv:{j}" for j in ("ManualMappingCuration", "LexicalMatching", "MappingReview",
                                          "LogicalReasoning", "UnspecifiedMatching")}
AUCUNE = "sssom:NoTermFound"


@dataclass(frozen=True)
class TableSSSOM:
    chemin: Path
    metadonnees: dict[str, str]
    prefixes: dict[str, str]
    lignes: list[dict[str, str]]

    def developper(self, curie: str) -> str:
        prefixe, _, local = curie.partition(":")
        if prefixe not in self.prefixes:
            raise ErreurEntree(f"{self.chemin} : préfixe « {prefixe} » absent du curie_map (valeur « {curie} »).")
        return self.prefixes[prefixe] + local


def correspondances(dossier: Path) -> list[tuple[str, str]]:
    """(sujet, objet) de toutes les tables SSSOM de `dossier`, en IRI, sans les « aucune correspondance »."""
    paires = []
    for chemin in sorted(dossier.glob("*.sssom.tsv")):
        table = lire_sssom(chemin)
        paires += [(table.developper(ligne["subject_id"]), table.developper(ligne["object_id"]))
                   for ligne in table.lignes if ligne["object_id"] != AUCUNE]
    return paires


def lire_sssom(chemin: Path) -> TableSSSOM:
    """Lit et contrôle une table SSSOM : colonnes, prédicats, justifications, confiance, dates, préfixes."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ErreurEntree(f"{chemin} : lecture impossible ({e}).") from None
    entete = [ligne[1:] for ligne in texte.splitlines() if ligne.startswith("#")]
    metadonnees: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    dans_curies = False
    for ligne in entete:
        if m := re.match(r"^\s{2,}(\w[\w-]*):\s*(\S+)\s*$", ligne):
            if dans_curies:
                prefixes[m.group(1)] = m.group(2)
            continue
        if m := re.match(r"^\s?(\w+):\s*(.*)$", ligne):
            dans_curies = m.group(1) == "curie_map"
            metadonnees[m.group(1)] = m.group(2).strip().strip('"')
    for requis in ("mapping_set_id", "license", "curie_map"):
        if requis not in metadonnees:
            raise ErreurEntree(f"{chemin} : l'en-tête SSSOM n'a pas « {requis} ».")
    corps = [ligne for ligne in texte.splitlines() if not ligne.startswith("#")]
    lecteur = csv.DictReader(corps, delimiter="\t")
    manquantes = [c for c in COLONNES if c not in (lecteur.fieldnames or [])]
    if manquantes:
        raise ErreurEntree(f"{chemin} : colonne(s) SSSOM absente(s) : {', '.join(manquantes)}.")
    lignes = []
    numero_entete = len(entete) + 1
    for numero, ligne in enumerate(lecteur, start=numero_entete + 1):
        _controler(chemin, numero, ligne, prefixes)
        lignes.append(ligne)
    table = TableSSSOM(chemin, metadonnees, prefixes, lignes)
    for ligne in lignes:
        table.developper(ligne["subject_id"])
        if ligne["object_id"] != AUCUNE:
            table.developper(ligne["object_id"])
    return table


def _controler(chemin: Path, numero: int, ligne: dict[str, str], prefixes: dict[str, str]) -> None:
    ou = f"{chemin}, ligne {numero}"
    if ligne["predicate_id"] not in PREDICATS:
        raise ErreurEntree(f"{ou} : prédicat « {ligne['predicate_id']} » non admis ({', '.join(sorted(PREDICATS))}).")
    if ligne["mapping_justification"] not in JUSTIFICATIONS:
        raise ErreurEntree(f"{ou} : justification « {ligne['mapping_justification']} » inconnue (vocabulaire semapv).")
    try:
        confiance = float(ligne["confidence"])
    except ValueError:
        raise ErreurEntree(f"{ou} : confiance « {ligne['confidence']} » n'est pas un nombre.") from None
    if not 0 <= confiance <= 1:
        raise ErreurEntree(f"{ou} : confiance « {ligne['confidence']} » hors de [0, 1].")
    try:
        date.fromisoformat(ligne["mapping_date"])
    except ValueError:
        raise ErreurEntree(f"{ou} : date « {ligne['mapping_date']} » invalide (AAAA-MM-JJ attendu).") from None
    if not ligne["comment"].strip():
        raise ErreurEntree(f"{ou} : chaque alignement relu doit dire pourquoi (colonne comment vide).")


def en_rdf(table: TableSSSOM) -> Graph:
    """Les relations SKOS de la table, et la table elle-même décrite comme un jeu dérivé (PROV)."""
    g = Graph()
    jeu = URIRef(table.metadonnees["mapping_set_id"])
    g.add((jeu, RDF.type, PROV.Entity))
    g.add((jeu, DCTERMS.title, Literal(table.metadonnees.get("mapping_set_title", ""), lang="fr")))
    g.add((jeu, DCTERMS.license, URIRef(table.metadonnees["license"])))
    for ligne in table.lignes:
        sujet = URIRef(table.developper(ligne["subject_id"]))
        if ligne["object_id"] == AUCUNE:
            g.add((sujet, CMA.aucuneCorrespondance, jeu))
            g.add((sujet, SKOS.editorialNote, Literal(f"Aucune fiche ROME ne convient : {ligne['comment']}", lang="fr")))
            continue
        predicat = SKOS[ligne["predicate_id"].removeprefix("skos:")]
        g.add((sujet, predicat, URIRef(table.developper(ligne["object_id"]))))
    g.add((jeu, DCTERMS.modified, Literal(max(ligne["mapping_date"] for ligne in table.lignes), datatype=XSD.date)))
    return g


def en_sssom(candidats_: list[Candidat], version: str, jour: str) -> str:
    """Les candidats en table SSSOM (justification semapv:LexicalMatching, confiance = score / 100)."""
    entete = [
        "# curie_map:",
        "#   cmaid: https://w3id.org/metiers-assistance/id/",
        f"#   rome{version.removeprefix('v')}: https://w3id.org/metiers-assistance/ref/rome/{version}/",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
        "#   semapv: https://w3id.org/semapv/vocab/",
        "# mapping_set_id: https://w3id.org/metiers-assistance/alignements/candidats-rome.sssom.tsv",
        "# license: https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "# comment: Candidats lexicaux produits par `cartographie aligner`, à relire ; non publiés.",
    ]
    colonnes = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
                "confidence", "author_id", "mapping_date", "comment"]
    lignes = ["\t".join(colonnes)]
    for c in candidats_:
        lignes.append("\t".join([
            f"cmaid:metier-{c.code_metier}", c.intitule_metier, "skos:closeMatch",
            f"rome{version.removeprefix('v')}:{c.code_rome}", c.intitule_rome, "semapv:LexicalMatching",
            f"{c.score / 100:.3f}", "cmaid:cartographie-aligner", jour, " ; ".join(c.correspondances),
        ]))
    return "\n".join(entete + lignes) + "\n"
