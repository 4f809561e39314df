"""Import d'ESCO (occupations et groupes ISCO-08) et de la table de correspondance ROME ↔ ESCO.

L'export ESCO fourni est la classification en français (`occupations_fr.csv`, `ISCOGroups_fr.csv`) :
ses libellés préférés sont français. Les libellés anglais n'y sont que dans
`broaderRelationsOccPillar_fr.csv`, dont les colonnes `conceptLabel` et `broaderLabel` restent en
anglais quelle que soit la langue de l'export : c'est là qu'on les prend, pour les occupations comme
pour les groupes ISCO. Le code ISCO-08 d'une occupation est sa colonne `iscoGroup` ; son groupe est
l'IRI ESCO `…/esco/isco/C<code>`.

La table ROME ↔ ESCO de France Travail (publiée sur le portail ESCO) relie une appellation ROME
(`code_ogr`) à une occupation ESCO ; elle sert au chaînage (`alignement/esco.py`), pas à l'import. Elle
commence par un préambule de 15 lignes (projet, versions) avant son en-tête ; deux éditions existent, on
retient celle de la version d'ESCO la plus récente que dit le préambule (1.1 plutôt que 1.0.9), pas celle
dont le nom de fichier est le plus récent. La relation se lit de l'appellation vers l'occupation :
« Conducteur d'abatteuses » a pour correspondance plus large (`skos:broadMatch`) « conducteur d'engins
forestiers ».
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import ecriture_atomique
from cartographie.io.ntriples import Ecrivain, iri, litteral
from cartographie.io.tableaux import fichier_versionne, lire_csv
from cartographie.sources.referentiels import Bilan
from cartographie.vocab import CMA, ESCO, ESCO_MODELE, SKOS

OCCUPATIONS = f"{ESCO}concept-scheme/occupations"
ISCO = f"{ESCO}concept-scheme/isco"
RELATIONS = {f"skos:{r}" for r in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")}
ENTETE_TABLE = "classification 1 ID"


def isco_iri(code: str) -> str:
    return f"{ESCO}isco/C{code}"


@dataclass(frozen=True)
class LienRomeEsco:
    """Une ligne de la table ROME ↔ ESCO : l'appellation `code_ogr` a pour correspondance `relation` l'occupation."""

    occupation: str
    libelle_occupation: str
    code_ogr: str
    libelle_appellation: str
    relation: str


def _preambule(chemin: Path) -> tuple[dict[str, str], int]:
    """Les lignes « clé,valeur » qui précèdent l'en-tête, et le numéro de la ligne d'en-tête."""
    infos: dict[str, str] = {}
    with chemin.open(encoding="utf-8", newline="") as f:
        for numero, valeurs in enumerate(csv.reader(f), start=1):
            if valeurs and valeurs[0].strip() == ENTETE_TABLE:
                return infos, numero
            if len(valeurs) >= 2:
                infos[valeurs[0].strip()] = valeurs[1].strip()
    raise ErreurEntree(f"{chemin} : en-tête « {ENTETE_TABLE}, … » introuvable ; ce fichier n'est pas la table ROME ↔ ESCO.")


def _version(texte: str) -> tuple[int, ...]:
    return tuple(int(p) for p in texte.lstrip("Vv").split(".") if p.isdigit())


def table_rome_esco(dossier: Path) -> tuple[Path, str]:
    """L'édition de la table ROME ↔ ESCO de `dossier` qui porte la version d'ESCO la plus récente, et cette version."""
    if not dossier.is_dir():
        raise ErreurEntree(f"{dossier} : dossier introuvable.")
    editions = [(chemin, _preambule(chemin)[0].get("Classification 1 Version", ""))
                for chemin in sorted(dossier.glob("*mapping_esco_rome*.csv"))]
    if not editions:
        raise ErreurEntree(f"{dossier} : aucun fichier *mapping_esco_rome*.csv ; ce dossier n'est pas la table ROME ↔ ESCO.")
    return max(editions, key=lambda e: (_version(e[1]), e[0].name))


def liens_rome_esco(chemin: Path) -> list[LienRomeEsco]:
    """Les lignes de la table, après son préambule ; une relation hors SKOS est refusée avec sa ligne."""
    _, numero_entete = _preambule(chemin)
    liens = []
    with chemin.open(encoding="utf-8", newline="") as f:
        lignes = csv.reader(f)
        for _ in range(numero_entete):
            entete = next(lignes)
        attendues = [ENTETE_TABLE, "classification 1 prefered label", "classification 2 ID",
                     "classification 2 prefered label", "mapping relation"]
        if [c.strip() for c in entete] != attendues:
            raise ErreurEntree(f"{chemin}, ligne {numero_entete} : colonnes inattendues ({', '.join(entete)}).")
        for valeurs in lignes:
            if not any(valeurs):
                continue
            if len(valeurs) != len(attendues) or valeurs[4] not in RELATIONS:
                raise ErreurEntree(f"{chemin}, ligne {lignes.line_num} : ligne illisible ou relation « "
                                   f"{valeurs[-1] if valeurs else ''} » hors de {', '.join(sorted(RELATIONS))}.")
            liens.append(LienRomeEsco(valeurs[0], valeurs[1], valeurs[2], valeurs[3], valeurs[4]))
    return liens


def libelles_anglais(dossier: Path) -> dict[str, str]:
    """IRI ESCO (occupation ou groupe ISCO) → libellé anglais, lu dans `broaderRelationsOccPillar`."""
    chemin = dossier / "broaderRelationsOccPillar_fr.csv"
    libelles: dict[str, str] = {}
    for ligne in lire_csv(chemin, ("conceptUri", "conceptLabel", "broaderUri", "broaderLabel"), ","):
        libelles[ligne["conceptUri"]] = ligne["conceptLabel"]
        libelles.setdefault(ligne["broaderUri"], ligne["broaderLabel"])
    return libelles


def _concept(e: Ecrivain, ligne: dict[str, str], classe: str, schema: str, anglais: dict[str, str]) -> None:
    """Une occupation ou un groupe ISCO : classe du modèle ESCO, schéma, code, libellés français et anglais."""
    concept = ligne["conceptUri"]
    e.typer(concept, ESCO_MODELE + classe)
    e.ecrire(concept, SKOS + "inScheme", iri(schema))
    e.ecrire(concept, SKOS + "notation", litteral(ligne["code"]))
    e.ecrire(concept, SKOS + "prefLabel", litteral(ligne["preferredLabel"], "fr"))
    if concept in anglais:
        e.ecrire(concept, SKOS + "prefLabel", litteral(anglais[concept], "en"))


def importer_esco(dossier: Path, sortie: Path) -> Bilan:
    """ESCO → RDF : occupations publiées (libellés français et anglais, code, groupe ISCO-08) et groupes
    ISCO. Les fichiers ne disent pas leur version mineure : le bilan porte la date de la dernière
    modification d'une occupation (`modifiedDate`)."""
    fichier_occupations, _ = fichier_versionne(dossier, "occupations_*.csv", "ESCO (classification CSV)")
    anglais = libelles_anglais(dossier)
    derniere = ""
    cible = sortie / "esco.nt"
    with ecriture_atomique(cible) as f:
        e = Ecrivain(f)
        for schema, nom in ((OCCUPATIONS, "ESCO : occupations"), (ISCO, "ISCO-08 (dans ESCO)")):
            e.typer(schema, SKOS + "ConceptScheme")
            e.ecrire(schema, SKOS + "prefLabel", litteral(nom, "fr"))
        for ligne in lire_csv(dossier / "ISCOGroups_fr.csv", ("conceptUri", "code", "preferredLabel"), ","):
            _concept(e, ligne, "ISCOGroup", ISCO, anglais)
        colonnes = ("conceptUri", "iscoGroup", "preferredLabel", "status", "code", "modifiedDate")
        for ligne in lire_csv(fichier_occupations, colonnes, ","):
            if ligne["status"] != "released":
                continue
            derniere = max(derniere, ligne["modifiedDate"][:10])
            _concept(e, ligne, "Occupation", OCCUPATIONS, anglais)
            e.ecrire(ligne["conceptUri"], str(CMA.groupeIsco), iri(isco_iri(ligne["iscoGroup"])))
    sources = [fichier_occupations.name, "ISCOGroups_fr.csv", "broaderRelationsOccPillar_fr.csv"]
    return Bilan("ESCO", derniere, cible, e.triplets, dict(e.classes), sources)
