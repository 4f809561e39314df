"""Lecture commune des tableurs : XLSX et ODS (python-calamine), CSV à `;`, `,` ou tabulation.

Chaque feuille est rendue avec les numéros de ligne et les lettres de colonne du tableur, pour que les
messages désignent la cellule que l'utilisateur voit ; une case vide vaut None, un nombre entier est un
int. Ce qu'un tableur peut cacher est refusé plutôt que deviné : une cellule fusionnée ne porte sa valeur
que dans la première case, et une formule jamais calculée (fichier écrit par un programme, pas par Excel)
se lit comme une case vide. Un CSV est lu en UTF-8 (avec ou sans BOM) sinon en Windows-1252, ce qu'écrit
Excel en français ; tout autre encodage est refusé.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.texte import cle

Valeur = str | int | float | bool | date | datetime | None

TAILLE_MAX = 20_000_000
EXTENSIONS_CLASSEUR = {".xlsx", ".xlsm", ".ods"}
EXTENSIONS_CSV = {".csv", ".tsv", ".txt"}
_SEPARATEURS = ";,\t"
_FORMULE = re.compile(rb"<(?:\w+:)?f[\s>/]")


def lettre_colonne(indice: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    lettres = ""
    indice += 1
    while indice:
        indice, reste = divmod(indice - 1, 26)
        lettres = chr(65 + reste) + lettres
    return lettres


@dataclass(frozen=True)
class Feuille:
    fichier: Path
    nom: str | None
    lignes: tuple[tuple[int, tuple[Valeur, ...]], ...]
    """(numéro de ligne du tableur, valeurs) ; les lignes vides sont omises."""

    def lieu(self, ligne: int | None = None, colonne: int | None = None) -> str:
        """« fichier.xlsx, feuille « Effectifs », cellule C4 » ; pour un CSV : « fichier.csv, ligne 4, colonne 3 »."""
        morceaux = [self.fichier.name]
        if self.nom is not None:
            morceaux.append(f"feuille « {self.nom} »")
            if ligne is not None and colonne is not None:
                morceaux.append(f"cellule {lettre_colonne(colonne)}{ligne}")
            elif ligne is not None:
                morceaux.append(f"ligne {ligne}")
        else:
            if ligne is not None:
                morceaux.append(f"ligne {ligne}")
            if colonne is not None:
                morceaux.append(f"colonne {colonne + 1}")
        return ", ".join(morceaux)


def lire_tableur(chemin: Path, taille_max: int = TAILLE_MAX) -> list[Feuille]:
    """Les feuilles de `chemin` ; ErreurEntree qui liste tous les problèmes du fichier s'il est illisible."""
    if not chemin.is_file():
        raise ErreurEntree(f"{chemin} : fichier introuvable.")
    taille = chemin.stat().st_size
    if taille > taille_max:
        mo = f"{taille / 1e6:.1f}".replace(".", ",")
        raise ErreurEntree(f"{chemin.name} : fichier trop volumineux ({mo} Mo ; au plus {taille_max / 1e6:.0f} Mo). "
                           f"Découpez-le, un fichier par société et par date.")
    if taille == 0:
        raise ErreurEntree(f"{chemin.name} : fichier vide.")
    extension = chemin.suffix.lower()
    if extension in EXTENSIONS_CLASSEUR:
        feuilles = _lire_classeur(chemin)
    elif extension in EXTENSIONS_CSV:
        feuilles = [_lire_csv(chemin)]
    else:
        raise ErreurEntree(f"{chemin.name} : format non pris en charge (attendu : .xlsx, .ods, .csv ou .tsv).")
    if not any(f.lignes for f in feuilles):
        raise ErreurEntree(f"{chemin.name} : fichier vide (aucune cellule remplie).")
    return feuilles


def _lire_classeur(chemin: Path) -> list[Feuille]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        classeur = CalamineWorkbook.from_path(str(chemin))
        grilles = [(nom, classeur.get_sheet_by_name(nom)) for nom in classeur.sheet_names]
        donnees = [(nom, feuille, feuille.to_python(skip_empty_area=False)) for nom, feuille in grilles]
    except (CalamineError, OSError, ValueError) as e:
        raise ErreurEntree(f"{chemin.name} : classeur illisible ({e}).") from None
    ods = chemin.suffix.lower() == ".ods"
    # calamine ne rend les cellules fusionnées que pour XLSX : celles d'un ODS se lisent dans content.xml.
    fusions_ods = _fusions_ods(chemin) if ods else {}
    problemes: list[str] = []
    feuilles = []
    for nom, feuille, grille in donnees:
        plages = fusions_ods.get(nom, []) if ods else [f"{lettre_colonne(d[1])}{d[0] + 1}:{lettre_colonne(f[1])}{f[0] + 1}"
                                                       for d, f in sorted(feuille.merged_cell_ranges or [])]
        if plages:
            problemes.append(f"{chemin.name}, feuille « {nom} » : cellules fusionnées {', '.join(plages)} ; "
                             f"défusionnez-les, chaque case doit porter sa valeur.")
        lignes = tuple((i + 1, tuple(_valeur(v) for v in valeurs))
                       for i, valeurs in enumerate(grille) if any(v != "" for v in valeurs))
        feuilles.append(Feuille(chemin, nom, lignes))
    if not ods:
        problemes += _formules_non_calculees(chemin, {nom: grille for nom, _, grille in donnees})
    if problemes:
        raise ErreurEntree("\n".join(problemes))
    return feuilles


def _valeur(v: Valeur) -> Valeur:
    """Case vide → None ; un tableur range tout nombre en flottant : « 3 » est rendu 3, pas 3.0."""
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CASES_ODS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def _fusions_ods(chemin: Path) -> dict[str, list[str]]:
    """Feuille → plages fusionnées (« A2:B3 ») d'un ODS, lues dans content.xml en tenant compte des
    lignes et cases répétées, par lesquelles LibreOffice abrège les zones identiques."""
    from defusedxml.ElementTree import iterparse

    fusions: dict[str, list[str]] = {}
    feuille, ligne, colonne = "", 0, 0
    try:
        with zipfile.ZipFile(chemin) as archive, archive.open("content.xml") as contenu:
            for evenement, element in iterparse(contenu, events=("start", "end")):
                if evenement == "start" and element.tag == f"{_TABLE}table":
                    feuille, ligne = element.get(f"{_TABLE}name", ""), 0
                elif evenement == "start" and element.tag == f"{_TABLE}table-row":
                    colonne = 0
                elif evenement == "start" and element.tag in _CASES_ODS:
                    largeur = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
                    hauteur = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
                    if largeur > 1 or hauteur > 1:
                        fusions.setdefault(feuille, []).append(
                            f"{lettre_colonne(colonne)}{ligne + 1}:{lettre_colonne(colonne + largeur - 1)}{ligne + hauteur}")
                elif evenement == "end" and element.tag in _CASES_ODS:
                    colonne += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
                elif evenement == "end" and element.tag == f"{_TABLE}table-row":
                    ligne += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                    element.clear()
    except (KeyError, ValueError, zipfile.BadZipFile) as e:
        raise ErreurEntree(f"{chemin.name} : classeur ODS illisible ({e}).") from None
    return fusions


def _formules_non_calculees(chemin: Path, grilles: dict[str, list[list[Valeur]]]) -> list[str]:
    """Les formules sans valeur enregistrée : calamine les rend vides, openpyxl les voit.

    openpyxl est lent (0,8 s pour 10 000 cases) : il n'est ouvert que si une feuille contient une formule."""
    with zipfile.ZipFile(chemin) as archive:
        if not any(_FORMULE.search(archive.read(n)) for n in archive.namelist() if n.startswith("xl/worksheets/")):
            return []
    from openpyxl import load_workbook

    classeur = load_workbook(chemin, read_only=True, data_only=False)
    problemes = []
    for feuille in classeur.worksheets:
        grille = grilles.get(feuille.title, [])
        cases = []
        for rang in feuille.iter_rows():
            for case in rang:
                if case.data_type != "f":
                    continue
                i, j = case.row - 1, case.column - 1
                if i >= len(grille) or j >= len(grille[i]) or grille[i][j] == "":
                    cases.append(case.coordinate)
        if cases:
            problemes.append(f"{chemin.name}, feuille « {feuille.title} » : formules jamais calculées en "
                             f"{', '.join(cases)} ; ouvrez le fichier dans un tableur et enregistrez-le.")
    classeur.close()
    return problemes


def _decoder(chemin: Path, octets: bytes) -> str:
    if octets.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in octets[:4096]:
        raise ErreurEntree(f"{chemin.name} : encodage UTF-16 ou fichier binaire ; enregistrez-le en « CSV UTF-8 » "
                           f"ou « CSV (séparateur : point-virgule) ».")
    try:
        return octets.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return octets.decode("cp1252")
    except UnicodeDecodeError as e:
        ligne = octets.count(b"\n", 0, e.start) + 1
        raise ErreurEntree(f"{chemin.name}, ligne {ligne} : octet 0x{octets[e.start]:02X} illisible en UTF-8 comme en "
                           f"Windows-1252 ; enregistrez le fichier en « CSV UTF-8 ».") from None


def _lire_csv(chemin: Path) -> Feuille:
    texte = _decoder(chemin, chemin.read_bytes())
    echantillon = "\n".join(texte.splitlines()[:20])
    try:
        dialecte = csv.Sniffer().sniff(echantillon, delimiters=_SEPARATEURS)
        separateur = dialecte.delimiter
    except csv.Error:
        separateur = max(_SEPARATEURS, key=lambda s: texte.split("\n", 1)[0].count(s))
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        lignes = tuple((lecteur.line_num, tuple(v.strip() or None for v in valeurs))
                       for valeurs in lecteur if any(v.strip() for v in valeurs))
    except csv.Error as e:
        raise ErreurEntree(f"{chemin.name}, ligne {lecteur.line_num} : CSV invalide ({e}).") from None
    return Feuille(chemin, None, lignes)


def reperer_colonnes(feuille: Feuille, attendues: dict[str, str], facultatives: Iterable[str] = ()
                     ) -> tuple[int, dict[str, int]]:
    """La ligne d'en-tête (la première remplie) et l'indice de chaque colonne attendue, reconnue sans tenir
    compte de la casse, des accents ni des espaces. `attendues` : identifiant → intitulé affiché."""
    if not feuille.lignes:
        raise ErreurEntree(f"{feuille.lieu()} : feuille vide.")
    numero, entete = feuille.lignes[0]
    par_cle = {}
    for indice, valeur in enumerate(entete):
        if valeur is not None:
            par_cle.setdefault(_cle_entete(str(valeur)), indice)
    colonnes = {}
    manquantes = []
    facultatives = set(facultatives)
    for identifiant, intitule in attendues.items():
        indice = par_cle.get(_cle_entete(intitule))
        if indice is not None:
            colonnes[identifiant] = indice
        elif identifiant not in facultatives:
            manquantes.append(f"« {intitule} »")
    if manquantes:
        lues = ", ".join(f"« {v} »" for v in entete if v is not None)
        raise ErreurEntree(f"{feuille.lieu(numero)} : colonne(s) {', '.join(manquantes)} absente(s) "
                           f"(colonnes lues : {lues}).")
    return numero, colonnes


def _cle_entete(texte: str) -> str:
    return "".join(c for c in cle(texte) if c.isalnum())
