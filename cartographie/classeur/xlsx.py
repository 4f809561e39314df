"""Écriture du classeur XLSX : une feuille par table, en-têtes figés, listes de choix (validation de données)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cartographie.classeur.format import CODE_FAMILLE, CODE_GROUPE, CODE_METIER, FEUILLES

LISTES = "Listes"
_ENTETE = PatternFill("solid", fgColor="DCE6F1")
# Date fixe dans les propriétés du document : le même contenu donne le même fichier.
_DATE_DOCUMENT = datetime(2000, 1, 1)
_LIGNES_VALIDEES = 5000


def _plage(feuille: str, colonne: int, premiere: int, derniere: int) -> str:
    lettre = get_column_letter(colonne)
    return f"{quote_sheetname(feuille)}!${lettre}${premiere}:${lettre}${derniere}"


def ecrire_xlsx(tables: Mapping[str, Sequence[Mapping[str, object]]], listes: dict[str, list[str]]) -> bytes:
    """Le classeur en octets. `listes` : les listes fixes (`Termes.choix`), recopiées dans la feuille « Listes »
    d'où les listes déroulantes les tirent ; les codes se choisissent dans la feuille qui les définit."""
    classeur = Workbook()
    classeur.remove(classeur.active)
    feuille_listes = classeur.create_sheet(LISTES)
    plages: dict[str, str] = {}
    for colonne, (nom, valeurs) in enumerate(sorted(listes.items()), start=1):
        feuille_listes.cell(1, colonne, nom).font = Font(bold=True)
        for ligne, valeur in enumerate(valeurs, start=2):
            feuille_listes.cell(ligne, colonne, valeur)
        feuille_listes.column_dimensions[get_column_letter(colonne)].width = max(len(v) for v in [nom, *valeurs]) + 2
        plages[nom] = _plage(LISTES, colonne, 2, len(valeurs) + 1)
    # Les codes se choisissent dans la colonne de la feuille qui les définit.
    plages[CODE_GROUPE] = _plage("Groupes", 1, 2, _LIGNES_VALIDEES)
    plages[CODE_FAMILLE] = _plage("Familles", 1, 2, _LIGNES_VALIDEES)
    plages[CODE_METIER] = _plage("Métiers", 1, 2, _LIGNES_VALIDEES)
    for definition in FEUILLES:
        feuille = classeur.create_sheet(definition.nom)
        for colonne, c in enumerate(definition.colonnes, start=1):
            cellule = feuille.cell(1, colonne, c.nom)
            cellule.font = Font(bold=True)
            cellule.fill = _ENTETE
            cellule.comment = Comment(c.description, "cartographie")
            feuille.column_dimensions[get_column_letter(colonne)].width = max(c.largeur, len(c.nom) + 3)
            lettre = get_column_letter(colonne)
            if c.liste in plages:
                validation = DataValidation(type="list", formula1=plages[c.liste], allow_blank=not c.requise,
                                            showErrorMessage=True, errorTitle="Valeur hors liste",
                                            error=f"Choisissez « {c.nom} » dans la liste.")
                validation.add(f"{lettre}2:{lettre}{_LIGNES_VALIDEES}")
                feuille.add_data_validation(validation)
            if c.type == "string":
                # Texte : un code « 0999 » ne devient pas le nombre 999.
                for ligne in range(2, len(tables.get(definition.nom, [])) + 2):
                    feuille.cell(ligne, colonne).number_format = "@"
        feuille.freeze_panes = "A2"
        # À l'impression (et en PDF) : paysage, toutes les colonnes sur la largeur de la page.
        feuille.page_setup.orientation = "landscape"
        feuille.page_setup.fitToWidth, feuille.page_setup.fitToHeight = 1, 0
        feuille.sheet_properties.pageSetUpPr.fitToPage = True
        feuille.print_title_rows = "1:1"
        feuille.print_options.gridLines = feuille.print_options.headings = True
        for ligne, valeurs in enumerate(tables.get(definition.nom, []), start=2):
            hauteur = 1
            for colonne, c in enumerate(definition.colonnes, start=1):
                valeur = valeurs.get(c.nom)
                cellule = feuille.cell(ligne, colonne, None if valeur in (None, "") else valeur)
                cellule.alignment = Alignment(wrap_text=c.largeur >= 40, vertical="top")
                if c.largeur >= 40 and valeur:
                    # Les tableurs ne recalculent pas toujours la hauteur d'une ligne à l'ouverture.
                    texte = str(valeur)
                    hauteur = max(hauteur, sum(-(-len(morceau) // c.largeur) or 1 for morceau in texte.split("\n")))
            if hauteur > 1:
                feuille.row_dimensions[ligne].height = 15 * hauteur
    classeur.move_sheet(LISTES, offset=len(FEUILLES))
    classeur.properties.created = classeur.properties.modified = _DATE_DOCUMENT
    classeur.properties.creator = "cartographie"
    tampon = BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
