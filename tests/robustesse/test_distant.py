"""Un serveur SPARQL distant ne peut ni emballer le client ni le faire attendre sans fin, et une
publication à moitié échouée ne détruit pas le graphe publié (issue 11, points 1, 4, 9 et 11)."""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest

from cartographie.cli import main
from cartographie.projet import Projet
from cartographie.sparql.distant import GRAPHE_PUBLICATION, _couper

PRODUIT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
MIO = 1024 * 1024
# Lance la commande comme seul enfant d'un lanceur, qui rapporte le pic de mémoire résidente de cet enfant.
MESURER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
           "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stderr, file=sys.stderr); "
           "sys.stdout.write(r.stdout)")


@pytest.fixture(scope="module")
def serveur(serveur_oxigraph: str) -> str:
    # La cartographie seule (12 000 triplets) : ces tests bornent le client, pas le volume ; l'extrait des
    # référentiels ferait attendre le chargement du serveur 4 à 10 s de plus (son envoi par défaut est vérifié plus bas,
    # contre un Graph Store simulé).
    publication = Projet.par_defaut().export / "cartographie.nt"
    assert main(["publier", "--endpoint", f"{serveur_oxigraph}/store", "--fichier", str(publication)]) == 0
    return serveur_oxigraph


def _cartographie(*arguments: str, delai_large: float = 120) -> tuple[int, int, str, str]:
    """Code de sortie, pic de mémoire (Mio), sortie et erreurs d'une commande lancée dans un processus à part."""
    fini = subprocess.run([sys.executable, "-c", MESURER, sys.executable, "-m", "cartographie", *arguments],
                          capture_output=True, text=True, timeout=delai_large)
    entete, _, sortie = fini.stdout.partition("\n")
    code, pic = (int(x) for x in entete.split())
    return code, pic // 1024, sortie, fini.stderr


def test_produit_cartesien_distant_borne_par_le_delai(serveur: str, tmp_path: Path):
    """La commande de l'issue : avant, plus de 90 s et 6 Gio ; le délai global la coupe (2 s ici)."""
    requete = tmp_path / "produit.rq"
    requete.write_text(PRODUIT, encoding="utf-8")
    code, pic, _, erreurs = _cartographie("query", str(requete), "--endpoint", f"{serveur}/query",
                                          "--graph", GRAPHE_PUBLICATION, "--delai", "2")
    assert code == 2, erreurs
    assert "requête interrompue après 2 s" in erreurs and "Traceback" not in erreurs
    assert pic < 500, f"{pic} Mio côté client"


def test_limite_appliquee_pendant_le_telechargement(serveur: str, tmp_path: Path):
    """12 000³ lignes en réponse : seule une lecture arrêtée à la limite peut finir."""
    requete = tmp_path / "produit.rq"
    requete.write_text(PRODUIT, encoding="utf-8")
    code, pic, sortie, erreurs = _cartographie("query", str(requete), "--endpoint", f"{serveur}/query", "--graph",
                                               GRAPHE_PUBLICATION, "--delai", "600", "--limite", "1000", "--format", "csv")
    assert code == 0, erreurs
    assert len(sortie.splitlines()) == 1 + 1000
    assert "résultat tronqué à 1000 lignes" in erreurs
    assert pic < 500


@pytest.mark.parametrize("forme", ["ASK", "CONSTRUCT", "DESCRIBE"])
def test_requetes_de_lecture_autres_que_select(serveur: str, tmp_path: Path, capsys, forme: str):
    texte = {
        "ASK": "ASK { ?m <http://www.w3.org/2004/02/skos/core#notation> \"0102\" }",
        "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DESCRIBE": "DESCRIBE <https://w3id.org/metiers-assistance/id/metier-0102>",
    }[forme]
    requete = tmp_path / "lecture.rq"
    requete.write_text(texte, encoding="utf-8")
    reponses = []
    for moteur in ([], ["--endpoint", f"{serveur}/query", "--graph", GRAPHE_PUBLICATION]):
        assert main(["query", str(requete), "--format", "json", "--limite", "5", *moteur]) == 0
        sortie = capsys.readouterr()
        reponses.append(json.loads(sortie.out))
    local, distant = reponses
    if forme == "ASK":
        assert local == distant == {"head": {}, "boolean": True}
    else:
        assert local["head"]["vars"] == distant["head"]["vars"] == ["sujet", "predicat", "objet"]
        assert len(local["results"]["bindings"]) == len(distant["results"]["bindings"]) == 5
        if forme == "DESCRIBE":
            sujets = {b["sujet"]["value"] for r in reponses for b in r["results"]["bindings"]}
            assert sujets == {"https://w3id.org/metiers-assistance/id/metier-0102"}


def test_fiche_sans_graph_conseille_graph(serveur: str, capsys):
    assert main(["fiche", "0102", "--endpoint", f"{serveur}/query"]) == 2
    erreur = capsys.readouterr().err
    assert "ne contient aucun métier dans le graphe par défaut" in erreur
    assert f"ajoutez --graph (par défaut, `cartographie publier` écrit dans {GRAPHE_PUBLICATION})" in erreur


# Des serveurs qui se conduisent mal, sur la boucle locale -------------------------------------------


def _servir(gestionnaire: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    serveur.daemon_threads = True
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}"
    finally:
        serveur.shutdown()
        serveur.server_close()


class _Muet(http.server.BaseHTTPRequestHandler):
    """Lit la requête et ne répond rien (au plus 30 s)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(30)

    def log_message(self, *_: object) -> None:
        pass


class _Goutte(http.server.BaseHTTPRequestHandler):
    """Répond tout de suite, puis envoie un résultat sans fin, un octet toutes les 0,2 s (au plus 30 s) :
    chaque lecture de socket aboutit, seul un délai global peut l'arrêter."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
        fin = time.monotonic() + 30
        try:
            while time.monotonic() < fin:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    def log_message(self, *_: object) -> None:
        pass


@pytest.mark.parametrize("gestionnaire", [_Muet, _Goutte], ids=["muet", "goutte-a-goutte"])
def test_serveur_lent_signale_comme_un_delai(gestionnaire: type[http.server.BaseHTTPRequestHandler], capsys):
    for url in _servir(gestionnaire):
        debut = time.monotonic()
        assert main(["query", "langues", "--endpoint", f"{url}/query", "--delai", "1"]) == 2
        ecoule = time.monotonic() - debut
        erreur = capsys.readouterr().err
        assert "requête interrompue après 1 s" in erreur and "injoignable" not in erreur
        # Pas une mesure de vitesse : la preuve que la commande n'a pas attendu la fin du serveur (30 s).
        assert ecoule < 25


class _Court(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_: object) -> None:
        pass


def test_le_minuteur_parti_apres_la_fin_de_la_reponse_ne_laisse_pas_de_trace():
    """Régression (vue une fois dans la suite) : le minuteur du délai partait à l'instant où la réponse était rendue au
    pool ; urllib3 levait RuntimeError dans le fil du minuteur et une trace s'affichait à côté du message d'erreur."""
    import urllib3

    for url in _servir(_Court):
        client = urllib3.PoolManager(retries=False)
        reponse = client.request("GET", url, preload_content=False)
        assert reponse.read() == b"ok"
        reponse.release_conn()
        with pytest.raises(RuntimeError):
            reponse.shutdown()  # ce que faisait le minuteur
        _couper(reponse)


class _GraphStore(http.server.BaseHTTPRequestHandler):
    """Un Graph Store en mémoire qui accepte la première écriture et refuse les suivantes (500), comme
    un serveur tombé en panne au milieu d'une publication. Un refus ne change rien au graphe."""

    graphe: ClassVar[bytes] = b""
    ecritures: ClassVar[list[str]] = []

    def _ecrire(self, remplacer: bool) -> None:
        corps = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).ecritures.append(self.command)
        if len(type(self).ecritures) > 1:
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"panne")
            return
        type(self).graphe = corps if remplacer else type(self).graphe + corps
        self.send_response(204)
        self.end_headers()

    def do_PUT(self) -> None:
        self._ecrire(remplacer=True)

    def do_POST(self) -> None:
        self._ecrire(remplacer=False)

    def log_message(self, *_: object) -> None:
        pass


def _triplets_publies() -> set[ox.Triple]:
    return {t for fichier in Projet.par_defaut().publies for t in ox.parse(path=fichier, format=ox.RdfFormat.N_TRIPLES)}


def test_publier_qui_echouerait_a_la_seconde_requete(capsys):
    """Avant : un PUT puis un POST ; le POST refusé laissait 7 491 triplets sur 48 037 et l'ancien graphe perdu."""
    _GraphStore.graphe, _GraphStore.ecritures = b"<http://e/ancien> <http://e/p> <http://e/o> .\n", []
    for url in _servir(_GraphStore):
        assert main(["publier", "--endpoint", f"{url}/store"]) == 0
    assert _GraphStore.ecritures == ["PUT"]
    assert set(ox.parse(_GraphStore.graphe, format=ox.RdfFormat.N_TRIPLES)) == _triplets_publies()


def test_publier_refuse_laisse_l_ancien_graphe(capsys):
    _GraphStore.graphe, _GraphStore.ecritures = b"<http://e/ancien> <http://e/p> <http://e/o> .\n", ["panne"]
    for url in _servir(_GraphStore):
        assert main(["publier", "--endpoint", f"{url}/store"]) == 2
    assert _GraphStore.graphe == b"<http://e/ancien> <http://e/p> <http://e/o> .\n"
    erreur = capsys.readouterr().err
    assert "répond 500 : panne" in erreur and "n'a pas été remplacé" in erreur


def test_publier_un_fichier_illisible_n_envoie_rien(serveur: str, tmp_path: Path, capsys, compter_publication):
    avant = compter_publication(serveur)
    casse = tmp_path / "casse.nt"
    casse.write_text("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> \n", encoding="utf-8")
    arguments = ["publier", "--endpoint", f"{serveur}/store"]
    for fichier in [*Projet.par_defaut().publies, casse]:
        arguments += ["--fichier", str(fichier)]
    assert main(arguments) == 2
    assert "casse.nt : illisible, rien n'a été envoyé" in capsys.readouterr().err
    assert compter_publication(serveur) == avant


