"""Le fils qui répond aux requêtes du magasin isolé : un seul `fork` pour toutes les requêtes d'une commande,
remplacé après un délai dépassé ou une mort, et jamais laissé derrière soi (ni par l'objet oublié, ni par un
parent tué)."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cartographie.sparql import bac_a_sable
from cartographie.sparql.moteurs import Embarque, Isole

# Un petit graphe écrit à la main : les réponses attendues se lisent dans le fichier.
TRIPLETS = "".join(f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(20))
COMPTE = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o }"
LENTE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?o ?l ?i"


@pytest.fixture
def donnees(tmp_path: Path) -> list[Path]:
    fichier = tmp_path / "petit.nt"
    fichier.write_text(TRIPLETS, encoding="utf-8")
    return [fichier]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Le numéro de chaque fils créé par le bac à sable."""
    crees: list[int] = []
    original = os.fork

    def compter() -> int:
        pid = original()
        if pid:
            crees.append(pid)
        return pid

    monkeypatch.setattr(bac_a_sable.os, "fork", compter)
    return crees


def _nombre(isole: Isole) -> str:
    return isole.select(COMPTE).lignes[0]["n"].valeur


def _vivant(pid: int) -> bool:
    """Vivant et pas encore recueilli (un zombie compte comme mort)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_un_seul_fils_pour_toutes_les_requetes(donnees: list[Path], forks: list[int]):
    isole, embarque = Isole(donnees), Embarque(donnees)
    requetes = [COMPTE, "SELECT ?s WHERE { ?s <urn:p> \"7\" }", "ASK { <urn:s3> <urn:p> \"3\" }",
                "SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o"] * 3
    for requete in requetes:
        assert isole.select(requete) == embarque.select(requete)
    assert _nombre(isole) == "20"
    assert len(forks) == 1


def test_une_requete_invalide_ne_tue_pas_le_fils(donnees: list[Path], forks: list[int]):
    isole = Isole(donnees)
    with pytest.raises(Exception, match="requête SPARQL invalide"):
        isole.select("SELECT WHERE {")
    assert _nombre(isole) == "20"
    assert len(forks) == 1


def test_apres_le_delai_un_fils_neuf_repond(donnees: list[Path], forks: list[int]):
    isole = Isole(donnees, delai=0.5)
    assert _nombre(isole) == "20"
    debut = time.monotonic()
    with pytest.raises(Exception, match=r"requête interrompue après 0.5 s"):
        isole.select(LENTE)
    assert time.monotonic() - debut < 5
    assert not _vivant(forks[0])
    assert _nombre(isole) == "20"
    assert len(forks) == 2


def test_un_fils_mort_entre_deux_requetes_est_remplace(donnees: list[Path], forks: list[int]):
    """Tué de l'extérieur après une réponse : la requête suivante est reposée à un fils neuf, sans erreur."""
    isole = Isole(donnees)
    assert _nombre(isole) == "20"
    os.kill(forks[0], signal.SIGKILL)
    assert _nombre(isole) == "20"
    assert len(forks) == 2 and not _vivant(forks[0])


def test_un_fils_neuf_qui_meurt_est_une_erreur(donnees: list[Path], forks: list[int],
                                               monkeypatch: pytest.MonkeyPatch):
    """Un fils qui n'avait rien répondu n'est pas relancé : sa mort tient à la requête, et elle est dite."""
    monkeypatch.setattr(bac_a_sable, "repondre", lambda *_: os.abort())
    with pytest.raises(Exception, match=r"dépassé la mémoire permise"):
        Isole(donnees).select(COMPTE)
    assert len(forks) == 1


def test_le_fils_s_arrete_avec_l_objet(donnees: list[Path], forks: list[int]):
    isole = Isole(donnees)
    assert _nombre(isole) == "20"
    del isole
    gc.collect()
    assert not _vivant(forks[0])


def test_le_fils_s_arrete_quand_le_parent_est_tue(donnees: list[Path]):
    """Un parent tué par SIGKILL ne ferme rien, et un autre processus qu'il a créé par `fork` (ici un dormeur)
    tient encore une copie du tube des demandes : le fils ne voit pas sa fin, il voit qu'il a changé de parent."""
    script = ("import os, sys, time; from pathlib import Path; from cartographie.sparql.moteurs import Isole\n"
              "isole = Isole([Path(sys.argv[1])]); isole.select('ASK {}')\n"
              "dormeur = os.fork()\n"
              "if dormeur == 0: time.sleep(60); os._exit(0)\n"
              "print(isole._bac._fils.pid, dormeur, flush=True); time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script, str(donnees[0])], stdout=subprocess.PIPE, text=True)
    fils, dormeur = map(int, parent.stdout.readline().split())
    try:
        assert _vivant(fils)
        parent.kill()
        parent.wait()
        echeance = time.monotonic() + 10 * bac_a_sable._VEILLE
        while _vivant(fils) and time.monotonic() < echeance:
            time.sleep(0.1)
        assert not _vivant(fils) and _vivant(dormeur)
    finally:
        parent.kill()
        os.kill(dormeur, signal.SIGKILL)
