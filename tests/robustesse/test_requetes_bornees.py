"""Une requête ne peut ni emballer la machine ni sortir de sa liaison : délai, limite de lignes,
et paramètres liés comme des termes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql import moteurs
from cartographie.sparql.catalogue import Parametre, Requete, lier
from cartographie.sparql.moteurs import Embarque, Isole

PRODUIT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_produit_cartesien_tronque(tmp_path: Path, capsys):
    fichier = tmp_path / "produit.rq"
    fichier.write_text(PRODUIT, encoding="utf-8")
    assert main(["query", str(fichier), "--format", "csv", "--limite", "500"]) == 0
    sortie = capsys.readouterr()
    assert len(sortie.out.splitlines()) == 501
    assert "résultat tronqué à 500 lignes" in sortie.err


def test_requete_trop_longue_interrompue(tmp_path: Path, capsys):
    fichier = tmp_path / "tri.rq"
    fichier.write_text(PRODUIT + " ORDER BY ?i ?f ?c", encoding="utf-8")
    assert main(["query", str(fichier), "--delai", "2"]) == 2
    assert "requête interrompue après 2 s" in capsys.readouterr().err


def test_memes_reponses_isole_et_embarque():
    nt = [Projet.par_defaut().export / "cartographie.nt"]
    requete = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2004/02/skos/core#notation> ?o } ORDER BY ?o ?s"
    assert Isole(nt).select(requete) == Embarque(nt).select(requete)


INJECTIONS = ['0102" } ; DROP ALL ; #', "x' } UNION { ?s ?p ?o } #", 'a"""b', "\\u0022 }", "é\n\t\"\\"]


def test_un_texte_reste_un_litteral():
    requete = Requete("echo", Path("echo.rq"), "SELECT ?x WHERE {\n  # @parametres\n  BIND (?t AS ?x)\n}",
                      parametres=(Parametre("t", "texte", ""),))
    moteur = Embarque([Projet.par_defaut().export / "cartographie.nt"])
    for injection in INJECTIONS:
        resultat = moteur.select(lier(requete, {"t": injection}))
        assert [ligne["x"].valeur for ligne in resultat.lignes] == [injection]


def test_depassement_de_memoire_dit_comme_tel(monkeypatch):
    """Le plafond abaissé à 600 Mio pour que le test reste léger : pyoxigraph avorte (« memory allocation
    … failed ») et le message le dit, au lieu de « skipping backtrace printing »."""
    monkeypatch.setattr(moteurs, "MEMOIRE_MAX", 600 * 1024**2)
    with pytest.raises(ErreurEntree, match=r"dépassé la mémoire permise \(600 Mio\)"):
        Isole(Projet.par_defaut().publies, delai=300).select(PRODUIT + " ORDER BY ?i ?f ?c")


def test_le_plafond_s_ajoute_a_ce_que_le_fils_herite(monkeypatch):
    """Régression : RLIMIT_AS compte l'espace d'adressage hérité, et un processus déjà plus gros que le plafond (un
    serveur à fils multiples) voyait chaque requête « dépasser la mémoire ». Le plafond est ce qu'elle peut ajouter."""
    reserve = bytearray(768 * 1024**2)  # de l'espace réservé sans être touché, comme les arènes des fils d'un serveur
    monkeypatch.setattr(moteurs, "MEMOIRE_MAX", 512 * 1024**2)
    assert moteurs.taille_virtuelle() > moteurs.MEMOIRE_MAX
    # 20 000 triplets de la publication et de l'extrait : des Mio de réponse, que l'espace hérité ne contient pas.
    resultat = Isole(Projet.par_defaut().publies).select("SELECT * WHERE { ?s ?p ?o } LIMIT 20000")
    assert len(resultat.lignes) == 20_000
    del reserve
