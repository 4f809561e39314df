"""Écriture de tableurs : le modèle de déclaration (`cartographie modele-actualisation`) et les fichiers du
générateur de déclarations. La lecture est dans `io.tableur`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from cartographie.io.tableur import Valeur, lettre_colonne

# Dates fixes dans les propriétés et l'archive : un classeur réécrit à l'identique garde les mêmes octets.
_DATE_FIXE = datetime(2009, 6, 10)


def ecrire_classeur(chemin: Path, feuilles: dict[str, list[list[Valeur]]]) -> None:
    """Un classeur XLSX, une feuille par entrée, la première ligne en gras et figée ; octets déterministes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    classeur.remove(classeur.active)
    for nom, lignes in feuilles.items():
        feuille = classeur.create_sheet(nom)
        for ligne in lignes:
            feuille.append(ligne)
        for case in feuille[1]:
            case.font = Font(bold=True)
        feuille.freeze_panes = "A2"
        for indice, colonne in enumerate(zip(*lignes, strict=False) if lignes else []):
            feuille.column_dimensions[lettre_colonne(indice)].width = min(60, max(10, *(len(str(v or "")) for v in colonne)) + 2)
    classeur.properties.created = classeur.properties.modified = _DATE_FIXE
    tampon = io.BytesIO()
    classeur.save(tampon)
    with zipfile.ZipFile(tampon) as source, zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as cible:
        for info in source.infolist():
            info.date_time = _DATE_FIXE.timetuple()[:6]
            contenu = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl y écrit l'heure de l'enregistrement
                contenu = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2009-06-10T00:00:00Z", contenu)
            cible.writestr(info, contenu)


def ecrire_csv(chemin: Path, lignes: list[list[Valeur]], separateur: str = ";", encodage: str = "utf-8-sig") -> None:
    """Un CSV tel qu'Excel en français l'ouvre : point-virgule, UTF-8 avec BOM (ou l'encodage demandé)."""
    with chemin.open("w", encoding=encodage, newline="") as f:
        csv.writer(f, delimiter=separateur, lineterminator="\r\n").writerows(
            [["" if v is None else v for v in ligne] for ligne in lignes])
