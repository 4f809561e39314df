"""La construction de la publication : charger, déduire, valider, décrire, écrire.

Tout est calculé en mémoire avant la première écriture : une entrée fautive ou une violation
laisse `export/` exactement comme il était.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from .charger import CONTEXTE_IRI, charger, charger_fichier, fichiers_rdf
from .erreurs import ErreurValidation
from .espaces import DCAT, ID, RACINE, VOID
from .exporter import contexte_jsonld, en_jsonld, en_ntriples, en_turtle, publier_fichiers
from .inferer import inferer
from .valider import Violation, valider

NOM = "cartographie"
DATE_PUBLICATION = date(2026, 11, 27)


@dataclass(frozen=True)
class Projet:
    racine: Path = RACINE

    @property
    def ontologie(self) -> Path:
        return self.racine / "ontologie"

    @property
    def donnees(self) -> Path:
        return self.racine / "donnees"

    @property
    def formes(self) -> Path:
        return self.racine / "shapes"

    @property
    def regles(self) -> list[Path]:
        return sorted((self.ontologie / "regles").glob("*.rq"))

    @property
    def requetes(self) -> Path:
        return self.racine / "requetes"

    @property
    def export(self) -> Path:
        return self.racine / "export"


@dataclass
class Construction:
    publication: Graph
    deductions: Graph
    violations: list[Violation]
    durees: dict[str, float] = field(default_factory=dict)


Progression = Callable[[str], None]


def _sur_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def _etape(nom: str, durees: dict[str, float], progression: Progression) -> Iterator[None]:
    debut = time.perf_counter()
    yield
    durees[nom] = time.perf_counter() - debut
    if durees[nom] >= 1.0:
        progression(f"  {nom} : {durees[nom]:.1f} s".replace(".", ","))


def charger_donnees(dossiers: list[Path]) -> tuple[Graph, dict[Node, Path]]:
    """Le graphe des données et, pour chaque sujet, le fichier qui le décrit (pour les rapports)."""
    graphe = Graph()
    origines: dict[Node, Path] = {}
    for fichier in fichiers_rdf(dossiers):
        lu = charger_fichier(fichier)
        for sujet in lu.subjects(unique=True):
            origines.setdefault(sujet, fichier)
        graphe += lu
    return graphe, origines


def description(publication: Graph) -> Graph:
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
    for extension, media in (("ttl", "text/turtle"), ("nt", "application/n-triples"),
                             ("jsonld", "application/ld+json")):
        distribution = ID[f"distribution-{extension}"]
        g.add((jeu, DCAT.distribution, distribution))
        g.add((jeu, VOID.dataDump, URIRef(f"https://w3id.org/metiers-assistance/{NOM}.{extension}")))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.mediaType, Literal(media)))
        g.add((distribution, DCAT.downloadURL,
               URIRef(f"https://w3id.org/metiers-assistance/{NOM}.{extension}")))
    return g


def construire(projet: Projet = Projet(), progression: Progression = _sur_stderr) -> Construction:
    """Calcule la publication en mémoire ; n'écrit rien."""
    durees: dict[str, float] = {}
    with _etape("lecture", durees, progression):
        ontologie = charger([projet.ontologie])
        donnees, origines = charger_donnees([projet.donnees])
        formes = charger([projet.formes])
    with _etape("déductions", durees, progression):
        deductions = inferer(ontologie, donnees, projet.regles)
    publication = ontologie + donnees + deductions
    with _etape("validation", durees, progression):
        violations = valider(publication, formes, origines)
    publication += description(publication)
    return Construction(publication, deductions, violations, durees)


def contenus_publies(construction: Construction) -> dict[str, str]:
    publication = construction.publication
    return {
        f"{NOM}.ttl": en_turtle(publication),
        f"{NOM}.nt": en_ntriples(publication),
        f"{NOM}.jsonld": en_jsonld(publication, CONTEXTE_IRI),
        "deductions.ttl": en_turtle(construction.deductions),
        "context.jsonld": _json(contexte_jsonld()),
    }


def _json(valeur: object) -> str:
    return json.dumps(valeur, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def publier(projet: Projet = Projet(), sortie: Path | None = None,
            progression: Progression = _sur_stderr) -> Construction:
    """Construit, refuse toute violation, puis écrit les fichiers dans `sortie`."""
    construction = construire(projet, progression)
    if construction.violations:
        raise ErreurValidation(
            f"{len(construction.violations)} violation(s) SHACL : rien n'a été écrit.\n"
            + "\n".join(v.en_texte() for v in construction.violations)
        )
    contenus = contenus_publies(construction)
    publier_fichiers(sortie or projet.export, contenus)
    return construction
