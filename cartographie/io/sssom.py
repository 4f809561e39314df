"""Tables SSSOM : lecture contrôlée, écriture, et publication en RDF comme le fait sssom-py.

Une table SSSOM/TSV est un en-tête YAML en commentaires (`#`) suivi d'un TSV. Comme
`sssom.parsers._read_pandas_and_metadata`, on ôte les `#` de tête, on saute les lignes vides et on
confie l'en-tête à `yaml.safe_load` : un en-tête YAML valide (listes, blocs `>-`, guillemets) est lu
comme le lirait sssom-py, et un en-tête invalide est refusé avec sa ligne.

En RDF, chaque ligne devient un `owl:Axiom` réifié (`owl:annotatedSource`, `owl:annotatedProperty`,
`owl:annotatedTarget`) qui porte ses métadonnées (`sssom:confidence`, `sssom:mapping_justification`,
`rdfs:comment`, `pav:authoredBy`…), relié au jeu (`sssom:MappingSet`) par `sssom:mappings`, comme
`sssom.rdf_internal.MappingSetRDFConverter`. On y ajoute le « triplet direct » (`métier skos:broadMatch
fiche`) que sssom-py écrit avec `hydrate=True`, sauf pour `sssom:NoTermFound`. Là où sssom-py laisse un
nœud anonyme faute de `record_id`, on nomme l'axiome d'après le jeu, le sujet, le prédicat et l'objet :
la publication n'a pas de nœud anonyme, pour rester identique d'une construction à l'autre.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from cartographie.erreurs import ErreurEntree
from cartographie.vocab import PAV, SEMAPV, SSSOM

OBLIGATOIRES = ("subject_id", "predicate_id", "object_id", "mapping_justification")
PREDICATS = {f"skos:{p}" for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
# Le vocabulaire semapv tel que le schéma SSSOM l'admet pour mapping_justification.
JUSTIFICATIONS = {f"semapv:{j}" for j in (
    "ManualMappingCuration", "LexicalMatching", "MappingReview", "LogicalReasoning", "UnspecifiedMatching",
    "CompositeMatching", "SemanticSimilarityThresholdMatching", "LexicalSimilarityThresholdMatching",
    "MappingChaining", "MappingInversion", "StructuralMatching", "InstanceBasedMatching",
    "BackgroundKnowledgeBasedMatching")}
AUCUNE = "sssom:NoTermFound"
# Préfixes intégrés de SSSOM : utilisables sans figurer dans le curie_map.
PREFIXES_INTEGRES = {"sssom": str(SSSOM), "semapv": str(SEMAPV), "skos": "http://www.w3.org/2004/02/skos/core#",
                     "owl": str(OWL), "rdfs": str(RDFS), "rdf": str(RDF), "xsd": str(XSD)}
# Colonnes SSSOM publiées, et la propriété de chacune (slot_uri du schéma SSSOM, sinon sssom:<nom>).
_ENTITES = {"subject_id": OWL.annotatedSource, "predicate_id": OWL.annotatedProperty, "object_id": OWL.annotatedTarget,
            "mapping_justification": SSSOM.mapping_justification}
_MULTIPLES = {"author_id": PAV.authoredBy, "reviewer_id": SSSOM.reviewer_id, "creator_id": DCTERMS.creator}
_TEXTES = {"subject_label": SSSOM.subject_label, "object_label": SSSOM.object_label, "comment": RDFS.comment,
           "mapping_tool": SSSOM.mapping_tool, "similarity_measure": SSSOM.similarity_measure}
_NOMBRES = {"confidence": SSSOM.confidence, "similarity_score": SSSOM.similarity_score}


@dataclass(frozen=True)
class TableSSSOM:
    chemin: Path
    metadonnees: dict[str, Any]
    lignes: list[dict[str, str]]

    @property
    def prefixes(self) -> dict[str, str]:
        return {**PREFIXES_INTEGRES, **self.metadonnees.get("curie_map", {})}

    @property
    def jeu(self) -> str:
        return str(self.metadonnees["mapping_set_id"])

    def developper(self, curie: str) -> str:
        prefixe, _, local = curie.partition(":")
        if prefixe not in self.prefixes:
            raise ErreurEntree(f"{self.chemin} : préfixe « {prefixe} » absent du curie_map (valeur « {curie} »).")
        return self.prefixes[prefixe] + local

    def correspondances(self) -> list[tuple[str, str, str]]:
        """(sujet, prédicat, objet) en IRI, sans les lignes « aucune correspondance »."""
        return [(self.developper(ligne["subject_id"]), self.developper(ligne["predicate_id"]),
                 self.developper(ligne["object_id"])) for ligne in self.lignes if ligne["object_id"] != AUCUNE]


def _entete(chemin: Path, texte: str) -> tuple[dict[str, Any], list[str], int]:
    """L'en-tête YAML (comme sssom-py : `#` ôtés, lignes vides sautées), les lignes du TSV et le numéro
    de la ligne d'en-tête du TSV."""
    lignes = texte.split("\n")
    yaml_ = []
    numero = 0
    while numero < len(lignes) and lignes[numero].startswith("#"):
        propre = lignes[numero].lstrip("#").rstrip()
        if propre:
            yaml_.append(propre)
        numero += 1
    try:
        metadonnees = yaml.safe_load("\n".join(yaml_)) if yaml_ else {}
    except yaml.YAMLError as e:
        marque = getattr(e, "problem_mark", None)
        ou = f", en-tête ligne {marque.line + 1}" if marque is not None else ""
        raise ErreurEntree(f"{chemin}{ou} : en-tête YAML invalide ({getattr(e, 'problem', e)}).") from None
    if not isinstance(metadonnees, dict):
        raise ErreurEntree(f"{chemin} : l'en-tête SSSOM doit être un dictionnaire YAML (clé: valeur).")
    return metadonnees, lignes[numero:], numero + 1


def lire_sssom(chemin: Path, colonnes: tuple[str, ...] = ()) -> TableSSSOM:
    """Lit et contrôle une table SSSOM : en-tête, colonnes (`colonnes` en plus des obligatoires),
    prédicats, justifications, confiance et score dans [0, 1], dates, préfixes."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ErreurEntree(f"{chemin} : lecture impossible ({e}).") from None
    return analyser_sssom(chemin, texte, colonnes)


def analyser_sssom(chemin: Path, texte: str, colonnes: tuple[str, ...] = ()) -> TableSSSOM:
    """La table SSSOM du texte `texte` (contrôlée comme par `lire_sssom`) ; `chemin` la nomme dans les erreurs."""
    metadonnees, corps, numero_entete = _entete(chemin, texte)
    for requis in ("mapping_set_id", "license", "curie_map"):
        if requis not in metadonnees:
            raise ErreurEntree(f"{chemin} : l'en-tête SSSOM n'a pas « {requis} ».")
    if not isinstance(metadonnees["curie_map"], dict):
        raise ErreurEntree(f"{chemin} : curie_map doit associer des préfixes à des IRI.")
    lecteur = csv.DictReader(corps, delimiter="\t")
    manquantes = [c for c in (*OBLIGATOIRES, *colonnes) if c not in (lecteur.fieldnames or [])]
    if manquantes:
        raise ErreurEntree(f"{chemin}, ligne {numero_entete} : colonne(s) SSSOM absente(s) : {', '.join(manquantes)}.")
    table = TableSSSOM(chemin, metadonnees, [])
    vus: set[tuple[str, str, str]] = set()
    for numero, ligne in enumerate(lecteur, start=numero_entete + 1):
        ligne = {k: v or "" for k, v in ligne.items() if k is not None}
        _controler(table, f"{chemin}, ligne {numero}", ligne)
        cle = (ligne["subject_id"], ligne["predicate_id"], ligne["object_id"])
        if cle in vus:
            raise ErreurEntree(f"{chemin}, ligne {numero} : correspondance en double ({' '.join(cle)}).")
        vus.add(cle)
        table.lignes.append(ligne)
    return table


def _nombre(ou: str, ligne: dict[str, str], colonne: str, nom: str) -> None:
    if not ligne.get(colonne):
        return
    try:
        valeur = float(ligne[colonne])
    except ValueError:
        raise ErreurEntree(f"{ou}, colonne {colonne} : {nom} « {ligne[colonne]} » n'est pas un nombre.") from None
    if not 0 <= valeur <= 1:
        raise ErreurEntree(f"{ou}, colonne {colonne} : {nom} « {ligne[colonne]} » hors de [0, 1].")


def _controler(table: TableSSSOM, ou: str, ligne: dict[str, str]) -> None:
    if ligne["predicate_id"] not in PREDICATS:
        raise ErreurEntree(f"{ou} : prédicat « {ligne['predicate_id']} » non admis ({', '.join(sorted(PREDICATS))}).")
    if ligne["mapping_justification"] not in JUSTIFICATIONS:
        raise ErreurEntree(f"{ou} : justification « {ligne['mapping_justification']} » inconnue (vocabulaire semapv).")
    _nombre(ou, ligne, "confidence", "confiance")
    _nombre(ou, ligne, "similarity_score", "score de similarité")
    if ligne.get("similarity_score") and not ligne.get("mapping_tool"):
        raise ErreurEntree(f"{ou} : un score de similarité sans mapping_tool (l'outil qui l'a calculé).")
    if ligne.get("mapping_date"):
        try:
            date.fromisoformat(ligne["mapping_date"])
        except ValueError:
            raise ErreurEntree(f"{ou} : date « {ligne['mapping_date']} » invalide (AAAA-MM-JJ attendu).") from None
    if not ligne.get("mapping_tool") and not ligne.get("comment", "").strip():
        raise ErreurEntree(f"{ou} : chaque alignement relu doit dire pourquoi (colonne comment vide).")
    for colonne in ("subject_id", "object_id", "author_id", "reviewer_id"):
        for curie in filter(None, ligne.get(colonne, "").split("|")):
            if curie != AUCUNE:
                table.developper(curie)


def ecrire_sssom(metadonnees: dict[str, Any], colonnes: list[str], lignes: list[dict[str, str]]) -> str:
    """Une table SSSOM/TSV : l'en-tête YAML en commentaires, puis le TSV (colonnes dans l'ordre donné)."""
    entete = yaml.safe_dump(metadonnees, allow_unicode=True, sort_keys=False, width=110)
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, colonnes, delimiter="\t", lineterminator="\n", extrasaction="ignore")
    ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return "".join(f"# {ligne}\n" for ligne in entete.splitlines()) + sortie.getvalue()


# Colonnes d'une table de candidats : des lignes de machine, avec l'outil et son score, sans confiance.
COLONNES_MACHINE = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
                    "mapping_tool", "similarity_score", "similarity_measure", "mapping_date", "comment"]


def table_machine(jeu: str, curie_map: dict[str, str], outil: str, commentaire: str, lignes: list[dict[str, str]]) -> str:
    """Une table de candidats produite par `outil` : même en-tête et mêmes colonnes pour tous les outils."""
    metadonnees = {"curie_map": {"cmaid": "https://w3id.org/metiers-assistance/id/", **curie_map},
                   "mapping_set_id": jeu, "license": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
                   "mapping_tool": outil, "comment": commentaire}
    return ecrire_sssom(metadonnees, COLONNES_MACHINE, [{"mapping_tool": outil, **ligne} for ligne in lignes])


def _axiome(table: TableSSSOM, ligne: dict[str, str]) -> URIRef:
    """L'IRI de la ligne : son record_id s'il y en a un, sinon le jeu suivi du sujet, du prédicat et de l'objet."""
    if ligne.get("record_id"):
        return URIRef(table.developper(ligne["record_id"]))
    local = "--".join(c.split(":", 1)[-1].rsplit("/", 1)[-1]
                      for c in (ligne["subject_id"], ligne["predicate_id"], ligne["object_id"]))
    return URIRef(f"{table.jeu}#{local}")


def en_rdf(table: TableSSSOM) -> Graph:
    """Le jeu de correspondances réifié comme l'écrit sssom-py, avec les triplets directs."""
    g = Graph()
    jeu = URIRef(table.jeu)
    m = table.metadonnees
    g.add((jeu, RDF.type, SSSOM.MappingSet))
    g.add((jeu, DCTERMS.license, URIRef(str(m["license"]))))
    for cle, propriete in (("mapping_set_title", DCTERMS.title), ("mapping_set_description", DCTERMS.description),
                           ("mapping_set_version", OWL.versionInfo), ("comment", RDFS.comment)):
        if m.get(cle):
            g.add((jeu, propriete, Literal(" ".join(str(m[cle]).split()))))
    for cle in ("subject_source", "object_source"):
        if m.get(cle):
            valeur = str(m[cle])
            g.add((jeu, SSSOM[cle], URIRef(valeur if valeur.startswith(("http://", "https://")) else table.developper(valeur))))
    createurs = m.get("creator_id") or []
    for createur in [createurs] if isinstance(createurs, str) else createurs:
        g.add((jeu, DCTERMS.creator, URIRef(table.developper(createur))))
    for ligne in table.lignes:
        axiome = _axiome(table, ligne)
        g.add((jeu, SSSOM.mappings, axiome))
        g.add((axiome, RDF.type, OWL.Axiom))
        for colonne, propriete in _ENTITES.items():
            g.add((axiome, propriete, URIRef(table.developper(ligne[colonne]))))
        for colonne, propriete in _MULTIPLES.items():
            for curie in filter(None, ligne.get(colonne, "").split("|")):
                g.add((axiome, propriete, URIRef(table.developper(curie))))
        for colonne, propriete in _TEXTES.items():
            if ligne.get(colonne):
                g.add((axiome, propriete, Literal(ligne[colonne])))
        for colonne, propriete in _NOMBRES.items():
            if ligne.get(colonne):
                g.add((axiome, propriete, Literal(float(ligne[colonne]), datatype=XSD.double)))
        if ligne.get("mapping_date"):
            g.add((axiome, DCTERMS.created, Literal(ligne["mapping_date"], datatype=XSD.date)))
        if ligne["object_id"] != AUCUNE:
            g.add((URIRef(table.developper(ligne["subject_id"])), URIRef(table.developper(ligne["predicate_id"])),
                   URIRef(table.developper(ligne["object_id"]))))
    dates = [ligne["mapping_date"] for ligne in table.lignes if ligne.get("mapping_date")]
    if dates:
        g.add((jeu, DCTERMS.modified, Literal(max(dates), datatype=XSD.date)))
    return g
