"""Import d'un référentiel complet (ROME, RNCP ou ESCO) et de sa description VoID."""

from __future__ import annotations

from pathlib import Path

from cartographie.io.ecriture import publier_fichiers
from cartographie.sources.esco import importer_esco
from cartographie.sources.referentiels import Bilan, verifier_dossier, void
from cartographie.sources.rncp import importer_rncp
from cartographie.sources.rome import importer_rome


def importer(referentiel: str, dossier: Path | None, sortie: Path, certifinfo: Path | None = None) -> Bilan:
    dossier = verifier_dossier(dossier, referentiel)
    if referentiel == "rome":
        bilan = importer_rome(dossier, sortie)
    elif referentiel == "esco":
        bilan = importer_esco(dossier, sortie)
    else:
        titres = verifier_dossier(certifinfo, "certifinfo") / "certif_info.csv" if certifinfo else None
        bilan = importer_rncp(dossier, titres, sortie)
    publier_fichiers(sortie, {bilan.fichier.with_suffix(".void.ttl").name: void(bilan)})
    return bilan
