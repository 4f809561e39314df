"""Le site est déterministe : construit dans un autre processus, avec une autre graine de hachage, il est
identique octet pour octet à celui des tests."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _fichiers(dossier: Path) -> list[str]:
    return sorted(str(p.relative_to(dossier)) for p in dossier.rglob("*") if p.is_file())


def test_site_identique_d_un_processus_a_l_autre(site_2008: Path, projet_2008, tmp_path: Path) -> None:
    """Construit par la commande dans un autre processus, avec une autre graine de hachage, le site est identique
    octet pour octet. Sur la publication à deux dates : toutes les pages du site par défaut, et la page
    d'évolution et ses graphiques (une seule construction de plus, 5 s)."""
    autre = tmp_path / "site"
    environnement = {**os.environ, "PYTHONHASHSEED": "2008"}
    subprocess.run([sys.executable, "-m", "cartographie", "--racine", str(projet_2008.racine), "site", "--out", str(autre)],
                   check=True, env=environnement, capture_output=True)
    assert "evolution.html" in _fichiers(site_2008)
    assert _fichiers(autre) == _fichiers(site_2008)
    _, differents, erreurs = filecmp.cmpfiles(site_2008, autre, _fichiers(site_2008), shallow=False)
    assert differents == [] and erreurs == []


def test_le_site_a_deux_dates_a_toutes_les_pages_du_site_par_defaut(site: Path, site_2008: Path) -> None:
    """Ce qui rend le test précédent valable pour le site par défaut."""
    assert set(_fichiers(site)) <= set(_fichiers(site_2008))


@pytest.mark.parametrize("argument", ["--out"])
def test_site_sortie_illisible_message_clair(tmp_path: Path, argument: str) -> None:
    fichier = tmp_path / "pas-un-dossier"
    fichier.write_text("x")
    resultat = subprocess.run([sys.executable, "-m", "cartographie", "site", argument, str(fichier / "site")],
                              capture_output=True, text=True)
    assert resultat.returncode == 2
    assert "Traceback" not in resultat.stderr and "Erreur" in resultat.stderr
    # Régression : le site était construit (5 s) avant que l'écriture échoue sur « File exists ».
    # (un long chemin est abrégé dans le message : on en cherche le début)
    assert "est un fichier et non un dossier" in resultat.stderr and str(fichier)[:60] in resultat.stderr, resultat.stderr
