"""Un classeur fautif est refusé en entier : message français qui nomme la feuille, la ligne et la colonne,
code de sortie 2, et rien d'écrit. Un test par cas, chacun sur une copie du classeur de la deuxième branche
abîmée d'une seule façon."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cartographie.cli import main
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE

CLASSEUR = Path(__file__).parents[1] / "fixtures" / "branche-proprete" / "carte.xlsx"
Casse = Callable[[Workbook], None]


def _ligne(feuille, colonne: str, valeur: str) -> int:
    """Le numéro de la première ligne dont la colonne `colonne` vaut `valeur`."""
    entetes = [c.value for c in feuille[1]]
    j = entetes.index(colonne) + 1
    return next(i for i in range(2, feuille.max_row + 1) if feuille.cell(i, j).value == valeur)


def _cellule(feuille: str, ligne: Callable, colonne: str, valeur: object) -> Casse:
    def casser(classeur: Workbook) -> None:
        f = classeur[feuille]
        j = [c.value for c in f[1]].index(colonne) + 1
        f.cell(ligne(f), j, valeur)
    return casser


def _sans_colonne(classeur: Workbook) -> None:
    f = classeur["Métiers"]
    f.delete_cols([c.value for c in f[1]].index("Famille") + 1)


def _code_en_double(classeur: Workbook) -> None:
    f = classeur["Métiers"]
    f.cell(_ligne(f, "Code", "0102"), 1, "0101")


def _fusion(classeur: Workbook) -> None:
    classeur["Familles"].merge_cells("B2:C2")


def _formule(classeur: Workbook) -> None:
    f = classeur["Métiers"]
    f.cell(_ligne(f, "Code", "0101"), 4, "=18000+450")


def _vide(classeur: Workbook) -> None:
    for feuille in classeur.worksheets:
        feuille.delete_rows(2, feuille.max_row)


CAS: dict[str, tuple[Casse, list[str]]] = {
    "colonne manquante": (_sans_colonne, ["feuille « Métiers », ligne 1", "« Famille »", "absente"]),
    "famille inconnue": (_cellule("Métiers", lambda f: _ligne(f, "Code", "0103"), "Famille", "09"),
                         ["feuille « Métiers », ligne 4, colonne « Famille »", "« 09 » n'est pas dans la liste"]),
    "code métier en double": (_code_en_double, ["feuille « Métiers », ligne 3, colonne « Code »",
                                                "« 0101 » en double (déjà ligne 2)"]),
    "parent manquant": (_cellule("Rubriques", lambda f: _ligne(f, "Texte", "vérifie le matériel et les produits mis à "
                                                                           "disposition ;"), "Parent", 42),
                        ["feuille « Rubriques », ligne 7, colonne « Parent »", "l'élément parent en position 42 manque"]),
    "fréquence inconnue": (_cellule("Rubriques", lambda f: _ligne(f, "Texte", "Prépare son intervention :"), "Fréquence",
                                    "Souvent"),
                           ["feuille « Rubriques », ligne 5, colonne « Fréquence »",
                            "« Souvent » n'est pas dans la liste fréquence"]),
    "cellules fusionnées": (_fusion, ["feuille « Familles »", "cellules fusionnées B2:C2"]),
    "formule non calculée": (_formule, ["feuille « Métiers »", "formules jamais calculées en D2"]),
    "classeur vide": (_vide, ["classeur vide"]),
}


def _classeur_casse(tmp_path: Path, *cassures: Casse) -> Path:
    """Le classeur de la branche Propreté, cassé, enregistré sous tmp_path."""
    classeur = load_workbook(CLASSEUR)
    for casser in cassures:
        casser(classeur)
    fautif = tmp_path / "fautif.xlsx"
    classeur.save(fautif)
    return fautif


@pytest.mark.parametrize("cas", CAS)
def test_classeur_fautif_refuse_sans_rien_ecrire(cas: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    casser, attendus = CAS[cas]
    fautif = _classeur_casse(tmp_path, casser)
    sortie = tmp_path / "donnees"
    sortie.mkdir()
    (sortie / "nomenclature.ttl").write_text("# ancien fichier\n", encoding="utf-8")
    code = main(["classeur", "importer", str(fautif), "--sortie", str(sortie)])
    erreur = capsys.readouterr().err
    assert code == SORTIE_ENTREE_INVALIDE, erreur
    for attendu in attendus:
        assert attendu in erreur, erreur
    assert "Traceback" not in erreur
    assert sorted(p.name for p in sortie.rglob("*")) == ["nomenclature.ttl"]
    assert (sortie / "nomenclature.ttl").read_text(encoding="utf-8") == "# ancien fichier\n"


def test_tous_les_problemes_sont_listes_ensemble(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fautif = _classeur_casse(tmp_path, CAS["famille inconnue"][0], CAS["fréquence inconnue"][0])
    assert main(["classeur", "importer", str(fautif), "--sortie", str(tmp_path / "d")]) == SORTIE_ENTREE_INVALIDE
    erreur = capsys.readouterr().err
    assert "3 problème(s)" in erreur and "colonne « Famille »" in erreur and "colonne « Fréquence »" in erreur
    assert not (tmp_path / "d").exists()


ALIGNEMENTS: dict[str, tuple[Casse, list[str]]] = {
    "relation hors liste": (_cellule("Alignements", lambda f: _ligne(f, "Cible", "isco:C9123"), "Relation",
                                     "skos:sameAs"),
                            ["feuille « Alignements », ligne 3, colonne « Relation »",
                             "« skos:sameAs » n'est pas dans la liste relation"]),
    "cible au préfixe inconnu": (_cellule("Alignements", lambda f: _ligne(f, "Cible", "isco:C9112"), "Cible",
                                          "rome:K2204"),
                                 ["feuille « Alignements », ligne 2, colonne « Cible »",
                                  "« rome:K2204 » : préfixe absent de la table « isco »"]),
    "confiance hors bornes": (_cellule("Alignements", lambda f: _ligne(f, "Cible", "isco:C5151"), "Confiance", "1.5"),
                              ["feuille « Alignements », ligne 4, colonne « Confiance »",
                               "« 1.5 » : un nombre entre 0 et 1"]),
    "métier aligné inconnu": (_cellule("Alignements", lambda f: _ligne(f, "Cible", "isco:C5151"), "Code métier",
                                       "0301"),
                              ["feuille « Alignements », ligne 4, colonne « Code métier »",
                               "« 0301 » n'est pas dans la liste métier aligné"]),
}


@pytest.mark.parametrize("cas", ALIGNEMENTS)
def test_alignement_fautif_refuse(cas: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    casser, attendus = ALIGNEMENTS[cas]
    fautif = _classeur_casse(tmp_path, casser)
    sortie = tmp_path / "donnees"
    assert main(["classeur", "importer", str(fautif), "--sortie", str(sortie)]) == SORTIE_ENTREE_INVALIDE
    erreur = capsys.readouterr().err
    for attendu in attendus:
        assert attendu in erreur, erreur
    assert not sortie.exists()
