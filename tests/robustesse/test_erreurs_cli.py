"""Toute erreur qui atteint `main` sort avec le code 2 et un message français, sans trace de pile ;
les messages disent la vraie cause (issue 11, points 2 et 9)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE

FICHES_ROME = Path(__file__).resolve().parents[1] / "fixtures" / "referentiels" / "rome"


def _jsonld_imbrique(chemin: Path, niveaux: int) -> Path:
    noeud: dict = {"@id": "http://e/fond"}
    for _ in range(niveaux):
        noeud = {"http://e/p": noeud}
    chemin.write_text(json.dumps({"@graph": [noeud]}), encoding="utf-8")
    return chemin


def _refuse(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> str:
    """Lance la commande ; elle doit sortir avec le code 2, sans rien sur la sortie standard."""
    assert main(arguments) == SORTIE_ENTREE_INVALIDE
    sortie = capsys.readouterr()
    assert "Traceback" not in sortie.err
    assert sortie.err.startswith("Erreur : ")
    return sortie.err


def test_jsonld_imbrique_sur_500_niveaux(tmp_path: Path, capsys):
    erreur = _refuse(capsys, ["validate", str(_jsonld_imbrique(tmp_path / "profond.jsonld", 500))])
    assert "profond.jsonld : document imbriqué trop profondément" in erreur


@pytest.mark.parametrize("arguments", [
    ["publier", "--endpoint", "notaurl"],
    ["query", "effectifs", "--endpoint", "http://[::1"],
    ["fiche", "0102", "--endpoint", "ftp://127.0.0.1/query"],
])
def test_point_d_acces_qui_n_est_pas_une_url(capsys, arguments):
    assert "URL http ou https attendue" in _refuse(capsys, arguments)


def test_sortie_qui_est_un_fichier(tmp_path: Path, capsys):
    fichier = tmp_path / "export"
    fichier.write_text("à garder", encoding="utf-8")
    assert "existe et n'est pas un dossier" in _refuse(capsys, ["build", "--sortie", str(fichier)])
    assert fichier.read_text(encoding="utf-8") == "à garder"


def test_seuil_hors_de_l_intervalle(tmp_path: Path, capsys):
    erreur = _refuse(capsys, ["aligner", "--seuil", "500", "--rome", str(FICHES_ROME),
                              "--sortie", str(tmp_path / "c.sssom.tsv")])
    assert "--seuil 500 : le score minimal va de 0 à 100" in erreur


def test_nom_de_fichier_trop_long(tmp_path: Path, capsys):
    erreur = _refuse(capsys, ["validate", str(tmp_path / ("a" * 300 + ".ttl"))])
    assert "nom de fichier trop long" in erreur
    assert "caractères)" in erreur and "a" * 100 not in erreur


def test_une_exception_imprevue_devient_le_code_2(monkeypatch: pytest.MonkeyPatch, capsys):
    # La commande importe sa fonction au moment de s'exécuter (imports différés) : on la remplace à la source.
    from cartographie.construction import verifier

    def panne(*_: object, **__: object) -> None:
        raise KeyError("clé imprévue")

    monkeypatch.setattr(verifier, "valider_fichiers", panne)
    erreur = _refuse(capsys, ["validate"])
    assert "erreur inattendue (KeyError" in erreur


# Point 9 : des messages qui ne trompent plus -------------------------------------------------------


def test_turtle_tronque_donne_la_ligne(tmp_path: Path, capsys):
    chemin = tmp_path / "tronque.ttl"
    chemin.write_text("@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                      "<http://e/a> rdfs:label \"a\"@fr,\n    \"b\"@fr ;\n    rdfs:", encoding="utf-8")
    erreur = _refuse(capsys, ["validate", str(chemin)])
    assert "tronque.ttl, ligne 4 : fin de document inattendue" in erreur
    assert "string index" not in erreur


def test_fiche_d_un_code_inconnu_sans_le_nom_du_parametre_sparql(capsys):
    """Régression : « paramètre metier : … », le nom d'une variable de la requête, que l'utilisateur n'a pas écrit."""
    erreur = _refuse(capsys, ["fiche", "9999"])
    assert erreur.startswith("Erreur : fiche : le métier « 9999 » n'existe pas ; les plus proches : ")
    assert "paramètre" not in erreur


def test_depart_et_arrivee_verifies_avant_toute_sortie(capsys):
    erreur = _refuse(capsys, ["mobilites", "0101", "--vers", "9999"])
    assert erreur.startswith("Erreur : --vers : le métier « 9999 » n'existe pas")


@pytest.mark.parametrize("pas", ["-1", "0"])
def test_pas_negatif_refuse(capsys, pas):
    assert f"--pas {pas} : il faut au moins une évolution" in _refuse(capsys, ["mobilites", "0101", "--pas", pas])


@pytest.mark.parametrize("commande", [["query", "langues"], ["serve"]])
@pytest.mark.parametrize(("option", "valeur"), [("--delai", "nan"), ("--delai", "-3"), ("--delai", "inf"), ("--limite", "0")])
def test_bornes_de_requete_absurdes(capsys, commande, option, valeur):
    """Régression pour `serve` : ses bornes n'étaient pas vérifiées (`--delai inf` faisait lever le sélecteur du bac à
    sable, et le client n'avait aucune réponse)."""
    assert f"{option} {valeur} :" in _refuse(capsys, [*commande, f"{option}={valeur}"])


@pytest.mark.parametrize("arguments", [
    ["fiche", "x" * 100_000],
    ["query", "x" * 100_000],
    ["query", "fiche", "--param", "metier=" + "x" * 100_000],
    ["query", "fiche", "--param", "x" * 100_000 + "=1"],
    ["validate", "x" * 100_000],
    ["query", "langues", "--delai", "1", "--endpoint", "http://127.0.0.1:9/" + "x" * 100_000],
    ["publier", "--endpoint", "http://127.0.0.1:9/store", "--graph", "http://e/" + "x" * 100_000],
])
def test_un_argument_de_100_ko_n_est_pas_recopie(capsys, arguments):
    erreur = _refuse(capsys, arguments)
    assert len(erreur) < 1000
    assert "caractères)" in erreur


def test_fifo_refusee_sans_attendre(tmp_path: Path, capsys, monkeypatch):
    # Chemins relatifs : un dossier temporaire long (celui d'un travailleur de pytest-xdist) serait abrégé.
    monkeypatch.chdir(tmp_path)
    os.mkfifo("tube.ttl")
    assert "tube.ttl : un fichier spécial (FIFO" in _refuse(capsys, ["validate", "tube.ttl"])
    os.mkfifo("tube.rq")
    assert "tube.rq : un fichier spécial (FIFO" in _refuse(capsys, ["query", "tube.rq"])
