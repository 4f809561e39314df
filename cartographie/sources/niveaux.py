"""Niveaux de qualification : cadre national (2019 et 1969) et exigences des fiches, vers le cadre européen (EQF)."""

from __future__ import annotations

import re

from cartographie.vocab import EQF


def eqf_iri(niveau: int) -> str:
    return f"{EQF}{niveau}"


_NIVEAUX_ANCIENS = {"V": 3, "IV": 4, "III": 5, "II": 6, "I": 7}
_BAC_PLUS = {0: 4, 1: 5, 2: 5, 3: 6, 4: 6, 5: 7}


def niveau_eqf(valeur: str) -> int | None:
    """Niveau du cadre national 2019 (« Niveau 6 », « 6 », « NIV6 ») ou ancienne nomenclature (« III »)
    → niveau du cadre européen (EQF). Les niveaux 2019 de 3 à 8 sont ceux de l'EQF ; l'ancienne
    nomenclature de 1969 suit la table de correspondance du décret du 8 janvier 2019."""
    propre = valeur.strip().upper().removeprefix("NIVEAU").removeprefix("NIV").strip()
    if propre.isdigit() and 1 <= int(propre) <= 8:
        return int(propre)
    return _NIVEAUX_ANCIENS.get(propre)


def niveau_requis(texte: str) -> int | None:
    """Le niveau EQF minimal qu'exprime une exigence de formation d'une fiche (« Bac », « Bac à Bac + 2
    ans », « Bac +2 », « Diplôme de doctorat en médecine »), ou None si elle n'en exprime pas."""
    propre = " ".join(texte.lower().replace("’", "'").split())
    if "doctorat" in propre:
        return 8
    m = re.search(r"\bbac(?:calauréat)?(?:\s*\+\s*(\d))?", propre)
    if not m:
        return None
    # Bac : niveau 4 ; Bac + 2 (BTS, DUT) : 5 ; Bac + 3 (licence) : 6 ; Bac + 5 (master) : 7.
    return _BAC_PLUS.get(int(m.group(1) or 0), 8)
