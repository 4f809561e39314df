"""Alignement candidat des métiers de la branche sur les fiches ROME, par leurs intitulés.

Chaque intitulé d'un métier (intitulé, autres dénominations, formes masculine et féminine) est
comparé aux 13 120 appellations ROME, elles aussi dédoublées en masculin et féminin
(« Chargé / Chargée d'assistance » → « chargé d'assistance », « chargée d'assistance »), après
normalisation (casse, accents, apostrophes, « (f/h) »). Les scores sont agrégés par fiche ROME :
le meilleur score, et les paires d'intitulés qui l'ont donné. Ce ne sont que des candidats :
la table de référence est `donnees/alignements/rome.sssom.tsv`, relue à la main.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from cartographie.io.sssom import table_machine
from cartographie.io.tableaux import fichier_versionne, lire_csv
from cartographie.sparql.resultats import Resultat
from cartographie.texte import cle, formes_genrees


def variantes(intitule: str) -> set[str]:
    """Les formes normalisées d'un intitulé : les deux membres d'un « Masculin / Féminin suite » du ROME,
    et les formes masculine et féminine d'une notation inclusive (« Chargé(e) »)."""
    membres = {intitule}
    if " / " in intitule:
        gauche, droite = intitule.split(" / ", 1)
        mots_gauche = gauche.split()
        membres = {" ".join(mots_gauche + droite.split()[len(mots_gauche):]), droite}
    resultat: set[str] = set()
    for membre in membres:
        formes = formes_genrees(membre)
        # « Chargé(e) » normalisé donnerait « charge e » : seules ses formes masculine et féminine comptent.
        resultat.update(formes if formes else {membre})
    return {cle(v) for v in resultat if cle(v)}


@dataclass(frozen=True)
class Candidat:
    code_metier: str
    intitule_metier: str
    code_rome: str
    intitule_rome: str
    score: float
    correspondances: tuple[str, ...]


def appellations_rome(dossier: Path) -> tuple[str, dict[str, str], dict[str, set[str]]]:
    """Version, libellés des fiches, et pour chaque variante normalisée les codes ROME qui la portent."""
    fichier_codes, version = fichier_versionne(dossier, "unix_referentiel_code_rome_v*_utf8.csv", "ROME 4.0")
    libelles = {ligne["code_rome"]: ligne["libelle_rome"]
                for ligne in lire_csv(fichier_codes, ("code_rome", "libelle_rome"), ",")}
    index: dict[str, set[str]] = {}
    for code, libelle in libelles.items():
        for v in variantes(libelle):
            index.setdefault(v, set()).add(code)
    chemin = dossier / f"unix_referentiel_appellation_{version}_utf8.csv"
    for ligne in lire_csv(chemin, ("libelle_appellation_long", "code_rome"), ","):
        for v in variantes(ligne["libelle_appellation_long"]):
            index.setdefault(v, set()).add(ligne["code_rome"])
    return version, libelles, index


def intitules_des_metiers(resultat: Resultat) -> dict[tuple[str, str], set[str]]:
    """(code, intitulé) → variantes normalisées de tous ses intitulés, depuis la requête `intitules-metiers`."""
    metiers: dict[tuple[str, str], set[str]] = {}
    for ligne in resultat.lignes:
        cle_metier = (ligne["code"].valeur, ligne["intitule"].valeur)
        metiers.setdefault(cle_metier, set()).update(variantes(ligne["libelle"].valeur))
    return metiers


def candidats(metiers: dict[tuple[str, str], set[str]], libelles: dict[str, str], index: dict[str, set[str]],
              par_metier: int = 5, seuil: float = 80) -> list[Candidat]:
    """Les meilleures fiches ROME de chaque métier, score de 0 à 100."""
    choix = list(index)
    resultat: list[Candidat] = []
    for (code, intitule), formes in sorted(metiers.items()):
        meilleurs: dict[str, tuple[float, set[str]]] = {}
        for forme in sorted(formes):
            for trouve, score, _ in process.extract(forme, choix, scorer=fuzz.token_sort_ratio, limit=15,
                                                    score_cutoff=seuil):
                for code_rome in index[trouve]:
                    actuel, paires = meilleurs.get(code_rome, (0.0, set()))
                    paires.add(f"{forme} ≈ {trouve}")
                    meilleurs[code_rome] = (max(actuel, score), paires)
        classes = sorted(meilleurs.items(), key=lambda x: (-x[1][0], -len(x[1][1]), x[0]))[:par_metier]
        resultat += [Candidat(code, intitule, code_rome, libelles.get(code_rome, ""), round(score, 1),
                              tuple(sorted(paires))[:4]) for code_rome, (score, paires) in classes]
    return resultat




def table_candidats(candidats_: list[Candidat], version: str, jour: str) -> str:
    """Les candidats en table SSSOM : lignes produites par la machine, donc `mapping_tool` et
    `similarity_score` (score de 0 à 100 ramené à [0, 1]), sans confiance ni relecture."""
    rome = f"rome{version.removeprefix('v')}"
    lignes = [{"subject_id": f"cmaid:metier-{c.code_metier}", "subject_label": c.intitule_metier,
               "predicate_id": "skos:closeMatch", "object_id": f"{rome}:{c.code_rome}", "object_label": c.intitule_rome,
               "mapping_justification": "semapv:LexicalSimilarityThresholdMatching",
               "similarity_score": f"{c.score / 100:.3f}", "similarity_measure": MESURE, "mapping_date": jour,
               "comment": " ; ".join(c.correspondances)} for c in candidats_]
    return table_machine("https://w3id.org/metiers-assistance/alignements/candidats/rome.sssom.tsv",
                         {rome: f"https://w3id.org/metiers-assistance/ref/rome/{version}/"}, OUTIL,
                         "Candidats produits par `cartographie aligner` sur l'export ROME complet, à relire ; non publiés.",
                         lignes)


# Second signal : le contenu des fiches --------------------------------------------------------------

# Part de la similarité de contenu dans le score : (1 − p) × lexical + p × 100 × contenu, qui reste de
# 0 à 100. Réglée sur les métiers de réglage à fiche détaillée : de 0,09 à 0,5, même premier candidat.
POIDS_CONTENU = 0.2
OUTIL = "cartographie aligner"
MESURE = "rapidfuzz token_sort_ratio des intitulés, combiné au cosinus TF-IDF des contenus"
_MOTS_VIDES = frozenset(
    "a au aux avec ce ces dans de des du en et l la le les leur leurs ou par pour sa se ses son sur un une d "
    "qui que est sont etre ainsi afin selon entre sans sous si ne pas plus tout tous toute toutes".split())


def mots(texte: str) -> list[str]:
    """Mots porteurs de sens : normalisés, sans mots vides ni mots de moins de trois lettres."""
    return [m for m in re.split(r"[\s']+", cle(texte)) if len(m) > 2 and m not in _MOTS_VIDES]


def contenus_rome(dossier: Path) -> dict[str, Counter[str]]:
    """Pour chaque fiche ROME, les mots de ses compétences et savoirs (blocs 5 des liens)."""
    _, version = fichier_versionne(dossier, "unix_referentiel_code_rome_v*_utf8.csv", "ROME 4.0")
    libelles: dict[str, str] = {}
    for ligne in lire_csv(dossier / f"unix_referentiel_competence_{version}_utf8.csv", ("code_ogr", "libelle_competence"), ","):
        libelles[ligne["code_ogr"]] = ligne["libelle_competence"]
    for ligne in lire_csv(dossier / f"unix_referentiel_savoir_{version}_utf8.csv", ("code_ogr_savoir", "libelle_savoir"), ","):
        libelles[ligne["code_ogr_savoir"]] = ligne["libelle_savoir"]
    sacs: dict[str, Counter[str]] = {}
    for ligne in lire_csv(dossier / f"unix_liens_rome_referentiels_{version}_utf8.csv",
                          ("code_rome", "code_compo_bloc", "code_ogr"), ","):
        if ligne["code_compo_bloc"] == "5" and ligne["code_ogr"] in libelles:
            sacs.setdefault(ligne["code_rome"], Counter()).update(mots(libelles[ligne["code_ogr"]]))
    return sacs


def similarites(texte: Counter[str], sacs: dict[str, Counter[str]]) -> dict[str, float]:
    """Cosinus TF-IDF entre le texte d'un métier et chaque fiche ROME (0 à 1)."""
    documents = len(sacs)
    frequence = Counter(m for sac in sacs.values() for m in sac)
    poids = {m: math.log(documents / n) for m, n in frequence.items()}

    def vecteur(sac: Counter[str]) -> dict[str, float]:
        return {m: n * poids.get(m, 0.0) for m, n in sac.items()}

    requete = vecteur(texte)
    norme_requete = math.sqrt(sum(v * v for v in requete.values())) or 1.0
    resultat = {}
    for code, sac in sacs.items():
        v = vecteur(sac)
        norme = math.sqrt(sum(x * x for x in v.values())) or 1.0
        resultat[code] = sum(requete[m] * v.get(m, 0.0) for m in requete) / (norme_requete * norme)
    return resultat


def combiner(lexical: float, contenu: float, poids: float = POIDS_CONTENU) -> float:
    """Le score combiné, de 0 à 100 : moyenne pondérée du score lexical (0 à 100) et du contenu (0 à 1)."""
    return (1 - poids) * lexical + poids * 100 * contenu


def comparer_signaux(lexicaux: list[Candidat], textes: dict[str, Counter[str]], sacs: dict[str, Counter[str]],
                     revus: dict[str, set[str]], poids: float = POIDS_CONTENU) -> dict[str, tuple[int, int]]:
    """Précision du premier candidat, pour les métiers qui ont une fiche détaillée : intitulés seuls,
    contenu seul, et les deux (score combiné)."""
    par_metier: dict[str, list[Candidat]] = {}
    for c in lexicaux:
        par_metier.setdefault(c.code_metier, []).append(c)
    justes = {"intitulés": [0, 0], "contenu": [0, 0], "intitulés + contenu": [0, 0]}
    for code, texte in sorted(textes.items()):
        if not revus.get(code):
            continue
        sims = similarites(texte, sacs)
        lexical = par_metier.get(code, [])
        choix = {
            "intitulés": lexical[0].code_rome if lexical else None,
            "contenu": max(sims, key=lambda k: (sims[k], k)),
            "intitulés + contenu": max(lexical, key=lambda c: combiner(c.score, sims.get(c.code_rome, 0), poids)).code_rome
            if lexical else None,
        }
        for methode, premier in choix.items():
            justes[methode][1] += 1
            justes[methode][0] += premier in revus[code]
    return {m: (j, n) for m, (j, n) in justes.items()}


def reclasser(lexicaux: list[Candidat], textes: dict[str, Counter[str]], sacs: dict[str, Counter[str]],
              poids: float = POIDS_CONTENU) -> list[Candidat]:
    """Les candidats des métiers qui ont une fiche, reclassés par score combiné (lexical et contenu) ; la
    similarité est ajoutée aux correspondances affichées. Les autres restent tels quels."""
    similarites_par_metier = {code: similarites(texte, sacs) for code, texte in textes.items()}
    resultat = []
    for c in lexicaux:
        sims = similarites_par_metier.get(c.code_metier)
        if sims is None:
            resultat.append(c)
            continue
        sim = sims.get(c.code_rome, 0.0)
        resultat.append(Candidat(c.code_metier, c.intitule_metier, c.code_rome, c.intitule_rome,
                                 round(combiner(c.score, sim, poids), 1), (*c.correspondances, f"contenu {sim:.2f}")))
    return sorted(resultat, key=lambda c: (c.code_metier, -c.score, c.code_rome))
