"""Lire un document ne fait jamais rien charger d'autre : ni contexte JSON-LD distant, ni entité
ou DTD XML, ni owl:imports, ni SERVICE SPARQL. Un serveur sur la boucle locale compte les visites :
il ne doit en recevoir aucune."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from cartographie.cli import main
from cartographie.erreurs import ErreurEntree
from cartographie.io.rdf import charger_fichier


class Piege(http.server.BaseHTTPRequestHandler):
    visites: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Piege.visites.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"nom": "http://e/nom"}}')

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def piege() -> Iterator[str]:
    Piege.visites = []
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Piege)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    yield f"http://127.0.0.1:{serveur.server_address[1]}"
    serveur.shutdown()
    assert Piege.visites == [], f"le serveur piège a été contacté : {Piege.visites}"


RIRE = """<?xml version="1.0"?>
<!DOCTYPE rire [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">
<rdf:Description rdf:about="http://e/a"><e:b>&c;</e:b></rdf:Description></rdf:RDF>
"""


def hostiles(url: str) -> dict[str, tuple[str, str, str]]:
    return {
        "contexte JSON-LD distant": ("x.jsonld", f'{{"@context": "{url}/contexte.jsonld", "@id": "http://e/a", "nom": "x"}}',
                                     "contexte JSON-LD distant"),
        "contexte JSON-LD distant imbriqué": ("x.jsonld", f'{{"@id": "http://e/a", "http://e/b": {{"@context": ["{url}/c"], "nom": "x"}}}}',
                                              "contexte JSON-LD distant"),
        "@import JSON-LD": ("x.jsonld", f'{{"@context": {{"@version": 1.1, "@import": "{url}/c"}}, "@id": "http://e/a"}}', "@import"),
        "entité externe XML": ("x.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "{url}/xxe">]>\n'
                               '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
                               '<rdf:Description rdf:about="http://e/a"><e:b>&x;</e:b></rdf:Description></rdf:RDF>',
                               "XML refusé, DTD ou entité externe"),
        "fichier local par entité XML": ("x.rdf", '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                                         '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
                                         '<rdf:Description rdf:about="http://e/a"><e:b>&x;</e:b></rdf:Description></rdf:RDF>',
                                         "XML refusé, DTD ou entité externe"),
        "milliard de rires": ("x.rdf", RIRE, "XML refusé, DTD ou entité externe"),
        "DTD externe": ("x.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">\n'
                        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "XML refusé"),
        "owl:imports distant": ("x.ttl", f"<http://e/o> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
                                f"  <http://www.w3.org/2002/07/owl#imports> <{url}/onto.ttl> .\n", "owl:imports"),
    }


@pytest.mark.parametrize("cas", sorted(hostiles("http://x")))
def test_document_hostile_refuse_sans_reseau(piege: str, tmp_path: Path, cas: str):
    nom, contenu, message = hostiles(piege)[cas]
    chemin = tmp_path / nom
    chemin.write_text(contenu, encoding="utf-8")
    with pytest.raises(ErreurEntree, match=message):
        charger_fichier(chemin)


def test_notre_contexte_est_servi_localement(tmp_path: Path):
    chemin = tmp_path / "x.jsonld"
    chemin.write_text('{"@context": "https://w3id.org/metiers-assistance/context.jsonld", '
                      '"@id": "id:metier-0102", "skos:notation": "0102"}', encoding="utf-8")
    assert len(charger_fichier(chemin)) == 1


def test_service_sparql_refuse(piege: str, tmp_path: Path, capsys):
    requete = tmp_path / "service.rq"
    requete.write_text(f"SELECT * WHERE {{ SERVICE <{piege}/sparql> {{ ?s ?p ?o }} }}", encoding="utf-8")
    assert main(["query", str(requete)]) == 2
    assert "SERVICE refusé" in capsys.readouterr().err


def test_la_publication_jsonld_se_relit_sans_reseau(piege: str):
    from cartographie.projet import Projet

    graphe = charger_fichier(Projet.par_defaut().export / "cartographie.jsonld")
    assert len(graphe) == len((Projet.par_defaut().export / "cartographie.nt").read_text(encoding="utf-8").splitlines())
