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

import pyoxigraph as ox
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from .alignements import en_rdf, lire_sssom
from .charger import CONTEXTE_IRI, charger, charger_fichier, fichiers_rdf
from .erreurs import ErreurEntree, ErreurValidation
from .espaces import CMA, DCAT, ID, RACINE, VOID
from .exporter import contexte_jsonld, en_jsonld, en_ntriples, en_turtle, publier_fichiers
from .inferer import inferer
from .valider import Violation, valider

NOM = "cartographie"
# L'extrait des référentiels (donnees/referentiels/) est publié à côté, tel quel : 40 000 triplets de
# données de référence, contrôlés par SHACL quand `extraire-referentiels` les produit, qui
# quintupleraient le temps de construction s'ils passaient par les déductions et la validation.
DOSSIER_REFERENTIELS = "referentiels"
EXTRAIT = "rome-rncp.nt"
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
    def extrait(self) -> Path:
        return self.donnees / DOSSIER_REFERENTIELS / EXTRAIT

    @property
    def export(self) -> Path:
        return self.racine / "export"


@dataclass
class Construction:
    publication: Graph
    deductions: Graph
    violations: list[Violation]
    referentiels: str = ""
    fiches_rome: Graph = field(default_factory=Graph)
    durees: dict[str, float] = field(default_factory=dict)

    @property
    def validee(self) -> Graph:
        """Ce que les formes ont validé : la publication et le type des fiches ROME de l'extrait."""
        return self.publication + self.fiches_rome


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
    """Le graphe des données et, pour chaque sujet, le fichier qui le décrit (pour les rapports).
    Les tables d'alignement SSSOM (`*.sssom.tsv`) y entrent comme relations SKOS."""
    graphe = Graph()
    origines: dict[Node, Path] = {}
    tables = sorted(p for d in dossiers if d.is_dir() for p in d.rglob("*.sssom.tsv"))
    fichiers = [f for f in fichiers_rdf(dossiers) if DOSSIER_REFERENTIELS not in f.parts]
    lus = [(f, charger_fichier(f)) for f in fichiers] + [(t, en_rdf(lire_sssom(t))) for t in tables]
    for fichier, lu in lus:
        for sujet in lu.subjects(unique=True):
            origines.setdefault(sujet, fichier)
        graphe += lu
    return graphe, origines


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


def construire(projet: Projet = Projet(), progression: Progression = _sur_stderr) -> Construction:
    """Calcule la publication en mémoire ; n'écrit rien."""
    durees: dict[str, float] = {}
    with _etape("lecture", durees, progression):
        ontologie = charger([projet.ontologie])
        donnees, origines = charger_donnees([projet.donnees])
        formes = charger([projet.formes])
        referentiels, fiches_rome = lire_extrait(projet.extrait)
    with _etape("déductions", durees, progression):
        deductions = inferer(ontologie, donnees, projet.regles)
    publication = ontologie + donnees + deductions
    with _etape("validation", durees, progression):
        violations = valider(publication + fiches_rome, formes, origines)
    publication += description(publication, bool(referentiels))
    return Construction(publication, deductions, violations, referentiels, fiches_rome, durees)


def lire_extrait(chemin: Path) -> tuple[str, Graph]:
    """Le texte N-Triples de l'extrait (vérifié par pyoxigraph) et le type et le schéma des fiches ROME
    qu'il contient, dont les formes ont besoin pour dire si un alignement vise une fiche qui existe."""
    if not chemin.exists():
        return "", Graph()
    texte = chemin.read_text(encoding="utf-8")
    try:
        triplets = list(ox.parse(texte, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as e:
        raise ErreurEntree(f"{chemin} : N-Triples invalide ({e}).") from None
    fiches = {t.subject.value for t in triplets
              if t.predicate.value == str(RDF.type) and t.object.value == str(CMA.FicheRome)}
    utiles = {str(RDF.type), str(SKOS.inScheme)}
    types = Graph()
    for t in triplets:
        if t.subject.value in fiches and t.predicate.value in utiles:
            types.add((URIRef(t.subject.value), URIRef(t.predicate.value), URIRef(t.object.value)))
    return texte, types


def contenus_publies(construction: Construction) -> dict[str, str]:
    publication = construction.publication
    return {
        f"{NOM}.ttl": en_turtle(publication),
        f"{NOM}.nt": en_ntriples(publication),
        f"{NOM}.jsonld": en_jsonld(publication, CONTEXTE_IRI),
        "deductions.ttl": en_turtle(construction.deductions),
        "context.jsonld": _json(contexte_jsonld()),
        **({"referentiels.nt": construction.referentiels} if construction.referentiels else {}),
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
