"""La description de la publication en DCAT (profil DCAT-AP 3.0) et VoID : un catalogue, deux jeux de
données (la cartographie de la branche ; l'extrait ROME/RNCP, qui vient d'autres producteurs sous leur
licence), leurs distributions et ce qu'elles contiennent.

Les comptes VoID sont ceux des fichiers publiés : la description fait partie de `cartographie.nt`, donc
elle est d'abord construite avec des comptes provisoires, puis les comptes sont mesurés sur la
publication complète (remplacer un nombre par un autre ne change ni le nombre de triplets ni les sujets).
Les formes officielles DCAT-AP 3.0 (`shapes.ttl`, `shapes_recommended.ttl`, `range.ttl`) doivent y
trouver zéro violation ; les avertissements qui restent sont expliqués dans `docs/publication.md`.

Ce qui est propre à la branche (titres, descriptions, licence, éditeur, auteur, contact, adresse de publication,
IRI de base, dates, période, thèmes, mots-clés, source) est une donnée : `donnees/branche.ttl`, ou la feuille
« Branche » d'un classeur. On n'ajoute ici que ce qui se calcule ou vaut pour toutes les branches : types,
langue et couverture, comptes VoID, distributions, libellés des vocabulaires de l'UE, extrait des référentiels.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from cartographie.erreurs import ErreurEntree
from cartographie.io.oxigraph import triplets
from cartographie.io.termes import RDF_TYPE
from cartographie.vocab import CMA, DCAT, DCATAP, GEOSPARQL, VOID

NOM = "cartographie"

EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"

LICENCE_OUVERTE = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")  # celle du RNCP
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


# Classes : les objets de rdf:type ; pour un autre prédicat, IF rend ?aucune, non liée, que COUNT ne compte pas.
_COMPTES = """SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?o) AS ?o) (COUNT(DISTINCT ?p) AS ?p)
  (COUNT(DISTINCT IF(?p = rdf:type, ?o, ?aucune)) AS ?c) WHERE { ?s ?p ?o }"""


def compter(magasin: ox.Store) -> Comptes:
    """Les comptes VoID du graphe par défaut d'un magasin pyoxigraph, comptés sans passer par Python.

    Un magasin Oxigraph range les nombres par leur valeur : « 0.80 »^^xsd:decimal y devient « 0.8 », et deux
    termes qui ne diffèrent que par là comptent pour un objet. Les extraits qu'écrivent nos imports n'ont que
    des formes canoniques ; la publication, qui garde les formes des fiches, est comptée par `compter_termes`."""
    ligne = next(iter(magasin.query(_COMPTES, prefixes={"rdf": str(RDF)})))  # type: ignore[arg-type]
    return Comptes(*(int(ligne[v].value) for v in ("t", "s", "o", "p", "c")))


def compter_ntriples(texte: str) -> Comptes:
    """Les comptes VoID d'un document N-Triples (l'extrait des référentiels : 96 000 triplets)."""
    magasin = ox.Store()
    magasin.bulk_load(texte.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return compter(magasin)


def compter_termes(triplets: set[ox.Triple]) -> Comptes:
    """Les comptes VoID d'un ensemble de triplets pyoxigraph, terme à terme."""
    return Comptes(len(triplets), len({t.subject for t in triplets}), len({t.object for t in triplets}),
                   len({t.predicate for t in triplets}), len({t.object for t in triplets if t.predicate == RDF_TYPE}))


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


# Libellés des concepts de l'UE et d'ADMS que la description peut citer ; un concept absent de cette table
# (choisi par une autre branche) prend son nom local.
LIBELLES = {
    EU + "data-theme/EDUC": "Éducation, culture et sport",
    EU + "data-theme/ECON": "Économie et finances",
    EU + "data-theme/SOCI": "Population et société",
    EU + "data-theme/GOVE": "Gouvernement et secteur public",
    str(STABLE): "stable",
    "http://purl.org/adms/publishertype/NonProfitOrganisation": "Organisation à but non lucratif",
    "http://purl.org/adms/publishertype/IndustryConsortium": "Consortium professionnel",
    "http://purl.org/adms/publishertype/NationalAuthority": "Autorité nationale",
    "http://purl.org/adms/publishertype/Company": "Entreprise",
    "http://purl.org/adms/licencetype/Attribution": "Attribution",
}


def _concept(g: Graph, iri: str, libelle: str | None = None) -> URIRef:
    """Un concept d'un vocabulaire contrôlé, dans son schéma (les formes du projet et DCAT-AP le demandent)."""
    libelle = libelle or LIBELLES.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]
    concept = _typer(g, URIRef(iri), SKOS.Concept, prefLabel=libelle)
    schema, titre = next(v for prefixe, v in SCHEMAS.items() if iri.startswith(prefixe))
    g.add((concept, SKOS.inScheme, _typer(g, URIRef(schema), SKOS.ConceptScheme, title=titre)))
    return concept


def _agent(g: Graph, iri: URIRef, nom: str, type_: str) -> URIRef:
    _typer(g, iri, FOAF.Agent, name=nom)
    g.add((iri, RDF.type, FOAF.Organization))
    g.add((iri, DCTERMS.type, _concept(g, f"http://purl.org/adms/publishertype/{type_}")))
    return iri


def _licence(g: Graph, iri: URIRef, titre: str) -> URIRef:
    _typer(g, iri, DCTERMS.LicenseDocument, title=titre)
    g.add((iri, DCTERMS.type, _concept(g, "http://purl.org/adms/licencetype/Attribution")))
    return iri


@dataclass(frozen=True)
class Branche:
    """Ce que les données de la branche disent de sa publication (`donnees/branche.ttl`)."""

    catalogue: URIRef
    jeu: URIRef
    base: str  # void:uriSpace : début des IRI des données
    adresse: str  # dcat:landingPage : où les fichiers publiés se téléchargent
    licence: URIRef
    editeur: URIRef
    contact: URIRef | None

    def iri(self, nom: str) -> URIRef:
        return URIRef(self.base + nom)


def _une(donnees: Graph, classe: URIRef, quoi: str) -> URIRef:
    trouves = sorted(s for s in donnees.subjects(RDF.type, classe) if isinstance(s, URIRef))
    if len(trouves) != 1:
        raise ErreurEntree(f"les données doivent décrire exactement un {quoi} ({classe.n3(donnees.namespace_manager)}), "
                           f"trouvé {len(trouves)} : voir donnees/branche.ttl (ou la feuille Branche du classeur).")
    return trouves[0]


def jeu_de_donnees(donnees: Graph) -> URIRef:
    """Le jeu de données de la branche, celui qui la nomme (`cma:nomBranche`) : il doit y en avoir un seul."""
    jeux = sorted(s for s in donnees.subjects(RDF.type, DCAT.Dataset)
                  if isinstance(s, URIRef) and (s, CMA.nomBranche, None) in donnees)
    if len(jeux) != 1:
        raise ErreurEntree(f"les données doivent décrire exactement un jeu de données (dcat:Dataset) avec le nom "
                           f"(cma:nomBranche), la licence et l'éditeur de la branche, trouvé {len(jeux)} : "
                           "voir donnees/branche.ttl (ou la feuille Branche du classeur).")
    return jeux[0]


def branche(donnees: Graph) -> Branche:
    """Lit dans les données ce que la description publie de la branche ; refuse ce qui manque."""
    jeu = jeu_de_donnees(donnees)
    catalogue = _une(donnees, DCAT.Catalog, "catalogue")
    valeurs = {p: donnees.value(jeu, p) for p in (VOID.uriSpace, DCAT.landingPage, DCTERMS.license, DCTERMS.publisher)}
    manquent = [p.n3(donnees.namespace_manager) for p, v in valeurs.items() if v is None]
    if manquent:
        raise ErreurEntree(f"<{jeu}> : {', '.join(manquent)} obligatoire(s) (IRI de base, adresse de publication, "
                           "licence, éditeur) : voir donnees/branche.ttl.")
    contact = donnees.value(jeu, DCAT.contactPoint)
    return Branche(catalogue, jeu, str(valeurs[VOID.uriSpace]), str(valeurs[DCAT.landingPage]),
                   URIRef(valeurs[DCTERMS.license]), URIRef(valeurs[DCTERMS.publisher]),
                   URIRef(contact) if contact is not None else None)


def _distribution(g: Graph, b: Branche, jeu: URIRef, fichier: str, description: str,
                  licence: URIRef | None) -> URIRef:
    extension = fichier.rsplit(".", 1)[1]
    media, type_ue, nom_format = FORMATS[extension]
    distribution = b.iri(f"distribution-{fichier.replace('.', '-')}")
    url = URIRef(b.adresse + fichier)
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
    g.add((distribution, DCATAP.availability, _concept(g, str(STABLE))))
    if licence is not None:
        g.add((distribution, DCTERMS.license, licence))
    return distribution


_PROPRIETES_COMPTES = (VOID.triples, VOID.distinctSubjects, VOID.distinctObjects, VOID.properties, VOID.classes)


def _compter_sur(g: Graph, jeu: URIRef, comptes: Comptes) -> None:
    for propriete, valeur in zip(_PROPRIETES_COMPTES, astuple(comptes), strict=True):
        g.set((jeu, propriete, Literal(valeur, datatype=XSD.integer)))


def _editoriaux(g: Graph, publication: Graph, b: Branche, ressource: URIRef) -> None:
    """Ce que le catalogue et chaque jeu de données disent de même : éditeur, langue, couverture, dates
    (celles du jeu de la branche)."""
    g.add((ressource, DCTERMS.publisher, b.editeur))
    g.add((ressource, DCTERMS.language, FRANCAIS))
    g.add((ressource, DCTERMS.spatial, FRANCE))
    for propriete in (DCTERMS.issued, DCTERMS.modified):
        for date in publication.objects(b.jeu, propriete):
            g.add((ressource, propriete, date))


def _communs(g: Graph, publication: Graph, b: Branche, jeu: URIRef) -> None:
    _editoriaux(g, publication, b, jeu)
    if b.contact is not None:
        g.add((jeu, DCAT.contactPoint, b.contact))
    g.add((jeu, DCAT.landingPage, _typer(g, URIRef(b.adresse), FOAF.Document)))
    for theme in sorted(publication.objects(b.jeu, DCAT.theme)):
        g.add((jeu, DCAT.theme, _concept(g, str(theme))))


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


def _types_des_agents(g: Graph, publication: Graph, agents: set[URIRef]) -> None:
    """Les types ADMS des agents et des licences que cite la branche : leurs concepts, dans leur schéma."""
    for ressource in sorted(agents):
        for type_ in publication.objects(ressource, DCTERMS.type):
            if isinstance(type_, URIRef) and any(str(type_).startswith(p) for p in SCHEMAS):
                _concept(g, str(type_))


def description(publication: Graph, referentiels: str, comptes_referentiels: Comptes | None = None) -> Graph:
    """Le catalogue DCAT de la publication ; les comptes VoID de la cartographie restent à mesurer
    (`completer_comptes`) sur la publication qui inclut cette description. Les comptes de l'extrait
    `referentiels` (N-Triples) sont mesurés ici si l'appelant, qui l'a déjà chargé, ne les donne pas."""
    g = Graph()
    b = branche(publication)
    jeu = b.jeu
    _typer(g, FRANCE, DCTERMS.Location, label="France")
    g.add((FRANCE, DCAT.centroid, Literal("POINT(2.2137 46.2276)", datatype=GEOSPARQL.wktLiteral)))
    g.add((FRANCE, DCAT.bbox, Literal("POLYGON((-5.2 41.3,9.6 41.3,9.6 51.1,-5.2 51.1,-5.2 41.3))",
                                      datatype=GEOSPARQL.wktLiteral)))
    _typer(g, FRANCAIS, DCTERMS.LinguisticSystem, label="français")
    agents = {b.editeur, b.licence, *(o for o in publication.objects(jeu, DCTERMS.creator) if isinstance(o, URIRef))}
    _types_des_agents(g, publication, agents)

    g.add((b.catalogue, DCAT.themeTaxonomy, THEMES))
    g.add((b.catalogue, FOAF.homepage, URIRef(b.adresse)))
    g.add((b.catalogue, DCTERMS.license, b.licence))
    _editoriaux(g, publication, b, b.catalogue)
    g.add((b.catalogue, DCAT.dataset, jeu))

    g.add((jeu, RDF.type, VOID.Dataset))
    _communs(g, publication, b, jeu)
    g.add((jeu, VOID.vocabulary, URIRef(str(CMA).rstrip("#"))))
    for extension in FORMATS:
        _distribution(g, b, jeu, f"{NOM}.{extension}", f"La cartographie en {FORMATS[extension][2]}.", b.licence)
    _compter_sur(g, jeu, Comptes(0, 0, 0, 0, 0))

    if referentiels:
        _referentiels(g, publication, b, comptes_referentiels or compter_ntriples(referentiels))
    _titres_des_schemas(publication, g)
    return g


def _referentiels(g: Graph, publication: Graph, b: Branche, comptes: Comptes) -> None:
    """L'extrait des référentiels nationaux, commun à toutes les branches, publié à côté de leur cartographie."""
    jeu = b.iri("jeu-de-donnees-referentiels")
    g.add((b.catalogue, DCAT.dataset, jeu))
    _typer(g, jeu, DCAT.Dataset, title="Extrait du ROME 4.0 et du RNCP aligné sur la cartographie")
    g.add((jeu, RDF.type, VOID.Dataset))
    g.add((jeu, DCTERMS.description, Literal(
        "Extrait du ROME 4.0 (v460, septembre 2025, France Travail) et du RNCP (export du 2026-02-01, France "
        "Compétences) : les fiches ROME alignées sur les métiers de la branche, leurs mobilités et les "
        "certifications qui citent leurs codes v3.", lang="fr")))
    _communs(g, publication, b, jeu)
    france_travail = _agent(g, b.iri("france-travail"), "France Travail", "NationalAuthority")
    france_competences = _agent(g, b.iri("france-competences"), "France Compétences", "NationalAuthority")
    g.add((jeu, DCTERMS.creator, france_travail))
    g.add((jeu, DCTERMS.creator, france_competences))
    rome = _licence(g, LICENCE_ROME, "Licence Ouverte ROME (France Travail)")
    g.add((jeu, DCTERMS.license, rome))
    g.add((jeu, DCTERMS.license, _licence(g, LICENCE_OUVERTE, "Licence Ouverte 2.0 (Etalab)")))
    droits = _typer(g, b.iri("droits-referentiels"), DCTERMS.RightsStatement)
    g.add((droits, RDFS.label, Literal(
        "ROME : Licence Ouverte ROME de France Travail, mention « Source : France Travail, ROME 4.0 v460 (sept. "
        "2025) ». RNCP : Licence Ouverte 2.0 (Etalab), mention « France Compétences, RNCP/RS, export du "
        "2026-02-01 ».", lang="fr")))
    g.add((jeu, DCTERMS.rights, droits))
    g.add((jeu, VOID.vocabulary, URIRef(str(CMA).rstrip("#"))))
    for mot in ("ROME", "RNCP", "certifications", "métiers"):
        g.add((jeu, DCAT.keyword, Literal(mot, lang="fr")))
    periode = _typer(g, b.iri("periode-referentiels"), DCTERMS.PeriodOfTime)
    g.add((periode, DCAT.startDate, Literal("2025-09-01", datatype=XSD.date)))
    g.add((periode, DCAT.endDate, Literal("2026-02-01", datatype=XSD.date)))
    g.add((jeu, DCTERMS.temporal, periode))
    distribution = _distribution(g, b, jeu, "referentiels.nt", "L'extrait en N-Triples.", None)
    g.add((distribution, DCTERMS.rights, droits))
    _compter_sur(g, jeu, comptes)


def completer_comptes(publication: Graph, image: set[ox.Triple] | None = None) -> set[ox.Triple]:
    """Mesure les comptes VoID de la cartographie sur la publication finale (description comprise).

    Écrire un compte peut changer le nombre d'objets distincts (deux comptes égaux partagent un littéral) :
    on recommence jusqu'à ce que les comptes écrits soient ceux de la publication qui les contient. Les comptes
    portent sur une copie de la publication en termes pyoxigraph, tenue à jour des seuls triplets de comptes
    (0,9 → 0,1 s : les termes de rdflib se hachent en Python). Cette copie, l'image exacte de la publication finale,
    est rendue : les écrivains du Turtle, du N-Triples et du JSON-LD la reprennent sans retraduire la publication.
    `image` : cette copie, si l'appelant la tient déjà (la construction) ; elle n'est pas modifiée."""
    jeu = jeu_de_donnees(publication)
    copie = set(triplets(publication)) if image is None else image  # la boucle en fait d'abord une autre
    jeu_ox = ox.NamedNode(str(jeu))
    proprietes = {ox.NamedNode(str(p)) for p in _PROPRIETES_COMPTES}
    for _ in range(10):
        comptes = compter_termes(copie)
        _compter_sur(publication, jeu, comptes)
        copie = {t for t in copie if t.subject != jeu_ox or t.predicate not in proprietes}
        copie.update(triplets(t for p in _PROPRIETES_COMPTES for t in publication.triples((jeu, p, None))))
        if compter_termes(copie) == comptes:
            return copie
    raise RuntimeError("les comptes VoID ne se stabilisent pas")
