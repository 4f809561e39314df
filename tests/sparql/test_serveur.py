"""Un vrai serveur SPARQL (Oxigraph, lancé par la fixture) : publication par le protocole Graph Store,
comme en production, commandes et erreurs. La parité des réponses est dans test_parite.py."""

from __future__ import annotations

import pytest

from cartographie.cli import main
from cartographie.projet import Projet
from cartographie.sparql.distant import GRAPHE_PUBLICATION


@pytest.fixture(scope="module")
def serveur(serveur_oxigraph: str) -> str:
    assert main(["publier", "--endpoint", f"{serveur_oxigraph}/store"]) == 0
    return serveur_oxigraph


def test_publier_deux_fois_laisse_une_seule_copie(serveur: str, compter_publication):
    distincts = set()
    for nom in ("cartographie.nt", "referentiels.nt"):
        distincts.update((Projet.par_defaut().export / nom).read_text(encoding="utf-8").split("\n"))
    lignes = len(distincts - {""})
    assert compter_publication(serveur) == lignes
    assert main(["publier", "--endpoint", f"{serveur}/store"]) == 0
    assert compter_publication(serveur) == lignes


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
