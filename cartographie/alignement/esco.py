"""Correspondances candidates vers ESCO, par chaînage : métier → fiche ROME → appellation → occupation ESCO.

La table relue `rome.sssom.tsv` aligne chaque métier sur des fiches ROME 4.0 ; chaque appellation d'une
fiche est reliée à une occupation ESCO par la table officielle ROME ↔ ESCO de France Travail. Le
chaînage propose, pour chaque métier, les occupations atteintes par les appellations de ses fiches,
avec un score de 0 à 1 : la confiance de l'alignement ROME multipliée par le poids de la relation
appellation → ESCO (exacte 1, proche 0,8, plus large ou plus étroite 0,6). Le prédicat proposé est
`skos:closeMatch` quand la relation est exacte ou proche, la relation elle-même sinon ; il reste une
proposition : la composition d'une relation métier → fiche et d'une relation appellation → ESCO ne
détermine pas la relation métier → ESCO, d'où la relecture (`donnees/alignements/esco.sssom.tsv`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cartographie.io.ecriture import publier_fichiers
from cartographie.io.sssom import AUCUNE, TableSSSOM, lire_sssom, table_machine
from cartographie.io.tableaux import fichier_versionne, lire_csv
from cartographie.projet import DOSSIER_CANDIDATS, Projet
from cartographie.sources.esco import LienRomeEsco, liens_rome_esco, table_rome_esco
from cartographie.sources.referentiels import verifier_dossier
from cartographie.vocab import ESCO

POIDS_RELATION = {"skos:exactMatch": 1.0, "skos:closeMatch": 0.8, "skos:broadMatch": 0.6, "skos:narrowMatch": 0.6}
OUTIL = "cartographie aligner-esco"
MESURE = "confiance de l'alignement ROME relu × poids de la relation appellation → ESCO"


@dataclass(frozen=True)
class CandidatEsco:
    sujet: str
    libelle_sujet: str
    predicat: str
    occupation: str
    libelle_occupation: str
    score: float
    chaine: tuple[str, ...]


def chainer(rome: TableSSSOM, appellations: dict[str, tuple[str, str]], liens: Iterable[LienRomeEsco]) -> list[CandidatEsco]:
    """Les occupations ESCO atteintes par chaque métier de `rome` ; `appellations` : code_ogr → (code ROME, libellé)."""
    par_fiche: dict[str, list[LienRomeEsco]] = {}
    for lien in liens:
        if lien.code_ogr in appellations:
            par_fiche.setdefault(appellations[lien.code_ogr][0], []).append(lien)
    meilleurs: dict[tuple[str, str], CandidatEsco] = {}
    for ligne in rome.lignes:
        if ligne["object_id"] == AUCUNE:
            continue
        fiche = ligne["object_id"].split(":", 1)[1]
        for lien in par_fiche.get(fiche, []):
            score = round(float(ligne["confidence"]) * POIDS_RELATION[lien.relation], 3)
            etape = (f"{ligne['predicate_id']} {fiche} ; appellation {lien.code_ogr} « {lien.libelle_appellation} » "
                     f"{lien.relation} ESCO")
            cle_ = (ligne["subject_id"], lien.occupation)
            actuel = meilleurs.get(cle_)
            predicat = "skos:closeMatch" if lien.relation in ("skos:exactMatch", "skos:closeMatch") else lien.relation
            if actuel is None or score > actuel.score:
                chaine = (etape, *(actuel.chaine if actuel else ()))
                meilleurs[cle_] = CandidatEsco(ligne["subject_id"], ligne["subject_label"], predicat, lien.occupation,
                                               lien.libelle_occupation, score, chaine)
            else:
                meilleurs[cle_] = CandidatEsco(actuel.sujet, actuel.libelle_sujet, actuel.predicat, actuel.occupation,
                                               actuel.libelle_occupation, actuel.score, (*actuel.chaine, etape))
    return sorted(meilleurs.values(), key=lambda c: (c.sujet, -c.score, c.occupation))


def table_candidats_esco(candidats_: list[CandidatEsco], jour: str) -> str:
    """Les candidats en table SSSOM : justification semapv:MappingChaining, `mapping_tool` et
    `similarity_score`, la chaîne en commentaire ; à relire avant d'entrer dans `esco.sssom.tsv`."""
    lignes = [{"subject_id": c.sujet, "subject_label": c.libelle_sujet, "predicate_id": c.predicat,
               "object_id": "esco:" + c.occupation.removeprefix(f"{ESCO}occupation/"), "object_label": c.libelle_occupation,
               "mapping_justification": "semapv:MappingChaining", "similarity_score": f"{c.score:.3f}",
               "similarity_measure": MESURE, "mapping_date": jour, "comment": " | ".join(c.chaine)} for c in candidats_]
    return table_machine("https://w3id.org/metiers-assistance/alignements/candidats/esco.sssom.tsv",
                         {"esco": f"{ESCO}occupation/"}, OUTIL,
                         "Candidats produits par chaînage (alignement ROME relu, puis table ROME ↔ ESCO) ; "
                         "à relire, non publiés.",
                         lignes)


def aligner_esco(projet: Projet, rome: Path | None, table: Path | None,
                 sortie: Path | None = None) -> tuple[list[CandidatEsco], Path]:
    """Écrit les candidats ESCO du projet (par défaut `donnees/alignements/candidats/esco.sssom.tsv`)."""
    rome = verifier_dossier(rome, "rome")
    chemin_table, _ = table_rome_esco(verifier_dossier(table, "table-esco"))
    _, version = fichier_versionne(rome, "unix_referentiel_code_rome_v*_utf8.csv", "ROME 4.0")
    appellations = {ligne["code_ogr"]: (ligne["code_rome"], ligne["libelle_appellation_long"]) for ligne in lire_csv(
        rome / f"unix_referentiel_appellation_{version}_utf8.csv", ("code_ogr", "code_rome", "libelle_appellation_long"), ",")}
    trouves = chainer(lire_sssom(projet.alignements / "rome.sssom.tsv"), appellations, liens_rome_esco(chemin_table))
    sortie = sortie or projet.alignements / DOSSIER_CANDIDATS / "esco.sssom.tsv"
    publier_fichiers(sortie.parent, {sortie.name: table_candidats_esco(trouves, date.today().isoformat())})
    return trouves, sortie
