"""Le format publié : le Data Package de docs/ est celui du code, frictionless l'applique à un dossier de CSV,
et chaque terme choisi se prend dans une liste du classeur tirée de l'ontologie."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from frictionless import Package
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from rdflib import Graph
from rdflib.namespace import SKOS

from cartographie.classeur import exporter, schema
from cartographie.projet import Projet

DEPOT = Projet.par_defaut()
BRANCHE = Path(__file__).parents[1] / "fixtures" / "branche-proprete"
DATA_PACKAGE = DEPOT.racine / "docs" / "classeur.datapackage.json"


def test_le_data_package_publie_est_a_jour() -> None:
    assert json.loads(DATA_PACKAGE.read_text(encoding="utf-8")) == schema(DEPOT)


def _csv_de_la_branche(tmp_path: Path) -> Path:
    dossier = tmp_path / "csv"
    exporter(DEPOT.avec_branche(BRANCHE), dossier)
    shutil.copy(DATA_PACKAGE, dossier / "datapackage.json")
    return dossier


def test_frictionless_valide_le_classeur_exporte_en_csv(tmp_path: Path) -> None:
    dossier = _csv_de_la_branche(tmp_path)
    rapport = Package(str(dossier / "datapackage.json")).validate()
    assert rapport.valid, rapport.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_frictionless_refuse_une_famille_inconnue_et_une_frequence_hors_liste(tmp_path: Path) -> None:
    dossier = _csv_de_la_branche(tmp_path)
    metiers = dossier / "metiers.csv"
    metiers.write_text(metiers.read_text(encoding="utf-8").replace("0103,Agent(e) de propreté en milieu hospitalier,01",
                                                                    "0103,Agent(e) de propreté en milieu hospitalier,09"),
                       encoding="utf-8")
    rubriques = dossier / "rubriques.csv"
    rubriques.write_text(rubriques.read_text(encoding="utf-8").replace("Activités rencontrées fréquemment", "Souvent", 1),
                         encoding="utf-8")
    rapport = Package(str(dossier / "datapackage.json")).validate()
    erreurs = {(tache.name, erreur.type, getattr(erreur, "field_name", None))
               for tache in rapport.tasks for erreur in tache.errors}
    assert ("metiers", "foreign-key", None) in erreurs
    assert ("rubriques", "constraint-error", "Fréquence") in erreurs
    assert len(erreurs) == 2


def test_les_termes_se_choisissent_dans_des_listes_tirees_de_l_ontologie() -> None:
    ontologie = Graph().parse(DEPOT.ontologie / "cartographie.ttl")
    frequences = {str(label) for label in ontologie.query(
        "SELECT ?l WHERE { ?c skos:inScheme cma:Frequences ; skos:prefLabel ?l FILTER (lang(?l) = 'fr') }",
        initNs={"skos": SKOS, "cma": "https://w3id.org/metiers-assistance/def#"}).bindings for label in label.values()}
    classeur = load_workbook(BRANCHE / "carte.xlsx")
    listes = classeur["Listes"]
    colonnes = {listes.cell(1, j).value: j for j in range(1, listes.max_column + 1)}
    j = colonnes["Fréquence"]
    assert {listes.cell(i, j).value for i in range(2, listes.max_row + 1)} - {None} == frequences
    validations = {str(v.sqref): v.formula1 for v in classeur["Rubriques"].data_validations.dataValidation}
    entetes = [c.value for c in classeur["Rubriques"][1]]
    for colonne in ("Rubrique", "Fréquence", "Situation", "Nature"):
        lettre = get_column_letter(entetes.index(colonne) + 1)
        formule = next(f for plage, f in validations.items() if plage.startswith(f"{lettre}2:"))
        assert formule.startswith("'Listes'!"), (colonne, formule)
    metiers = {str(v.sqref): v.formula1 for v in classeur["Métiers"].data_validations.dataValidation}
    assert any(f.startswith("'Familles'!$A$2") for f in metiers.values()), metiers
