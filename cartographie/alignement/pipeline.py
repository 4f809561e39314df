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
    precision,
    reclasser,
)
from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.sssom import correspondances, en_sssom
from cartographie.projet import Projet
from cartographie.sources.referentiels import verifier_dossier
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Isole


@dataclass(frozen=True)
class Alignement:
    candidats: list[Candidat]
    sortie: Path
    justes: int
    relus: int
    relus_sans_candidat: int
    signaux: dict[str, tuple[int, int]]


def revus(projet: Projet) -> dict[str, set[str]]:
    """Pour chaque métier codifié, les codes des fiches ROME retenues à la relecture."""
    resultat: dict[str, set[str]] = {}
    for sujet, objet in correspondances(projet.donnees / "alignements"):
        code = sujet.rsplit("metier-", 1)[-1]
        if re.fullmatch(r"\d{4}", code):
            resultat.setdefault(code, set()).add(objet.rsplit("/", 1)[-1])
    return resultat


def aligner(projet: Projet, rome: Path | None, sortie: Path, par_metier: int = 5, seuil: float = 75) -> Alignement:
    if not 0 <= seuil <= 100:
        raise ErreurEntree(f"--seuil {seuil:g} : le score minimal va de 0 à 100.")
    if par_metier < 1:
        raise ErreurEntree(f"--par-metier {par_metier} : il faut au moins un candidat par métier.")
    rome = verifier_dossier(rome, "rome")
    version, libelles, index = appellations_rome(rome)
    moteur = Isole(projet.publies)
    metiers = intitules_des_metiers(executer(projet, moteur, "intitules-metiers", {}))
    lexicaux = candidats(metiers, libelles, index, par_metier=par_metier, seuil=seuil)
    textes: dict[str, Counter[str]] = {}
    for ligne in executer(projet, moteur, "textes-fiches", {}).lignes:
        textes.setdefault(ligne["code"].valeur, Counter()).update(mots(ligne["texte"].valeur))
    sacs = contenus_rome(rome)
    trouves = reclasser(lexicaux, textes, sacs)
    publier_fichiers(sortie.parent, {sortie.name: en_sssom(trouves, version, date.today().isoformat())})
    relus_ = revus(projet)
    justes, relus = precision(trouves, relus_)
    sans_candidat = len([c for c in relus_ if relus_[c]]) - relus
    return Alignement(trouves, sortie, justes, relus, sans_candidat, comparer_signaux(lexicaux, textes, sacs, relus_))
