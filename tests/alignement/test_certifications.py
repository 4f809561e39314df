"""Chemins de certification calculés sur des extraits des exports ROME et RNCP (`tests/fixtures/referentiels/`) :
chaque pertinence et chaque raison est confrontée aux lignes de l'export qui la fondent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cartographie.alignement.certifications import SEUIL_PERTINENCE, Chemin, chemins, en_rdf
from cartographie.sources.extrait import magasin_des_imports
from cartographie.sources.rncp import importer_rncp
from cartographie.sources.rome import importer_rome
from cartographie.vocab import CMA

FIXTURES = Path(__file__).parent.parent / "fixtures" / "referentiels"
ROME = "https://w3id.org/metiers-assistance/ref/rome/v460/"


def _rncp(nom: str) -> list[dict[str, str]]:
    with (FIXTURES / "rncp" / f"export_fiches_CSV_{nom}_2026_02_01.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@pytest.fixture(scope="module")
def par_certification(tmp_path_factory) -> dict[tuple[str, str], Chemin]:
    dossier = tmp_path_factory.mktemp("imports")
    fichiers = [importer_rome(FIXTURES / "rome", dossier).fichier,
                importer_rncp(FIXTURES / "rncp", FIXTURES / "certifinfo" / "certif_info.csv", dossier).fichier]
    trouves = chemins(magasin_des_imports(fichiers), [ROME + "J1108", ROME + "D1436"])
    return {(c.code_fiche, c.certification): c for c in trouves}


def test_une_certification_qui_ne_cite_plus_le_code_et_change_de_domaine_est_ecartee(par_certification):
    """RNCP23347 cite J1102 et a été remplacée par RNCP39003, qui ne le cite plus et dont les NSF (200, 310,
    326) ne sont pas celui des certifications de J1102 (331, Santé)."""
    assert {"Numero_Fiche": "RNCP23347", "Ancienne_Certification": "", "Nouvelle_Certification": "RNCP39003"} in _rncp(
        "Ancienne_Nouvelle_Certification")
    nsf = {ligne["Nsf_Code"] for ligne in _rncp("Nsf") if ligne["Numero_Fiche"] == "RNCP39003"}
    assert nsf == {"200", "310", "326"}
    master = par_certification["J1108", "RNCP39003"]
    assert master.citee == "RNCP23347"
    assert master.raisons[0] == "ne cite plus J1102 : seule RNCP23347, qu'elle remplace (directement ou non), le citait"
    assert master.pertinence < SEUIL_PERTINENCE


def test_la_part_du_domaine_est_comptee_dans_l_export(par_certification):
    """RNCP39500 cite J1101 et J1102, NSF 331 ; la raison donne la part de NSF 331 parmi les certifications de
    J1102, recomptée ici dans l'extrait de l'export."""
    codes = {ligne["Codes_Rome_Code"] for ligne in _rncp("Rome") if ligne["Numero_Fiche"] == "RNCP39500"}
    assert codes == {"J1101", "J1102"}
    citant = {ligne["Numero_Fiche"] for ligne in _rncp("Rome") if ligne["Codes_Rome_Code"] == "J1102"}
    sante = {ligne["Numero_Fiche"] for ligne in _rncp("Nsf") if ligne["Nsf_Code"].startswith("331")} & citant
    chemin = par_certification["J1108", "RNCP39500"]
    assert chemin.raisons == ("cite J1102 parmi 2 code(s) ROME",
                              f"NSF 331 : {len(sante)} des {len(citant)} certifications qui citent J1102 sont de ce domaine")
    assert chemin.pertinence >= SEUIL_PERTINENCE


def test_l_intitule_suffit_quand_le_code_v3_est_celui_d_un_autre_metier(par_certification):
    """D1436 (ARM) a pour code v3 D1408, celui de la vente à distance : RNCP38448, intitulée « Assistant de
    régulation médicale » dans le kit apprentissage, est retenue par son intitulé."""
    kit = (FIXTURES / "rncp" / "Kit_apprentissage_20240426.csv").read_text(encoding="utf-8")
    assert "RNCP38448;Niveau 4;Autre;" in kit and "Autre - Assistant de régulation médicale" in kit
    arm = par_certification["D1436", "RNCP38448"]
    assert arm.pertinence >= 0.9
    assert arm.raisons[-1].startswith("intitulé proche de l'appellation « assistant assistante de regulation medicale")


def test_seuls_les_chemins_retenus_sont_publies(par_certification):
    graphe = en_rdf(list(par_certification.values()))
    publies = {str(c).rsplit("/", 1)[-1] for c in graphe.subjects(None, CMA.CheminCertification)}
    assert "RNCP39500" in publies and "RNCP39003" not in publies
    assert all(float(p) >= SEUIL_PERTINENCE for p in graphe.objects(None, CMA.pertinence))
