"""Correspondance d'un intitulé d'emploi avec les métiers de la nomenclature.

Les intitulés cherchés sont tous ceux qui mènent à un métier dans la publication (requête
`intitules-recherche`) : intitulé, formes genrées, autres dénominations, emplois rattachés, métiers
recensés des fiches de regroupement, et appellations ROME des fiches alignées. Chacun est réduit à sa clé de recherche
(`texte.cle_recherche` : accents, ligatures, notation inclusive, mots vides, féminins et pluriels, ordre
des mots, abréviations de `donnees/intitules/abreviations.tsv`).

Score entre 0 et 1 : 1 pour une clé identique, sinon la moyenne de deux mesures de rapidfuzz,
`token_sort_ratio` (fautes de frappe, mots en trop pénalisés) et `token_set_ratio` (un intitulé qui
contient l'autre), multipliée par 0,99 pour qu'un à-peu-près ne rejoigne jamais une égalité. Chaque
intitulé pèse selon ce qu'il est : 1 pour ceux de la nomenclature, moins pour une appellation ROME
(selon la relation d'alignement), et 0,9 pour une autre dénomination identique à l'intitulé préféré d'un
autre métier (le prefLabel SKOS nomme le concept : l'intitulé d'un métier, écrit aussi comme autre
dénomination d'un second métier, désigne d'abord le premier).

Un intitulé n'est attribué que si son meilleur score atteint `SEUIL` et dépasse le second métier d'au
moins `MARGE` ; sinon il est « à affecter ». Les deux valeurs sont réglées sur la partie « reglage » du
jeu d'évaluation (`tests/actualisation/jeu-evaluation.tsv`) et mesurées sur l'autre (docs/actualisation.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from cartographie.io.tableur import lire_tableur, reperer_colonnes
from cartographie.projet import Projet
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur as MoteurSparql
from cartographie.sparql.resultats import XSD, Resultat, Terme
from cartographie.texte import cle, cle_recherche

SEUIL = 0.70
MARGE = 0.01
# Une appellation ROME ne vaut pas un intitulé de la nomenclature ; d'autant moins que la fiche est loin.
POIDS_RELATION = {"exactMatch": 0.95, "closeMatch": 0.90, "broadMatch": 0.85, "relatedMatch": 0.80}
POIDS_HOMONYME = 0.9
APPROCHE = 0.99
# Ordre de préférence quand deux intitulés d'un même métier ont la même clé.
NATURES = ("intitulé", "forme genrée", "autre dénomination", "emploi", "métier recensé", "appellation ROME")
ABREVIATIONS = Path("intitules") / "abreviations.tsv"
XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"


@dataclass(frozen=True)
class Libelle:
    code: str
    texte: str
    nature: str
    poids: float = 1.0


@dataclass(frozen=True)
class Candidat:
    code: str
    metier: str
    score: float
    libelle: str
    nature: str


@dataclass(frozen=True)
class Reponse:
    intitule: str
    candidats: tuple[Candidat, ...]
    seuil: float = SEUIL
    marge: float = MARGE

    @property
    def attribue(self) -> Candidat | None:
        """Le premier candidat s'il passe le seuil et devance assez le second ; sinon None (« à affecter »)."""
        if not self.candidats or self.candidats[0].score < self.seuil:
            return None
        second = self.candidats[1].score if len(self.candidats) > 1 else 0.0
        return self.candidats[0] if self.candidats[0].score - second >= self.marge else None


@dataclass
class Correspondance:
    """L'index des intitulés, prêt à chercher ; les réponses sont gardées par clé (un import répète les intitulés)."""

    libelles: Iterable[Libelle]
    metiers: Mapping[str, str]
    abreviations: Mapping[str, str] = field(default_factory=dict)
    seuil: float = SEUIL
    marge: float = MARGE

    def __post_init__(self) -> None:
        index: dict[str, dict[str, Libelle]] = {}
        for libelle in self.libelles:
            cle = cle_recherche(libelle.texte, self.abreviations)
            if not cle:
                continue
            actuel = index.setdefault(cle, {}).get(libelle.code)
            if actuel is None or (-libelle.poids, NATURES.index(libelle.nature)) < (-actuel.poids, NATURES.index(actuel.nature)):
                index[cle][libelle.code] = libelle
        # Les formes genrées ont la clé de l'intitulé qu'elles déclinent : seul l'intitulé préféré compte ici.
        prefere = {cle: code for cle, par_code in index.items() for code, lib in par_code.items() if lib.nature == "intitulé"}
        self._index = {cle: {code: (lib.poids * (POIDS_HOMONYME if cle in prefere and prefere[cle] != code else 1), lib)
                             for code, lib in par_code.items()} for cle, par_code in index.items()}
        self._cles = sorted(self._index)
        # Mot → rang des clés qui le contiennent : seules ces clés ont un token_ratio différent de ratio.
        self._par_mot: dict[str, list[int]] = {}
        for rang, cle in enumerate(self._cles):
            for mot in set(cle.split()):
                self._par_mot.setdefault(mot, []).append(rang)
        self._cache: dict[str, tuple[Candidat, ...]] = {}

    def cle(self, intitule: str) -> str:
        """La clé de recherche de `intitule`, avec les abréviations du projet."""
        return cle_recherche(intitule, self.abreviations)

    def chercher(self, intitule: str, nombre: int = 3, cle: str | None = None) -> Reponse:
        """`cle` : la clé de `intitule` si l'appelant l'a déjà calculée (l'import la calcule une fois par intitulé)."""
        if cle is None:
            cle = self.cle(intitule)
        if cle not in self._cache:
            self._cache[cle] = self._classer(cle)
        return Reponse(intitule, self._cache[cle][:nombre], self.seuil, self.marge)

    def _proches(self, cle: str, nombre: int = 40, plancher: float = 40) -> list[str]:
        """Les `nombre` clés de plus grand fuzz.token_ratio avec `cle` (au moins `plancher`), à égalité dans
        l'ordre des clés : ce que rend process.extract(cle, clés, scorer=fuzz.token_ratio), trois fois plus vite.
        Les clés sont des mots triés sans doublon : entre deux clés sans mot commun, token_ratio vaut ratio (au
        dernier bit près, d'où l'arrondi), bien plus rapide ; token_ratio n'est calculé que pour les clés qui
        partagent un mot avec `cle` (4 % en moyenne). Seul change l'ordre de deux clés à égalité au 40e rang,
        que process.extract départageait par ce dernier bit (sur 1 858 intitulés essayés, un seul premier
        trio de candidats en a changé, pour un intitulé inventé, « charge qualx »)."""
        partagees = {rang: self._cles[rang] for mot in set(cle.split()) for rang in self._par_mot.get(mot, ())}
        # Parmi les `nombre` + len(partagees) meilleurs ratio, il y a les `nombre` meilleures clés sans mot commun.
        scores = {rang: score for _, score, rang in process.extract(
            cle, self._cles, scorer=fuzz.ratio, limit=nombre + len(partagees) + 1, score_cutoff=plancher - 1e-6)}
        for _, score, rang in process.extract(cle, partagees, scorer=fuzz.token_ratio, limit=None,
                                              score_cutoff=plancher - 1e-6):
            scores[rang] = score
        retenus = sorted(((-round(score, 6), rang) for rang, score in scores.items() if round(score, 6) >= plancher))
        return [self._cles[rang] for _, rang in retenus[:nombre]]

    def _classer(self, cle: str) -> tuple[Candidat, ...]:
        if not cle:
            return ()
        meilleurs: dict[str, tuple[float, Libelle]] = {}
        # token_ratio (le plus grand des deux) trie vite les clés proches ; le score exact est calculé ensuite.
        for proche in self._proches(cle):
            similarite = 1.0 if proche == cle else APPROCHE * (
                fuzz.token_sort_ratio(cle, proche) + fuzz.token_set_ratio(cle, proche)) / 200
            for code, (poids, libelle) in self._index[proche].items():
                score = similarite * poids
                if code not in meilleurs or score > meilleurs[code][0]:
                    meilleurs[code] = (score, libelle)
        classes = sorted(meilleurs.items(), key=lambda item: (-item[1][0], item[0]))
        return tuple(Candidat(code, self.metiers.get(code, ""), round(score, 3), libelle.texte, libelle.nature)
                     for code, (score, libelle) in classes)


def lire_abreviations(projet: Projet) -> dict[str, str]:
    """Abréviation (mot de `cle`) → développement ; un développement vide retire le mot (« senior »)."""
    chemin = projet.donnees / ABREVIATIONS
    if not chemin.exists():
        return {}
    [feuille] = lire_tableur(chemin)
    entete, colonnes = reperer_colonnes(feuille, {"forme": "forme", "developpement": "developpement"})
    return {cle(str(valeurs[colonnes["forme"]])): str(valeurs[colonnes["developpement"]] or "")
            for numero, valeurs in feuille.lignes if numero != entete}


def libelles(resultat_requete: Iterable[Mapping[str, str]]) -> tuple[list[Libelle], dict[str, str]]:
    """Les intitulés et les intitulés des métiers, depuis les lignes de la requête `intitules-recherche`."""
    trouves = []
    metiers = {}
    for ligne in resultat_requete:
        metiers[ligne["code"]] = ligne["intitule"]
        relation = ligne.get("relation", "").rsplit("#", 1)[-1]
        poids = POIDS_RELATION.get(relation, 0.0) if ligne["nature"] == "appellation ROME" else 1.0
        if poids:
            trouves.append(Libelle(ligne["code"], ligne["libelle"], ligne["nature"], poids))
    return trouves, metiers


def correspondance(projet: Projet, moteur: MoteurSparql) -> Correspondance:
    """Le moteur de correspondance sur la publication que sert `moteur`."""
    resultat = executer(projet, moteur, "intitules-recherche", {})
    lignes = [{variable: terme.valeur for variable, terme in ligne.items()} for ligne in resultat.lignes]
    trouves, metiers = libelles(lignes)
    return Correspondance(trouves, metiers, lire_abreviations(projet))


def trouver(projet: Projet, moteur: MoteurSparql, intitule: str, nombre: int = 3) -> Reponse:
    """Les `nombre` métiers les plus proches de `intitule`, le premier attribué s'il est assez sûr."""
    return correspondance(projet, moteur).chercher(intitule, nombre)


def en_resultat(reponse: Reponse) -> Resultat:
    """La réponse en tableau, pour les formats de sortie communs ; `attribue` marque le candidat retenu."""
    retenu = reponse.attribue
    lignes = [{"rang": Terme("literal", str(rang), datatype=XSD_INTEGER), "code": Terme("literal", c.code),
               "metier": Terme("literal", c.metier), "score": Terme("literal", f"{c.score:.3f}", datatype=XSD_DECIMAL),
               "libelle": Terme("literal", c.libelle), "nature": Terme("literal", c.nature),
               "attribue": Terme("literal", "oui" if c is retenu else "")}
              for rang, c in enumerate(reponse.candidats, start=1)]
    return Resultat(["rang", "code", "metier", "score", "libelle", "nature", "attribue"], lignes)
