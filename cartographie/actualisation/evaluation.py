"""Mesure du moteur de correspondance sur un jeu étiqueté, et règle de choix du seuil et de la marge.

Un intitulé du jeu a un métier attendu, ou aucun (hors de la nomenclature, ou ambigu dans la source) :
l'attribuer est alors une erreur. La précision@1 porte sur les intitulés attribués ; la part attribuée
sur ceux qui ont un métier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cartographie.actualisation.correspondance import Candidat

# La cible est 95 % ; le réglage vise 98 % pour garder une marge sur des intitulés qu'il n'a pas vus.
PRECISION_VISEE = 0.98
SEUILS = tuple(s / 100 for s in range(50, 100, 5))
# Une marge nulle attribuerait une égalité entre deux métiers : elle n'est jamais admise.
MARGES = tuple(m / 100 for m in range(1, 11))


@dataclass(frozen=True)
class Mesure:
    intitules: int
    avec_metier: int
    attribues: int
    justes: int
    attribues_avec_metier: int

    @property
    def precision(self) -> float:
        return self.justes / self.attribues if self.attribues else 0.0

    @property
    def part_attribuee(self) -> float:
        return self.attribues_avec_metier / self.avec_metier if self.avec_metier else 0.0


def mesurer(classements: Sequence[tuple[Sequence[Candidat], str]], seuil: float, marge: float) -> Mesure:
    """`classements` : (candidats, métier attendu ou « »)."""
    attribues = justes = attribues_avec_metier = 0
    for candidats, attendu in classements:
        premier = candidats[0].score if candidats else 0.0
        second = candidats[1].score if len(candidats) > 1 else 0.0
        if premier >= seuil and premier - second >= marge:
            attribues += 1
            justes += candidats[0].code == attendu
            attribues_avec_metier += bool(attendu)
    avec_metier = sum(bool(attendu) for _, attendu in classements)
    return Mesure(len(classements), avec_metier, attribues, justes, attribues_avec_metier)


def regler(classements: Sequence[tuple[Sequence[Candidat], str]]) -> tuple[float, float]:
    """Le (seuil, marge) qui attribue le plus à précision ≥ PRECISION_VISEE ; à égalité, le plus prudent."""
    admis = [(mesure.part_attribuee, seuil, marge) for seuil in SEUILS for marge in MARGES
             if (mesure := mesurer(classements, seuil, marge)).precision >= PRECISION_VISEE]
    if not admis:
        raise ValueError(f"aucun réglage n'atteint {PRECISION_VISEE:.0%} de précision")
    _, seuil, marge = max(admis)
    return seuil, marge
