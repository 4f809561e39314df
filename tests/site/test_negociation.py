"""Les IRI déréférencées par de vraies requêtes HTTP sur la boucle locale (`cartographie serve`)."""

from __future__ import annotations

import html
import http.client
import urllib.parse

import pytest
from rdflib import Graph, URIRef

# (chemin, en-tête Accept) → (statut, document attendu) : la table de la note « Cool URIs » § 4.3.
NEGOCIATION = [
    ("/id/metier-0102", "text/html", 303, "/id/metier-0102.html"),
    ("/id/metier-0102", "text/turtle", 303, "/id/metier-0102.ttl"),
    ("/id/metier-0102", "application/ld+json", 303, "/id/metier-0102.jsonld"),
    ("/id/metier-0102", "application/n-triples", 303, "/id/metier-0102.nt"),
    ("/id/metier-0102", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 303, "/id/metier-0102.html"),
    ("/id/metier-0102", "text/turtle;q=0.5, application/ld+json", 303, "/id/metier-0102.jsonld"),
    ("/id/metier-0102", "*/*", 303, "/id/metier-0102.html"),
    ("/id/famille-01", "text/turtle", 303, "/id/famille-01.ttl"),
    ("/def", "text/html", 303, "/def.html"),
    ("/def", "text/turtle", 303, "/def.ttl"),
    ("/id/metier-0102", "image/png", 406, None),
    ("/id/metier-0102", "text/turtle;q=0", 406, None),
    ("/def", "application/pdf", 406, None),
]


def _requete(url: str, methode: str, chemin: str, entetes: dict[str, str] | None = None,
             corps: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    adresse = urllib.parse.urlsplit(url)
    connexion = http.client.HTTPConnection(adresse.hostname, adresse.port, timeout=30)
    try:
        # Le chemin part tel quel (http.client ne normalise pas « .. » ni les formes encodées).
        connexion.request(methode, chemin, body=corps, headers=entetes or {})
        reponse = connexion.getresponse()
        return reponse.status, {k.lower(): v for k, v in reponse.getheaders()}, reponse.read()
    finally:
        connexion.close()


@pytest.mark.parametrize("chemin, accept, statut, document", NEGOCIATION)
def test_negociation_de_contenu(url_serveur: str, chemin: str, accept: str, statut: int, document: str | None) -> None:
    code, entetes, _ = _requete(url_serveur, "GET", chemin, {"Accept": accept})
    assert code == statut
    if document:
        assert entetes["location"] == document
        assert entetes["vary"] == "Accept"


@pytest.mark.parametrize("format_, accept", [("turtle", "text/turtle"), ("json-ld", "application/ld+json"),
                                             ("nt", "application/n-triples")])
def test_la_description_suivie_decrit_la_ressource(url_serveur: str, format_: str, accept: str) -> None:
    _, entetes, _ = _requete(url_serveur, "GET", "/id/metier-0102", {"Accept": accept})
    code, reponse, corps = _requete(url_serveur, "GET", entetes["location"])
    assert code == 200 and reponse["content-type"].startswith(accept)
    g = Graph().parse(data=corps.decode(), format=format_)
    metier = URIRef("https://w3id.org/metiers-assistance/id/metier-0102")
    assert str(g.value(metier, URIRef("http://www.w3.org/2004/02/skos/core#notation"))) == "0102"


def test_la_page_html_est_servie(url_serveur: str) -> None:
    code, entetes, corps = _requete(url_serveur, "GET", "/id/metier-0102.html")
    assert code == 200 and entetes["content-type"].startswith("text/html")
    assert "Chargé(e) d'assistance" in html.unescape(corps.decode())


@pytest.mark.parametrize("chemin", ["/nexiste/pas", "/id/metier-9999", "/id/metier-0102.exe"])
def test_chemin_inconnu_404_avec_une_page(url_serveur: str, chemin: str) -> None:
    code, entetes, corps = _requete(url_serveur, "GET", chemin, {"Accept": "text/html"})
    assert code == 404 and entetes["content-type"].startswith("text/html")
    assert "Page introuvable" in corps.decode()


@pytest.mark.parametrize("chemin", [
    "/../../etc/passwd", "/id/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/id/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..%5c..%5cetc%5cpasswd", "/%252e%252e/%252e%252e/etc/passwd",
    "/statique/..%2f..%2f..%2fetc%2fpasswd", "/%00/etc/passwd", "/%c0%ae%c0%ae/etc/passwd",
])
def test_traversee_refusee(url_serveur: str, chemin: str) -> None:
    code, _, corps = _requete(url_serveur, "GET", chemin)
    assert code in (400, 404)
    assert b"root:" not in corps


def _sparql(url: str, corps: bytes, type_: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes]:
    code, _, reponse = _requete(url, "POST", "/sparql", {"Content-Type": type_, "Accept": accept}, corps)
    return code, reponse


def test_sparql_lecture_par_le_protocole(url_serveur: str) -> None:
    requete = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { ?m skos:notation \"0102\" ; skos:prefLabel ?l }"
    code, entetes, corps = _requete(url_serveur, "GET", "/sparql?query=" + urllib.parse.quote(requete))
    assert code == 200 and entetes["content-type"].startswith("application/sparql-results+json")
    assert "Chargé(e) d'assistance" in corps.decode()
    code, corps = _sparql(url_serveur, urllib.parse.urlencode({"query": requete}).encode(), "application/x-www-form-urlencoded",
                          "text/csv")
    assert code == 200 and corps.decode().splitlines()[0] == "l"


def test_sparql_wrapper_interroge_le_point_d_acces(url_serveur: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url_serveur + "/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/metiers-assistance/def#FamilleMetiers> }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == "9"


@pytest.mark.parametrize("corps, type_", [
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
    (urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(), "application/x-www-form-urlencoded"),
    (b"DROP ALL", "application/sparql-query"),
])
def test_sparql_mise_a_jour_refusee(url_serveur: str, corps: bytes, type_: str) -> None:
    code, _ = _sparql(url_serveur, corps, type_)
    assert code == 403


def test_sparql_service_refuse(url_serveur: str) -> None:
    code, reponse = _sparql(url_serveur, b"SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                            "application/sparql-query")
    assert code == 400 and "SERVICE" in reponse.decode()


def test_sparql_au_dela_des_bornes(url_serveur: str) -> None:
    # Le serveur des tests est borné à 50 lignes et 3 s.
    code, reponse = _sparql(url_serveur, b"SELECT * WHERE { ?s ?p ?o }", "application/sparql-query")
    assert code == 422 and "50 lignes" in reponse.decode()
    trop_long = b"SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    code, reponse = _sparql(url_serveur, trop_long, "application/sparql-query")
    assert code == 503 and "interrompue" in reponse.decode()


def test_methode_et_type_non_geres(url_serveur: str) -> None:
    assert _requete(url_serveur, "POST", "/id/metier-0102", {"Content-Type": "text/plain"}, b"x")[0] == 405
    assert _sparql(url_serveur, b"x", "text/plain")[0] == 415
