"""L'alignement candidat de bout en bout : intitulés et contenus des métiers lus dans la publication,
appellations et compétences ROME lues dans l'export officiel, table SSSOM des candidats, et précision
mesurée contre l'alignement relu de `donnees/alignements/`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cartographie.alignement.candidats import (
    Candidat,
    appellations_rome,
    candidats,
    comparer_signaux,
    contenus_rome,
    intitules_des_metiers,
    mots,
    reclasser,
    table_candidats,
)
from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.sssom import lire_sssom
from cartographie.projet import DOSSIER_CANDIDATS, Projet
from cartographie.sources.referentiels import verifier_dossier
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Isole


@dataclass(frozen=True)
class Alignement:
    candidats: list[Candidat]
    sortie: Path
    signaux: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Precision:
    """La précision du premier candidat, sur un ensemble de métiers relus."""

    ensemble: str
    justes: int
    relus: int
    sans_candidat: int

    def en_ligne(self) -> dict[str, str]:
        taux = f"{100 * self.justes / self.relus:.0f} %" if self.relus else "—"
        return {"métiers": self.ensemble, "premier candidat juste": f"{self.justes}/{self.relus}", "précision": taux,
                "relus sans candidat": str(self.sans_candidat)}


def revus(projet: Projet) -> dict[str, set[str]]:
    """Pour chaque métier codifié, les codes des fiches ROME retenues à la relecture."""
    resultat: dict[str, set[str]] = {}
    for sujet, _, objet in lire_sssom(projet.alignements / "rome.sssom.tsv").correspondances():
        code = sujet.rsplit("metier-", 1)[-1]
        if re.fullmatch(r"\d{4}", code):
            resultat.setdefault(code, set()).add(objet.rsplit("/", 1)[-1])
    return resultat


def aligner(projet: Projet, rome: Path | None, sortie: Path | None = None, par_metier: int = 5,
            seuil: float = 75) -> Alignement:
    """Écrit la table des candidats (par défaut `donnees/alignements/candidats/rome.sssom.tsv`) et compare
    les signaux sur les métiers de réglage."""
    if not 0 <= seuil <= 100:
        raise ErreurEntree(f"--seuil {seuil:g} : le score minimal va de 0 à 100.")
    if par_metier < 1:
        raise ErreurEntree(f"--par-metier {par_metier} : il faut au moins un candidat par métier.")
    rome = verifier_dossier(rome, "rome")
    sortie = sortie or projet.alignements / DOSSIER_CANDIDATS / "rome.sssom.tsv"
    version, libelles, index = appellations_rome(rome)
    moteur = Isole(projet.publies)
    metiers = intitules_des_metiers(executer(projet, moteur, "intitules-metiers", {}))
    lexicaux = candidats(metiers, libelles, index, par_metier=par_metier, seuil=seuil)
    textes: dict[str, Counter[str]] = {}
    for ligne in executer(projet, moteur, "textes-fiches", {}).lignes:
        textes.setdefault(ligne["code"].valeur, Counter()).update(mots(ligne["texte"].valeur))
    sacs = contenus_rome(rome)
    trouves = reclasser(lexicaux, textes, sacs)
    publier_fichiers(sortie.parent, {sortie.name: table_candidats(trouves, version, date.today().isoformat())})
    relus_ = revus(projet)
    reglage = {code: fiches for code, fiches in relus_.items() if code in metiers_de_reglage(projet)}
    return Alignement(trouves, sortie, comparer_signaux(lexicaux, textes, sacs, reglage))


def metiers_de_reglage(projet: Projet) -> frozenset[str]:
    """Les codes des métiers relus qui ont servi à régler le poids du contenu : une donnée de la branche
    (`donnees/alignements/reglage.txt`, un code par ligne), pas une constante du code."""
    chemin = projet.alignements / "reglage.txt"
    if not chemin.is_file():
        return frozenset()
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    return frozenset(ligne.strip() for ligne in lignes if ligne.strip() and not ligne.startswith("#"))


def mesurer_precision(projet: Projet, candidats_: Path | None = None) -> list[Precision]:
    """La précision du premier candidat de la table `candidats_` (par défaut celle de `donnees/`) contre
    l'alignement relu : sur les métiers d'évaluation (jamais vus au réglage), et à part sur ceux de réglage."""
    table = lire_sssom(candidats_ or projet.alignements / DOSSIER_CANDIDATS / "rome.sssom.tsv",
                       ("similarity_score", "mapping_tool"))
    premiers: dict[str, tuple[float, str]] = {}
    for ligne in table.lignes:
        code = ligne["subject_id"].rsplit("metier-", 1)[-1]
        score = (float(ligne["similarity_score"]), ligne["object_id"].split(":", 1)[1])
        premiers[code] = max(premiers.get(code, score), score)
    relus_ = revus(projet)
    reglage = metiers_de_reglage(projet)
    resultat = []
    for nom, garder in (("évaluation (non vus au réglage)", lambda c: c not in reglage),
                        ("réglage", lambda c: c in reglage)):
        codes = [c for c in sorted(relus_) if relus_[c] and garder(c)]
        avec = [c for c in codes if c in premiers]
        justes = sum(premiers[c][1] in relus_[c] for c in avec)
        resultat.append(Precision(nom, justes, len(avec), len(codes) - len(avec)))
    return resultat
