"""Déductions de la publication : règles SPARQL du dépôt, formes genrées, puis OWL 2 RL (owlrl).

owlrl calcule la clôture complète, dont la taille croît plus vite que le graphe et qui contient
beaucoup de bruit (owl:sameAs réflexifs, types owl:Thing, axiomes du langage). On ne lui donne
que l'ontologie et les triplets dont ses règles ont besoin, puis on ne garde que les
triplets nouveaux utiles sur nos propres ressources. Un test vérifie que le résultat est le même
qu'avec le graphe entier.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .espaces import CMA, ID
from .genre import formes_genrees

_AXIOMES = (
    RDFS.subPropertyOf,
    RDFS.subClassOf,
    OWL.inverseOf,
    OWL.equivalentProperty,
    OWL.propertyChainAxiom,
)
_CARACTERISTIQUES = (
    OWL.SymmetricProperty,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
)
_TYPES_UTILES = ("https://w3id.org/metiers-assistance/def#", str(SKOS), "https://schema.org/",
                 "http://www.w3.org/ns/prov#", "http://xmlns.com/foaf/0.1/")


def appliquer_regles(donnees: Graph, regles: list[Path]) -> Graph:
    """Les triplets produits par les requêtes CONSTRUCT de `regles` sur `donnees`."""
    produit = Graph()
    for regle in sorted(regles):
        for triple in donnees.query(regle.read_text(encoding="utf-8")):
            produit.add(triple)  # type: ignore[arg-type]
    return produit


def libelles_genres(donnees: Graph) -> Graph:
    """cma:libelleMasculin / cma:libelleFeminin pour chaque intitulé en notation inclusive."""
    produit = Graph()
    for classe in (CMA.Metier, CMA.MetierSpecialise, CMA.MetierHorsNomenclature, CMA.Emploi):
        for sujet in donnees.subjects(RDF.type, classe):
            for libelle in donnees.objects(sujet, SKOS.prefLabel):
                formes = formes_genrees(str(libelle))
                if formes is not None:
                    langue = getattr(libelle, "language", None)
                    produit.add((sujet, CMA.libelleMasculin, Literal(formes.masculin, lang=langue)))
                    produit.add((sujet, CMA.libelleFeminin, Literal(formes.feminin, lang=langue)))
    return produit


def _proprietes_utilisees(ontologie: Graph) -> set[URIRef]:
    proprietes: set[URIRef] = set()
    for axiome in _AXIOMES:
        for s, o in ontologie.subject_objects(axiome):
            proprietes.update(x for x in (s, o) if isinstance(x, URIRef))
    for caracteristique in _CARACTERISTIQUES:
        proprietes.update(
            s for s in ontologie.subjects(RDF.type, caracteristique) if isinstance(s, URIRef)
        )
    return proprietes


def axiomes_sans_domaines(ontologie: Graph) -> Graph:
    """L'ontologie sans rdfs:domain ni rdfs:range.

    Domaines et co-domaines documentent le vocabulaire, mais raisonner avec eux masquerait des
    erreurs : une famille mal tapée (id:famille-10) deviendrait une famille, au lieu d'être
    signalée comme inexistante par les formes SHACL.
    """
    axiomes = Graph()
    for s, p, o in ontologie:
        if p not in (RDFS.domain, RDFS.range):
            axiomes.add((s, p, o))
    return axiomes


def entree_reduite(ontologie: Graph, donnees: Graph) -> Graph:
    """Les axiomes et les seuls triplets de données que les règles OWL 2 RL peuvent utiliser."""
    proprietes = _proprietes_utilisees(ontologie)
    reduit = axiomes_sans_domaines(ontologie)
    for s, p, o in donnees:
        if p in proprietes or p == RDF.type:
            reduit.add((s, p, o))
    return reduit


def _utile(triple: tuple, deja: Graph) -> bool:
    s, p, o = triple
    if triple in deja or not isinstance(s, URIRef) or not str(s).startswith(str(ID)):
        return False
    if p in (OWL.sameAs, OWL.differentFrom):
        return False
    if p == RDF.type:
        return isinstance(o, URIRef) and str(o).startswith(_TYPES_UTILES)
    return True


def cloture_owl(entree: Graph, asserte: Graph) -> Graph:
    """Les triplets OWL 2 RL déduits de `entree` qui sont utiles et absents de `asserte`."""
    travail = Graph()
    travail += entree
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(travail)
    return _filtrer(travail, asserte)


def _filtrer(cloture: Graph, asserte: Graph) -> Graph:
    utiles = Graph()
    for triple in cloture:
        if _utile(triple, asserte):
            utiles.add(triple)
    return utiles


def inferer(ontologie: Graph, donnees: Graph, regles: list[Path]) -> Graph:
    """Graphe des seules déductions utiles (règles, formes genrées, OWL 2 RL), sans l'asserté."""
    derive = appliquer_regles(donnees, regles) + libelles_genres(donnees)
    complet = donnees + derive
    asserte = ontologie + donnees
    deduit = cloture_owl(entree_reduite(ontologie, complet), asserte)
    for triple in derive:
        if triple not in asserte:
            deduit.add(triple)
    return deduit
