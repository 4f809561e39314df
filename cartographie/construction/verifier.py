"""`cartographie validate` : des fichiers RDF validés par les formes du projet.

Une **publication intacte** porte déjà ses déductions : un seul fichier Turtle ou N-Triples dont un jeu de données
déclare par son compte VoID (`void:triples`, mesuré par `build` sur la publication qui le contient) exactement le
nombre de triplets lus, et qui porte le vocabulaire. Elle est validée telle qu'un intégrateur la reçoit, lue par
pyoxigraph et validée par rudof sans charger rdflib ni recalculer les déductions : 2,2 → 0,5 s pour la publication
de la branche (docs/performances.md). Tout autre fichier (les données d'une branche, une publication modifiée,
plusieurs fichiers) passe d'abord par les déductions de la construction, comme avant.

Ce module n'importe rdflib que pour ce chemin-là, pour pySHACL (`--moteur pyshacl`), ou pour rapporter les
violations d'une publication intacte (fichier d'origine et contexte), qu'il valide alors une seconde fois.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from cartographie.erreurs import ErreurEntree
from cartographie.io.fichiers import FORMATS, FORMATS_OXIGRAPH, fichier_ordinaire, fichiers_rdf, lire_texte
from cartographie.io.termes import RDF_TYPE

if TYPE_CHECKING:
    from cartographie.construction.valider import Violation
    from cartographie.projet import Projet

_SKOS_SCHEMA = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
_VOID_DATASET = ox.NamedNode("http://rdfs.org/ns/void#Dataset")
_VOID_TRIPLES = ox.NamedNode("http://rdfs.org/ns/void#triples")
_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
# Les cibles des alignements : fiches ROME et occupations ESCO.
_CIBLES = frozenset({ox.NamedNode("https://w3id.org/metiers-assistance/def#FicheRome"),
                     ox.NamedNode("http://data.europa.eu/esco/model#Occupation")})
_FINS_DES_CIBLES = tuple(f"<{c.value}> .".encode() for c in _CIBLES)


def _lignes(ntriples: bytes, motif: bytes) -> Iterator[bytes]:
    """Les lignes qui contiennent `motif`, trouvées par `bytes.find` (en C) plutôt qu'en découpant tout le texte."""
    i = ntriples.find(motif)
    while i >= 0:
        fin = ntriples.find(b"\n", i)
        yield ntriples[ntriples.rfind(b"\n", 0, i) + 1: fin if fin >= 0 else len(ntriples)]
        i = ntriples.find(motif, fin) if fin >= 0 else -1


def fiches_de_l_extrait(ntriples: bytes) -> list[ox.Quad]:
    """Le type et le schéma (`skos:inScheme`) des fiches ROME et des occupations ESCO de l'extrait des
    référentiels, dont les formes ont besoin pour dire si un alignement vise un concept qui existe.

    L'extrait est un N-Triples écrit par pyoxigraph (`extraire-referentiels`) : un triplet par ligne, chaque terme
    écrit en entier, séparé par une espace. On ne lit donc que les lignes de ces deux prédicats (26 000 sur
    96 000), et on n'analyse que celles des sujets qu'une ligne de type désigne comme fiche (178) : 0,36 s → 0,05 s
    par rapport au chargement de tout l'extrait dans un magasin. Le tri final porte sur les triplets analysés."""
    lignes = [ligne for motif in (b"22-rdf-syntax-ns#type> ", b"skos/core#inScheme> ")
              for ligne in _lignes(ntriples, motif)]
    sujets = {ligne.split(b" ", 1)[0] for ligne in lignes if ligne.rstrip().endswith(_FINS_DES_CIBLES)}
    candidats = [t for t in ox.parse(b"\n".join(ligne for ligne in lignes if ligne.split(b" ", 1)[0] in sujets),
                                     format=ox.RdfFormat.N_TRIPLES)
                 if t.predicate in (RDF_TYPE, _SKOS_SCHEMA)]
    fiches = {t.subject for t in candidats if t.predicate == RDF_TYPE and t.object in _CIBLES}
    return [t for t in candidats if t.subject in fiches]  # type: ignore[misc]


def publication_intacte(chemins: list[Path]) -> list[ox.Quad] | None:
    """Les triplets de `chemins` s'ils sont une publication intacte (voir plus haut), sinon None. Un document
    que pyoxigraph refuse n'en est pas une : le chemin ordinaire le relira pour en donner l'erreur localisée."""
    # Les erreurs habituelles d'abord (fichier absent ou spécial, dossier sans fichier RDF) ; un dossier n'est pas
    # une publication (il peut contenir des tables SSSOM, que seul le chemin ordinaire lit).
    format_ = FORMATS_OXIGRAPH.get(FORMATS.get(chemins[0].suffix.lower(), "")) if len(chemins) == 1 else None
    if fichiers_rdf(chemins) != chemins or format_ is None:
        return None
    chemin = chemins[0]
    try:
        lus = set(ox.parse(lire_texte(chemin), format=format_, base_iri=chemin.resolve().as_uri()))
    except SyntaxError:
        return None
    jeux = {t.subject for t in lus if t.predicate == RDF_TYPE and t.object == _VOID_DATASET}
    declares = {t.object.value for t in lus if t.predicate == _VOID_TRIPLES and t.subject in jeux}
    vocabulaire = any(t.predicate == RDF_TYPE and t.object == _OWL_ONTOLOGY for t in lus)
    return list(lus) if vocabulaire and str(len(lus)) in declares else None  # type: ignore[arg-type]


def lire_extrait_publie(chemin: Path) -> tuple[bytes, list[ox.Quad]]:
    """Le texte N-Triples de l'extrait des référentiels et le type de ses fiches (`fiches_de_l_extrait`) ; une
    erreur de lecture ou de syntaxe devient une erreur en français qui nomme le fichier."""
    try:
        octets = fichier_ordinaire(chemin).read_bytes()
    except OSError as e:
        raise ErreurEntree(f"{chemin} : lecture impossible ({e.strerror or e}).") from None
    try:
        return octets, fiches_de_l_extrait(octets)
    except SyntaxError as e:
        raise ErreurEntree(f"{chemin} : N-Triples invalide ({e}).") from None


def valider_fichiers(projet: Projet, chemins: list[Path], moteur: str = "rudof") -> tuple[int, list[Violation]]:
    """Le nombre de triplets validés et les violations des formes du projet dans `chemins` (fichiers ou dossiers),
    avec le type des fiches ROME de l'extrait publié à côté (`export/referentiels.nt`). Une publication intacte est
    validée telle quelle ; tout le reste après les déductions de la construction, avec le vocabulaire du projet
    s'il ne le porte pas. `moteur` : voir `construire.valider_graphes`."""
    extrait = projet.export / "referentiels.nt"
    fiches = lire_extrait_publie(extrait)[1] if extrait.exists() else []
    publication = publication_intacte(chemins)
    if publication is not None and moteur == "rudof":
        from cartographie.construction.rudof import valider_rudof

        if not valider_rudof([publication, fiches], projet.formes):
            return len(set(publication).union(fiches)), []
    # rdflib lit : pour les déductions, pour pySHACL, ou pour rapporter les violations d'une publication intacte
    # (le fichier et le contexte de chacune), qu'on valide alors une seconde fois.
    from rdflib.namespace import OWL, RDF

    from cartographie.construction.construire import charger_donnees, valider_graphes
    from cartographie.construction.inferer import inferer
    from cartographie.io.oxigraph import vers_rdflib
    from cartographie.io.rdf import charger
    from cartographie.progression import etape

    donnees, origines, _ = charger_donnees(chemins)
    if publication is None:
        ontologie = charger([projet.ontologie])
        if (None, RDF.type, OWL.Ontology) not in donnees:
            donnees += ontologie
        with etape("déductions"):
            donnees += inferer(ontologie, donnees, projet.regles)
    vers_rdflib(fiches, donnees)
    with etape("validation SHACL"):
        return len(donnees), valider_graphes([donnees], projet, origines, moteur)
