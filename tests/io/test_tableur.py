"""Le lecteur commun de tableurs, sur des fichiers écrits ici même par d'autres outils (openpyxl, zipfile,
octets bruts) : ce que l'utilisateur voit dans son tableur (numéro de ligne, lettre de colonne) doit se
retrouver dans les valeurs lues et dans les messages."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from cartographie.erreurs import ErreurEntree
from cartographie.io.tableur import lettre_colonne, lire_tableur, reperer_colonnes

ENTETE = ["Société", "Date de référence", "Intitulé d'emploi interne", "Code métier", "Effectif"]
COLONNES = {"societe": "Société", "date": "Date de référence", "intitule": "Intitulé d'emploi interne",
            "code": "Code métier", "effectif": "Effectif"}


def _xlsx(chemin, rangs, preparer=None):
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Effectifs"
    for rang in rangs:
        feuille.append(rang)
    if preparer:
        preparer(feuille)
    classeur.save(chemin)
    return chemin


def _ods(chemin, rangs, fusion=False):
    """Un ODS minimal écrit à la main, comme LibreOffice l'enregistre (valeur et texte de chaque case)."""
    def case(v, i):
        attributs = ' table:number-columns-spanned="2"' if fusion and i == 0 else ""
        if isinstance(v, int):
            return f'<table:table-cell{attributs} office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell{attributs} office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
    lignes = "".join("<table:table-row>" + "".join(case(v, i) for i, v in enumerate(r)) + "</table:table-row>" for r in rangs)
    contenu = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Effectifs">{lignes}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>")
    manifeste = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(chemin, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifeste)
        archive.writestr("content.xml", contenu)
    return chemin


def test_lettres_de_colonne():
    assert [lettre_colonne(i) for i in (0, 4, 25, 26, 27, 701, 702)] == ["A", "E", "Z", "AA", "AB", "ZZ", "AAA"]


def test_xlsx_valeurs_et_numeros_de_ligne(tmp_path):
    chemin = _xlsx(tmp_path / "acta.xlsx", [ENTETE, [], ["Acta", date(2008, 7, 1), "Standardiste", None, 3]])
    [feuille] = lire_tableur(chemin)
    assert feuille.nom == "Effectifs"
    # La ligne vide 2 est omise, la ligne 3 garde son numéro de tableur.
    assert [n for n, _ in feuille.lignes] == [1, 3]
    assert feuille.lignes[1][1] == ("Acta", date(2008, 7, 1), "Standardiste", None, 3)
    assert isinstance(feuille.lignes[1][1][4], int)
    assert feuille.lieu(3, 4) == "acta.xlsx, feuille « Effectifs », cellule E3"


def test_ods(tmp_path):
    [feuille] = lire_tableur(_ods(tmp_path / "acta.ods", [["Société", "Effectif"], ["Acta", 3]]))
    assert feuille.nom == "Effectifs"
    assert feuille.lignes[1] == (2, ("Acta", 3))


@pytest.mark.parametrize(("encodage", "separateur", "bom"), [
    ("utf-8", ",", False), ("utf-8", ";", True), ("cp1252", ";", False), ("utf-8", "\t", False),
])
def test_csv_encodages_et_separateurs(tmp_path, encodage, separateur, bom):
    texte = "\r\n".join(separateur.join(r) for r in [ENTETE, ["Fidélia", "01/07/2008", "Hôtesse d'accueil", "", "4"]])
    octets = (b"\xef\xbb\xbf" if bom else b"") + texte.encode(encodage)
    chemin = tmp_path / "fidelia.csv"
    chemin.write_bytes(octets)
    [feuille] = lire_tableur(chemin)
    assert feuille.nom is None
    assert feuille.lignes == ((1, tuple(ENTETE)), (2, ("Fidélia", "01/07/2008", "Hôtesse d'accueil", None, "4")))
    assert feuille.lieu(2, 4) == "fidelia.csv, ligne 2, colonne 5"


def test_cellules_fusionnees_refusees(tmp_path):
    chemin = _xlsx(tmp_path / "f.xlsx", [ENTETE, ["Acta", "2008-07-01", "Standardiste", None, 3]],
                   lambda f: (f.merge_cells("A2:B2"), f.merge_cells("C5:C7")))
    with pytest.raises(ErreurEntree) as e:
        lire_tableur(chemin)
    assert "f.xlsx, feuille « Effectifs » : cellules fusionnées A2:B2, C5:C7" in e.value.message


def test_formule_jamais_calculee_refusee(tmp_path):
    # openpyxl écrit la formule sans valeur : c'est le fichier produit par un programme, jamais ouvert dans Excel.
    chemin = _xlsx(tmp_path / "f.xlsx", [ENTETE, ["Acta", "2008-07-01", "Standardiste", None, "=1+2"]])
    with pytest.raises(ErreurEntree) as e:
        lire_tableur(chemin)
    assert "f.xlsx, feuille « Effectifs » : formules jamais calculées en E2" in e.value.message


def test_fichier_vide_ou_sans_cellule(tmp_path):
    vide = tmp_path / "vide.csv"
    vide.write_bytes(b"")
    blanc = tmp_path / "blanc.csv"
    blanc.write_bytes(b";;\r\n ; ;\r\n")
    for chemin in (vide, blanc, _xlsx(tmp_path / "vide.xlsx", [])):
        with pytest.raises(ErreurEntree, match="fichier vide"):
            lire_tableur(chemin)


def test_fichier_trop_gros_refuse_sans_lecture(tmp_path):
    chemin = tmp_path / "gros.csv"
    with chemin.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 Mo creux : rien n'est lu avant le refus
    with pytest.raises(ErreurEntree, match=r"gros\.csv : fichier trop volumineux \(52,4 Mo ; au plus 20 Mo\)"):
        lire_tableur(chemin)


def test_encodages_refuses(tmp_path):
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(";".join(ENTETE).encode("utf-16"))
    with pytest.raises(ErreurEntree, match=r"utf16\.csv : encodage UTF-16"):
        lire_tableur(utf16)
    # 0x81 n'existe ni en UTF-8 (octet de continuation isolé) ni en Windows-1252.
    illisible = tmp_path / "illisible.csv"
    illisible.write_bytes(b"Soci\xe9t\xe9;Effectif\r\nActa;3\r\nDelta \x81;2\r\n")
    with pytest.raises(ErreurEntree, match=r"illisible\.csv, ligne 3 : octet 0x81 illisible"):
        lire_tableur(illisible)


def test_format_inconnu(tmp_path):
    chemin = tmp_path / "effectifs.pdf"
    chemin.write_bytes(b"%PDF-1.4")
    with pytest.raises(ErreurEntree, match="format non pris en charge"):
        lire_tableur(chemin)


def test_en_tetes_reconnus_sans_casse_accents_ni_espaces(tmp_path):
    chemin = tmp_path / "e.csv"
    chemin.write_text("SOCIETE;date de reference ;Intitule d’emploi  interne;Effectif\nActa;2008-07-01;x;1\n",
                      encoding="utf-8")
    [feuille] = lire_tableur(chemin)
    ligne, colonnes = reperer_colonnes(feuille, COLONNES, facultatives={"code"})
    assert ligne == 1
    assert colonnes == {"societe": 0, "date": 1, "intitule": 2, "effectif": 3}


def test_colonne_manquante_nommee(tmp_path):
    chemin = _xlsx(tmp_path / "m.xlsx", [["Société", "Intitulé d'emploi interne", "Effectif"]])
    [feuille] = lire_tableur(chemin)
    with pytest.raises(ErreurEntree) as e:
        reperer_colonnes(feuille, COLONNES, facultatives={"code"})
    assert e.value.message == ("m.xlsx, feuille « Effectifs », ligne 1 : colonne(s) « Date de référence » absente(s) "
                               "(colonnes lues : « Société », « Intitulé d'emploi interne », « Effectif »).")


def test_cellules_fusionnees_ods_refusees(tmp_path):
    chemin = _ods(tmp_path / "f.ods", [["Société", "Effectif", "x"], ["Acta", 3, "y"]], fusion=True)
    with pytest.raises(ErreurEntree) as e:
        lire_tableur(chemin)
    assert "f.ods, feuille « Effectifs » : cellules fusionnées A1:B1, A2:B2" in e.value.message
