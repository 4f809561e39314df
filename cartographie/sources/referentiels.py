"""Les référentiels nationaux importés : IRI versionnées, bilan d'un import et sa description VoID.

ROME 4.0 (France Travail, `sources/rome.py`) et RNCP (France Compétences, `sources/rncp.py`) sont
lus dans les exports officiels que l'utilisateur télécharge ; un dossier qu'on ne reconnaît pas
(colonnes manquantes ou renommées, mauvais séparateur, mauvais encodage) est refusé avec un message
qui nomme le fichier et la ligne, plutôt que de produire un RDF vide.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD

from cartographie.erreurs import ErreurEntree
from cartographie.io.rdf import en_turtle
from cartographie.vocab import REF, VOID

# Où trouver les exports officiels : un dossier absent ou incomplet est signalé avec ces indications.
EXPORTS_OFFICIELS = {
    "rome": "l'export ROME 4.0 de France Travail (fichiers unix_*_utf8.csv, jeu « ROME 4.0 » sur "
            "francetravail.io ou data.gouv.fr)",
    "rncp": "l'export RNCP de France Compétences (fichiers export_fiches_CSV_*.csv, jeu « Répertoire national "
            "des certifications professionnelles » sur data.gouv.fr)",
    "certifinfo": "l'extrait Certif Info du réseau des Carif-Oref (certif_info.csv, sur data.gouv.fr)",
    "esco": "la classification ESCO en CSV (occupations_fr.csv, ISCOGroups_fr.csv, broaderRelationsOccPillar_fr.csv ; "
            "esco.ec.europa.eu, rubrique Télécharger)",
    "table-esco": "la table de correspondance ROME ↔ ESCO de France Travail (*mapping_esco_rome*.csv, portail ESCO, "
                  "rubrique des correspondances nationales)",
}


def verifier_dossier(dossier: Path | None, referentiel: str) -> Path:
    """Le dossier de l'export, ou une erreur qui dit quel export télécharger et où."""
    if dossier is None or not dossier.is_dir():
        quoi = f"{dossier} : dossier introuvable" if dossier else "aucun dossier donné"
        raise ErreurEntree(f"{quoi} ; indiquez le dossier où vous avez décompressé {EXPORTS_OFFICIELS[referentiel]}.")
    return dossier


def rome_iri(version: str, code: str) -> str:
    return f"{REF}rome/{version}/{code}"


def rome_v3_iri(code: str) -> str:
    return f"{REF}rome/v3/{code}"


def rncp_iri(numero: str) -> str:
    return f"{REF}rncp/{numero}"


@dataclass
class Bilan:
    """Ce qu'un import a produit, pour VoID, la documentation et les tests."""

    referentiel: str
    version: str
    fichier: Path
    triplets: int
    classes: dict[str, int]
    sources: list[str]


def void(bilan: Bilan) -> str:
    """La description VoID de l'import : triplets, entités par classe, fichiers sources, version."""
    g = Graph()
    jeu = URIRef(f"{REF}{bilan.referentiel.split()[0].lower()}/{bilan.version}/jeu")
    g.add((jeu, RDF.type, VOID.Dataset))
    g.add((jeu, DCTERMS.title, Literal(f"{bilan.referentiel} {bilan.version}", lang="fr")))
    g.add((jeu, OWL.versionInfo, Literal(bilan.version)))
    # IRI relative : le fichier voisin, où que soit le dossier.
    g.add((jeu, VOID.dataDump, URIRef(bilan.fichier.name)))
    g.add((jeu, VOID.triples, Literal(bilan.triplets, datatype=XSD.integer)))
    for source in bilan.sources:
        g.add((jeu, DCTERMS.source, Literal(source)))
    for classe, n in sorted(bilan.classes.items()):
        # Nœud nommé par la classe plutôt qu'anonyme : la sortie reste identique d'un import à l'autre.
        partition = URIRef(f"{jeu}/classe/{classe.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        g.add((jeu, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(classe)))
        g.add((partition, VOID.entities, Literal(n, datatype=XSD.integer)))
    return en_turtle(g)



