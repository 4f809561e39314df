"""Un vrai serveur SPARQL (Oxigraph, lancé par la fixture) : publication par le protocole Graph Store,
comme en production, commandes et erreurs. La parité des réponses est dans test_parite.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.projet import Projet
from cartographie.sparql.distant import GRAPHE_PUBLICATION

CARTOGRAPHIE = Projet.par_defaut().export / "cartographie.nt"


@pytest.fixture(scope="module")
def serveur(serveur_oxigraph: str) -> str:
    # La cartographie seule : ce que les tests interrogent. Oxigraph met 4 à 10 s à charger l'extrait des
    # référentiels en une transaction ; que `publier` l'envoie par défaut, en un seul PUT, est vérifié contre un
    # Graph Store simulé (tests/robustesse/test_distant.py).
    assert main(["publier", "--endpoint", f"{serveur_oxigraph}/store", "--fichier", str(CARTOGRAPHIE)]) == 0
    return serveur_oxigraph


def _lignes(fichier: Path) -> int:
    return len(set(fichier.read_text(encoding="utf-8").split("\n")) - {""})


def test_publier_remplace_le_graphe(serveur: str, compter_publication, tmp_path: Path):
    """Publier remplace le graphe (un PUT), n'y ajoute pas : après un autre graphe, puis deux fois la cartographie,
    le graphe n'a que les triplets de la cartographie."""
    autre = tmp_path / "autre.nt"
    autre.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    assert main(["publier", "--endpoint", f"{serveur}/store", "--fichier", str(autre)]) == 0
    assert compter_publication(serveur) == 1
    for _ in range(2):
        assert main(["publier", "--endpoint", f"{serveur}/store", "--fichier", str(CARTOGRAPHIE)]) == 0
        assert compter_publication(serveur) == _lignes(CARTOGRAPHIE)


def test_fiche_par_le_serveur(serveur: str, capsys):
    capsys.readouterr()
    assert main(["fiche", "0101", "--endpoint", f"{serveur}/query", "--graph", GRAPHE_PUBLICATION]) == 0
    assert "0101 - CHARGÉ(E) D'ACCUEIL D'ASSISTANCE" in capsys.readouterr().out


def test_erreur_du_serveur_affichee(serveur: str, capsys, tmp_path):
    fichier = tmp_path / "fausse.rq"
    fichier.write_text("SELECT ?x WHERE { ?x <http://e/p> ?y } GROUP BY ?y", encoding="utf-8")
    assert main(["query", str(fichier), "--endpoint", f"{serveur}/query"]) == 2
    erreur = capsys.readouterr().err
    assert f"le serveur {serveur}/query" in erreur and "Traceback" not in erreur


def test_publier_vers_un_serveur_absent(capsys):
    assert main(["publier", "--endpoint", "http://127.0.0.1:9/store"]) == 2
    assert "serveur SPARQL injoignable à http://127.0.0.1:9/store (connexion refusée)" in capsys.readouterr().err
