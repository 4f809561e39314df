"""Le paquet tel qu'un utilisateur l'installe : sous-paquets déclarés, installation sans -e hors du dépôt,
CLI en français."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from cartographie.cli import analyseur, main
from cartographie.projet import Projet

RACINE = Path(__file__).resolve().parent.parent


def test_chaque_sous_paquet_est_declare():
    """Un sous-paquet oublié dans pyproject.toml manquerait à l'installation sans -e."""
    declares = set(tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    presents = {".".join(p.parent.relative_to(RACINE).parts) for p in (RACINE / "cartographie").rglob("__init__.py")}
    assert presents <= declares
    assert {p for p in declares if not p.startswith("cartographie.ressources")} == presents


def test_version_et_aide_en_francais(capsys):
    with pytest.raises(SystemExit) as fin:
        main(["--version"])
    assert fin.value.code == 0
    assert capsys.readouterr().out.startswith("cartographie ")
    aide = analyseur().format_help()
    assert "utilisation :" in aide and "options :" in aide and "usage:" not in aide


def test_erreur_d_usage_code_2_sans_trace(capsys):
    with pytest.raises(SystemExit) as fin:
        main(["commande-inconnue"])
    assert fin.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_aucun_chemin_hors_du_depot():
    """Les emplacements par défaut sont dans le projet : rien ne pointe vers ../shared ni ailleurs."""
    projet = Projet.par_defaut()
    for chemin in (projet.ontologie, projet.donnees, projet.formes, projet.requetes, projet.export, projet.construction):
        assert chemin.is_relative_to(RACINE)
    code = "\n".join(p.read_text(encoding="utf-8") for p in (RACINE / "cartographie").rglob("*.py"))
    # Un chemin « shared/… » ou « …/shared », pas un module (rdflib.plugins.shared).
    assert not re.search(r"(?<![.\w])shared\b(?!\.)|/shared\b", code)


def test_importer_sans_dossier_dit_quoi_telecharger(capsys):
    assert main(["importer", "rome"]) == 2
    erreur = capsys.readouterr().err
    assert "export ROME 4.0 de France Travail" in erreur and "Traceback" not in erreur


def test_installation_sans_e_construit_depuis_un_autre_dossier(tmp_path: Path):
    """`pip install .` (roue, sans -e) puis `cartographie build --sortie DIR` depuis un autre dossier donne
    la publication versionnée à l'octet près. Les dépendances viennent du .venv (fichier .pth) pour rester
    hors ligne et rapide ; le paquet, lui, est installé depuis la roue, sans accès au dépôt."""
    roues, venv = tmp_path / "roues", tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(roues),
                    str(RACINE)], check=True, cwd=tmp_path, capture_output=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "dependances.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    roue = next(roues.glob("*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(roue)],
                   check=True, capture_output=True)
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    fait = subprocess.run([str(venv / "bin" / "python"), "-m", "cartographie", "build", "--sortie", "sortie"],
                          cwd=ailleurs, env=env, capture_output=True, text=True)
    assert fait.returncode == 0, fait.stderr
    installe = subprocess.run([str(venv / "bin" / "python"), "-c", "import cartographie; print(cartographie.__file__)"],
                              cwd=ailleurs, env=env, capture_output=True, text=True).stdout
    assert str(site) in installe, "le paquet doit venir de la roue installée, pas du dépôt"
    for publie in (RACINE / "export").iterdir():
        assert (ailleurs / "sortie" / publie.name).read_bytes() == publie.read_bytes(), publie.name


def test_le_readme_resume_chaque_commande():
    """Le tableau des commandes du README suit la CLI : une commande ajoutée sans y être décrite, ou retirée
    en y restant, fait échouer ce test."""
    import argparse

    commandes = next(a for a in analyseur()._actions if isinstance(a, argparse._SubParsersAction)).choices
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    decrites = set(re.findall(r"^\| `cartographie ([a-z-]+)", readme, flags=re.M))
    assert decrites == set(commandes)
