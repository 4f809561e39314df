"""Espaces de noms, préfixes et contexte JSON-LD, en un seul endroit pour que tout module les partage."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

CMA = Namespace("https://w3id.org/metiers-assistance/def#")
ID = Namespace("https://w3id.org/metiers-assistance/id/")
CMASH = Namespace("https://w3id.org/metiers-assistance/shapes#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
# SSSOM/RDF : jeux et correspondances réifiées, justifications semapv, auteurs PAV.
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
PAV = Namespace("http://purl.org/pav/")
SKOSXL = Namespace("http://www.w3.org/2008/05/skos-xl#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")

PREFIXES: dict[str, Namespace] = {
    "cma": CMA,
    "id": ID,
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "qb": QB,
    "schema": SCHEMA,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "dcat": DCAT,
    "void": VOID,
    "sssom": SSSOM,
    "semapv": SEMAPV,
    # Liés explicitement : un espace sans préfixe reçoit de rdflib un « ns1 » qui dépend de l'ordre des
    # triplets, donc du hachage du processus, et la publication ne serait plus identique d'un build à l'autre.
    "pav": PAV,
    "skosxl": SKOSXL,
    "sdmx-dimension": SDMX_DIMENSION,
    # Ceux de la description DCAT-AP (sinon rdflib invente ns1, ns2… dans un ordre qui change d'un processus à l'autre).
    "foaf": Namespace(str(FOAF)),
    "vcard": VCARD,
    "dcatap": DCATAP,
    "geo": GEOSPARQL,
    "vann": Namespace("http://purl.org/vocab/vann/"),
}

# Les référentiels importés (ROME, RNCP) et le cadre européen des certifications.
REF = Namespace("https://w3id.org/metiers-assistance/ref/")
EQF = Namespace("http://data.europa.eu/snb/eqf/")
ESCO = Namespace("http://data.europa.eu/esco/")
ESCO_MODELE = Namespace("http://data.europa.eu/esco/model#")

CONTEXTE_IRI = "https://w3id.org/metiers-assistance/context.jsonld"


def contexte_jsonld() -> dict[str, object]:
    return {"@context": {prefixe: str(espace) for prefixe, espace in sorted(PREFIXES.items())}}
