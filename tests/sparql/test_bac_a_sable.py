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

import pyoxigraph as ox
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
    with pytest.raises(Exception, match=r"requête interrompue après 0\.5 s"):
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


def test_un_fils_qui_meurt_en_pleine_requete_apres_avoir_repondu_est_remplace(
        donnees: list[Path], forks: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Le fils meurt pendant la deuxième requête (abandon, comme un dépassement de mémoire) : elle est reposée à un
    fils neuf, qui y répond ; son verdict est celui de la requête seule."""
    marque = tmp_path / "abandonner"
    repondre = bac_a_sable.repondre

    def abandonner_une_fois(*args: object) -> object:
        if marque.exists():
            marque.unlink()
            os.abort()
        return repondre(*args)

    monkeypatch.setattr(bac_a_sable, "repondre", abandonner_une_fois)
    isole = Isole(donnees)
    assert _nombre(isole) == "20"
    marque.touch()
    assert _nombre(isole) == "20"
    assert len(forks) == 2 and not marque.exists()


def test_une_grande_reponse_et_une_grande_requete(tmp_path: Path, forks: list[int]):
    """Plus grandes que le tube (64 Kio) : lues et écrites par morceaux."""
    fichier = tmp_path / "grand.nt"
    fichier.write_text("".join(f'<urn:s{i}> <urn:p> "{"é" * 200}{i}" .\n' for i in range(2000)), encoding="utf-8")
    isole, embarque = Isole([fichier]), Embarque([fichier])
    requete = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s"
    assert isole.select(requete) == embarque.select(requete)
    longue = requete.replace("WHERE {", "WHERE { " + " ".join(f"# {i:06d}" for i in range(12_000)) + "\n", 1)
    assert len(longue) > 1 << 16
    assert isole.select(longue) == embarque.select(requete)
    assert len(forks) == 1


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
    pids: list[int] = []
    try:
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        fils, dormeur = pids
        assert _vivant(fils)
        parent.kill()
        parent.wait()
        echeance = time.monotonic() + 10 * bac_a_sable._VEILLE
        while _vivant(fils) and time.monotonic() < echeance:
            time.sleep(0.1)
        assert not _vivant(fils) and _vivant(dormeur)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_le_fils_ne_sort_que_par_os_exit():
    """Régression : un fils qui répond à un parent parti (tubes de sortie et d'erreur sans lecteur) levait
    BrokenPipeError en écrivant sa trace, hors de `_servir`, et continuait le code du parent dans sa copie."""
    (demandes_l, demandes_e), (sortie_l, sortie_e), (erreurs_l, erreurs_e) = os.pipe(), os.pipe(), os.pipe()
    os.close(sortie_l)
    os.close(erreurs_l)
    pid = os.fork()
    if pid == 0:
        try:
            sys.stderr = open(2, "w", buffering=1, closefd=False)  # l'erreur standard du processus, pas celle de pytest
            bac_a_sable._servir(ox.Store(), demandes_l, sortie_e, erreurs_e, os.getppid(), lambda: None)
        finally:
            os._exit(7)  # atteint seulement si `_servir` rend la main
    for fd in (demandes_l, sortie_e, erreurs_e):
        os.close(fd)
    os.write(demandes_e, bac_a_sable._message({"requete": "ASK {}", "limite": 1, "delai": 5}))
    os.close(demandes_e)
    _, statut = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(statut) == 1
