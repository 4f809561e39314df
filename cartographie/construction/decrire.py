"""La description de la publication en DCAT et VoID : ce qu'elle contient et où la trouver."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from cartographie.vocab import DCAT, ID, VOID

NOM = "cartographie"
DATE_PUBLICATION = date(2026, 11, 27)


def description(publication: Graph, avec_referentiels: bool) -> Graph:
    """DCAT et VoID : ce que contient la publication et où la trouver."""
    g = Graph()
    jeu = ID["jeu-de-donnees"]
    g.add((jeu, RDF.type, DCAT.Dataset))
    g.add((jeu, RDF.type, VOID.Dataset))
    g.add((jeu, DCTERMS.title, Literal("Cartographie des métiers de l'Assistance", lang="fr")))
    g.add((jeu, DCTERMS.description, Literal(
        "Familles, métiers, emplois, fiches Métiers (activités, compétences, profil, évolutions) "
        "et effectifs 2007 de la branche Assistance, en SKOS, PROV et Data Cube.", lang="fr")))
    g.add((jeu, DCTERMS.license, URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")))
    g.add((jeu, DCTERMS.source, ID["source-cartographie-2009"]))
    g.add((jeu, DCTERMS.issued, Literal(DATE_PUBLICATION.isoformat(), datatype=XSD.date)))
    g.add((jeu, VOID.vocabulary, URIRef("https://w3id.org/metiers-assistance/def")))
    g.add((jeu, VOID.triples, Literal(len(publication), datatype=XSD.integer)))
    g.add((jeu, VOID.distinctSubjects, Literal(len(set(publication.subjects())), datatype=XSD.integer)))
    fichiers = [(f"{NOM}.ttl", "text/turtle"), (f"{NOM}.nt", "application/n-triples"),
                (f"{NOM}.jsonld", "application/ld+json")]
    if avec_referentiels:
        fichiers.append(("referentiels.nt", "application/n-triples"))
    for nom, media in fichiers:
        distribution = ID[f"distribution-{nom.replace('.', '-')}"]
        g.add((jeu, DCAT.distribution, distribution))
        g.add((jeu, VOID.dataDump, URIRef(f"https://w3id.org/metiers-assistance/{nom}")))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.mediaType, Literal(media)))
        g.add((distribution, DCAT.downloadURL, URIRef(f"https://w3id.org/metiers-assistance/{nom}")))
    if avec_referentiels:
        g.add((ID["distribution-referentiels-nt"], DCTERMS.description, Literal(
            "Extrait du ROME 4.0 (v460) et du RNCP (export du 2026-02-01) : les fiches alignées, leurs mobilités "
            "et les certifications qui citent leurs codes v3.", lang="fr")))
    return g
