"""Le modèle de fichier d'une société : relu par le lecteur commun, il a les colonnes que l'import attend."""

from __future__ import annotations

from pathlib import Path

from cartographie.actualisation.declarations import COLONNES
from cartographie.actualisation.modele import ecrire_modele
from cartographie.io.tableur import lire_tableur
from cartographie.projet import Projet
from cartographie.sparql.moteurs import Embarque

RACINE = Path(__file__).resolve().parent.parent.parent


def test_modele_xlsx_trois_feuilles(tmp_path):
    projet = Projet.par_defaut(RACINE)
    ecrire_modele(projet, Embarque(projet.publies), tmp_path / "modele.xlsx")
    effectifs, metiers, correspondances = lire_tableur(tmp_path / "modele.xlsx")
    assert effectifs.nom == "Effectifs" and effectifs.lignes == ((1, tuple(COLONNES.values())),)
    assert metiers.nom == "Métiers" and len(metiers.lignes) == 1 + 39
    lignes = {valeurs[0]: valeurs for _, valeurs in metiers.lignes[1:]}
    assert lignes["0101"][1] == "Chargé(e) d'accueil d'assistance" and lignes["0101"][2] == "Opérations d'assistance"
    assert "standardiste" in lignes["0101"][3] and "hôte(hôtesse) d'accueil" in lignes["0101"][3]
    assert correspondances.nom == "Correspondances" and len(correspondances.lignes) == 1


def test_modele_csv(tmp_path):
    projet = Projet.par_defaut(RACINE)
    ecrire_modele(projet, Embarque(projet.publies), tmp_path / "modele.csv")
    assert (tmp_path / "modele.csv").read_bytes().startswith(b"\xef\xbb\xbfSoci\xc3\xa9t\xc3\xa9;Date de r")
    [feuille] = lire_tableur(tmp_path / "modele.csv")
    assert feuille.lignes == ((1, tuple(COLONNES.values())),)
