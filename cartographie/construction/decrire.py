"""La description de la publication en DCAT (profil DCAT-AP 3.0) et VoID : un catalogue, deux jeux de
données (la cartographie de la branche ; l'extrait ROME/RNCP, qui vient d'autres producteurs sous leur
licence), leurs distributions et ce qu'elles contiennent.

Les comptes VoID sont ceux des fichiers publiés : la description fait partie de `cartographie.nt`, donc
elle est d'abord construite avec des comptes provisoires, puis les comptes sont mesurés sur la
publication complète (remplacer un nombre par un autre ne change ni le nombre de triplets ni les sujets).
Les formes officielles DCAT-AP 3.0 (`shapes.ttl`, `shapes_recommended.ttl`, `range.ttl`) doivent y
trouver zéro violation ; les avertissements qui restent sont expliqués dans `docs/publication.md`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from cartographie.vocab import DCAT, DCATAP, GEOSPARQL, ID, VCARD, VOID

NOM = "cartographie"
DATE_PUBLICATION = date(2026, 11, 27)
BASE = "https://w3id.org/metiers-assistance/"

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

LICENCE_OUVERTE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
LICENCE_ROME = URIRef("https://www.data.gouv.fr/fr/datasets/58da857388ee384902e505f5/")
FRANCE = URIRef(EU + "country/FRA")
FRANCAIS = URIRef(EU + "language/FRA")
THEMES = URIRef(EU + "data-theme")
STABLE = URIRef(EU + "planned-availability/STABLE")

# Nom du fichier → (type de média IANA, type de fichier de l'Office des publications de l'UE, description).
FORMATS = {
    "ttl": ("text/turtle", "RDF_TURTLE", "Turtle"),
    "nt": ("application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    "jsonld": ("application/ld+json", "JSON_LD", "JSON-LD, contexte inclus"),
}


@dataclass(frozen=True)
class Comptes:
    """Ce que VoID dit d'un fichier : triplets, sujets, objets distincts, propriétés, classes."""

    triplets: int
    sujets: int
    objets: int
    proprietes: int
    classes: int


def _iri(terme: object) -> str:
    return terme.value if isinstance(terme, ox.NamedNode) else str(terme)


def compter(triplets: list[tuple[object, object, object]]) -> Comptes:
    """Les comptes VoID d'un ensemble de triplets (termes rdflib ou pyoxigraph)."""
    distincts = set(triplets)
    return Comptes(
        len(distincts),
        len({s for s, _, _ in distincts}),
        len({o for _, _, o in distincts}),
        len({p for _, p, _ in distincts}),
        len({o for _, p, o in distincts if _iri(p) == str(RDF.type)}),
    )


_COMPTES = """SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?o) AS ?o) (COUNT(DISTINCT ?p) AS ?p)
  (COUNT(DISTINCT IF(?p = rdf:type, ?o, ?aucune)) AS ?c) WHERE { ?s ?p ?o }"""


def compter_ntriples(texte: str) -> Comptes:
    """Les comptes VoID d'un document N-Triples, comptés par pyoxigraph sans passer par Python (l'extrait
    des référentiels : 40 000 triplets)."""
    magasin = ox.Store()
    magasin.bulk_load(texte.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    ligne = next(iter(magasin.query(_COMPTES, prefixes={"rdf": str(RDF)})))  # type: ignore[arg-type]
    return Comptes(*(int(ligne[v].value) for v in ("t", "s", "o", "p", "c")))


def _typer(g: Graph, ressource: URIRef, classe: URIRef, **libelles: str) -> URIRef:
    g.add((ressource, RDF.type, classe))
    for propriete, texte in libelles.items():
        g.add((ressource, {"prefLabel": SKOS.prefLabel, "title": DCTERMS.title, "name": FOAF.name,
                           "label": RDFS.label}[propriete], Literal(texte, lang="fr")))
    return ressource


# Les schémas des concepts de l'UE et d'ADMS qu'emploie la description (DCAT-AP : un titre par schéma).
SCHEMAS = {
    EU + "data-theme/": (EU + "data-theme", "Thèmes des données (Office des publications de l'UE)"),
    EU + "planned-availability/": (EU + "planned-availability", "Disponibilité prévue (Office des publications de l'UE)"),
    "http://purl.org/adms/publishertype/": ("http://purl.org/adms/publishertype/1.0", "Types d'éditeurs (ADMS)"),
    "http://purl.org/adms/licencetype/": ("http://purl.org/adms/licencetype/1.0", "Types de licences (ADMS)"),
}


def _concept(g: Graph, iri: str, libelle: str) -> URIRef:
    """Un concept d'un vocabulaire contrôlé, dans son schéma (les formes du projet et DCAT-AP le demandent)."""
    concept = _typer(g, URIRef(iri), SKOS.Concept, prefLabel=libelle)
    schema, titre = next(v for prefixe, v in SCHEMAS.items() if iri.startswith(prefixe))
    g.add((concept, SKOS.inScheme, _typer(g, URIRef(schema), SKOS.ConceptScheme, title=titre)))
    return concept


def _agent(g: Graph, iri: URIRef, nom: str, type_: str, libelle_type: str) -> URIRef:
    _typer(g, iri, FOAF.Agent, name=nom)
    g.add((iri, RDF.type, FOAF.Organization))
    g.add((iri, DCTERMS.type, _concept(g, f"http://purl.org/adms/publishertype/{type_}", libelle_type)))
    return iri


def _licence(g: Graph, iri: URIRef, titre: str) -> URIRef:
    _typer(g, iri, DCTERMS.LicenseDocument, title=titre)
    g.add((iri, DCTERMS.type, _concept(g, "http://purl.org/adms/licencetype/Attribution", "Attribution")))
    return iri


def _distribution(g: Graph, jeu: URIRef, fichier: str, description: str, licence: URIRef | None) -> URIRef:
    extension = fichier.rsplit(".", 1)[1]
    media, type_ue, nom_format = FORMATS[extension]
    distribution = ID[f"distribution-{fichier.replace('.', '-')}"]
    url = URIRef(BASE + fichier)
    g.add((jeu, DCAT.distribution, distribution))
    g.add((jeu, VOID.dataDump, url))
    _typer(g, distribution, DCAT.Distribution, title=f"{fichier} ({nom_format})")
    g.add((distribution, DCTERMS.description, Literal(description, lang="fr")))
    g.add((distribution, DCAT.accessURL, url))
    g.add((distribution, DCAT.downloadURL, url))
    g.add((distribution, DCAT.mediaType, _typer(g, URIRef(IANA + media), DCTERMS.MediaType)))
    format_ = _typer(g, URIRef(EU + "file-type/" + type_ue), DCTERMS.MediaTypeOrExtent)
    g.add((format_, RDF.type, DCTERMS.MediaType))
    g.add((distribution, DCTERMS.format, format_))
    g.add((distribution, DCATAP.availability, _concept(g, str(STABLE), "stable")))
    if licence is not None:
        g.add((distribution, DCTERMS.license, licence))
    return distribution


def _compter_sur(g: Graph, jeu: URIRef, comptes: Comptes) -> None:
    for propriete, valeur in ((VOID.triples, comptes.triplets), (VOID.distinctSubjects, comptes.sujets),
                              (VOID.distinctObjects, comptes.objets), (VOID.properties, comptes.proprietes),
                              (VOID.classes, comptes.classes)):
        g.set((jeu, propriete, Literal(valeur, datatype=XSD.integer)))


def _editoriaux(g: Graph, ressource: URIRef, equipe: URIRef) -> None:
    """Ce que le catalogue et chaque jeu de données disent de même : éditeur, langue, couverture, dates."""
    g.add((ressource, DCTERMS.publisher, equipe))
    g.add((ressource, DCTERMS.language, FRANCAIS))
    g.add((ressource, DCTERMS.spatial, FRANCE))
    g.add((ressource, DCTERMS.issued, Literal(DATE_PUBLICATION.isoformat(), datatype=XSD.date)))
    g.add((ressource, DCTERMS.modified, Literal(DATE_PUBLICATION.isoformat(), datatype=XSD.date)))


def _communs(g: Graph, jeu: URIRef, equipe: URIRef, contact: URIRef) -> None:
    _editoriaux(g, jeu, equipe)
    g.add((jeu, DCAT.contactPoint, contact))
    g.add((jeu, DCAT.landingPage, _typer(g, URIRef(BASE), FOAF.Document)))
    for theme, libelle in (("EDUC", "Éducation, culture et sport"), ("ECON", "Économie et finances")):
        g.add((jeu, DCAT.theme, _concept(g, f"{EU}data-theme/{theme}", libelle)))


def _titres_des_schemas(publication: Graph, g: Graph) -> None:
    """DCAT-AP demande un `dct:title` à chaque schéma de concepts : celui de son libellé."""
    for schema in sorted(set(publication.subjects(RDF.type, SKOS.ConceptScheme))):
        if (schema, DCTERMS.title, None) in publication:
            continue
        for propriete in (SKOS.prefLabel, RDFS.label, DCTERMS.title):
            for libelle in publication.objects(schema, propriete):
                g.add((schema, DCTERMS.title, libelle))
            if (schema, DCTERMS.title, None) in g:
                break


def description(publication: Graph, referentiels: str) -> Graph:
    """Le catalogue DCAT de la publication ; les comptes VoID de la cartographie restent à mesurer
    (`completer_comptes`) sur la publication qui inclut cette description."""
    g = Graph()
    catalogue = ID["catalogue"]
    jeu = ID["jeu-de-donnees"]
    equipe = _agent(g, ID["equipe-cartographie"], "Équipe cartographie", "NonProfitOrganisation",
                    "Organisation à but non lucratif")
    observatoire = _agent(g, ID["observatoire-metiers-assistance"],
                          "Observatoire des Métiers de l'Assistance (CNPEF de la branche Assistance)",
                          "IndustryConsortium", "Consortium professionnel")
    contact = _typer(g, ID["contact"], VCARD.Organization)
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal("Équipe cartographie", lang="fr")))
    g.add((contact, VCARD.hasURL, URIRef(BASE)))
    licence = _licence(g, LICENCE_OUVERTE, "Licence Ouverte 2.0 (Etalab)")
    _typer(g, FRANCE, DCTERMS.Location, label="France")
    g.add((FRANCE, DCAT.centroid, Literal("POINT(2.2137 46.2276)", datatype=GEOSPARQL.wktLiteral)))
    g.add((FRANCE, DCAT.bbox, Literal("POLYGON((-5.2 41.3,9.6 41.3,9.6 51.1,-5.2 51.1,-5.2 41.3))",
                                      datatype=GEOSPARQL.wktLiteral)))
    _typer(g, FRANCAIS, DCTERMS.LinguisticSystem, label="français")

    _typer(g, catalogue, DCAT.Catalog, title="Catalogue de la cartographie des métiers de l'Assistance")
    g.add((catalogue, DCTERMS.description, Literal(
        "Les jeux de données publiés par le projet cartographie : la cartographie des métiers de la branche "
        "Assistance et l'extrait des référentiels nationaux (ROME, RNCP) qui lui sont alignés.", lang="fr")))
    g.add((catalogue, DCAT.themeTaxonomy, THEMES))
    g.add((catalogue, FOAF.homepage, URIRef(BASE)))
    g.add((catalogue, DCTERMS.license, licence))
    _editoriaux(g, catalogue, equipe)
    g.add((catalogue, DCAT.dataset, jeu))

    _typer(g, jeu, DCAT.Dataset, title="Cartographie des métiers de l'Assistance")
    g.add((jeu, RDF.type, VOID.Dataset))
    g.add((jeu, DCTERMS.description, Literal(
        "Familles, métiers, emplois, fiches Métiers (activités, compétences, profil, évolutions) "
        "et effectifs 2007 de la branche Assistance, en SKOS, PROV et Data Cube.", lang="fr")))
    _communs(g, jeu, equipe, contact)
    g.add((jeu, DCTERMS.creator, observatoire))
    g.add((jeu, PROV.wasDerivedFrom, ID["source-cartographie-2009"]))
    g.add((jeu, VOID.vocabulary, URIRef(BASE + "def")))
    periode = _typer(g, ID["periode-cartographie"], DCTERMS.PeriodOfTime)
    g.add((periode, DCAT.startDate, Literal("2007-07-01", datatype=XSD.date)))
    g.add((periode, DCAT.endDate, Literal("2009-06-10", datatype=XSD.date)))
    g.add((jeu, DCTERMS.temporal, periode))
    for mot in ("métiers", "compétences", "cartographie des métiers", "branche Assistance", "mobilité professionnelle",
                "fiches métiers"):
        g.add((jeu, DCAT.keyword, Literal(mot, lang="fr")))
    for extension in FORMATS:
        _distribution(g, jeu, f"{NOM}.{extension}", f"La cartographie en {FORMATS[extension][2]}.", licence)
    _compter_sur(g, jeu, Comptes(0, 0, 0, 0, 0))

    if referentiels:
        _referentiels(g, catalogue, equipe, contact, referentiels)
    _titres_des_schemas(publication, g)
    return g


def _referentiels(g: Graph, catalogue: URIRef, equipe: URIRef, contact: URIRef, texte: str) -> None:
    jeu = ID["jeu-de-donnees-referentiels"]
    g.add((catalogue, DCAT.dataset, jeu))
    _typer(g, jeu, DCAT.Dataset, title="Extrait du ROME 4.0 et du RNCP aligné sur la cartographie")
    g.add((jeu, RDF.type, VOID.Dataset))
    g.add((jeu, DCTERMS.description, Literal(
        "Extrait du ROME 4.0 (v460, septembre 2025, France Travail) et du RNCP (export du 2026-02-01, France "
        "Compétences) : les fiches ROME alignées sur les métiers de la branche, leurs mobilités et les "
        "certifications qui citent leurs codes v3.", lang="fr")))
    _communs(g, jeu, equipe, contact)
    france_travail = _agent(g, ID["france-travail"], "France Travail", "NationalAuthority", "Autorité nationale")
    france_competences = _agent(g, ID["france-competences"], "France Compétences", "NationalAuthority",
                                "Autorité nationale")
    g.add((jeu, DCTERMS.creator, france_travail))
    g.add((jeu, DCTERMS.creator, france_competences))
    rome = _licence(g, LICENCE_ROME, "Licence Ouverte ROME (France Travail)")
    g.add((jeu, DCTERMS.license, rome))
    g.add((jeu, DCTERMS.license, LICENCE_OUVERTE))
    droits = _typer(g, ID["droits-referentiels"], DCTERMS.RightsStatement)
    g.add((droits, RDFS.label, Literal(
        "ROME : Licence Ouverte ROME de France Travail, mention « Source : France Travail, ROME 4.0 v460 (sept. "
        "2025) ». RNCP : Licence Ouverte 2.0 (Etalab), mention « France Compétences, RNCP/RS, export du "
        "2026-02-01 ».", lang="fr")))
    g.add((jeu, DCTERMS.rights, droits))
    g.add((jeu, VOID.vocabulary, URIRef(BASE + "def")))
    for mot in ("ROME", "RNCP", "certifications", "métiers"):
        g.add((jeu, DCAT.keyword, Literal(mot, lang="fr")))
    periode = _typer(g, ID["periode-referentiels"], DCTERMS.PeriodOfTime)
    g.add((periode, DCAT.startDate, Literal("2025-09-01", datatype=XSD.date)))
    g.add((periode, DCAT.endDate, Literal("2026-02-01", datatype=XSD.date)))
    g.add((jeu, DCTERMS.temporal, periode))
    distribution = _distribution(g, jeu, "referentiels.nt", "L'extrait en N-Triples.", None)
    g.add((distribution, DCTERMS.rights, droits))
    _compter_sur(g, jeu, compter_ntriples(texte))


def completer_comptes(publication: Graph) -> None:
    """Mesure les comptes VoID de la cartographie sur la publication finale (description comprise).

    Écrire un compte peut changer le nombre d'objets distincts (deux comptes égaux partagent un littéral) :
    on recommence jusqu'à ce que les comptes écrits soient ceux de la publication qui les contient."""
    for _ in range(10):
        comptes = compter(list(publication))
        _compter_sur(publication, ID["jeu-de-donnees"], comptes)
        if compter(list(publication)) == comptes:
            return
    raise RuntimeError("les comptes VoID ne se stabilisent pas")
