"""Déductions de la publication : règles SPARQL du dépôt, formes genrées, puis OWL 2 RL (owlrl).

owlrl calcule la clôture complète, dont la taille croît plus vite que le graphe et qui contient
beaucoup de bruit (owl:sameAs réflexifs, types owl:Thing, axiomes du langage). On ne lui donne
que l'ontologie et les triplets dont ses règles ont besoin, puis on ne garde que les
triplets nouveaux utiles sur nos propres ressources. Un test vérifie que le résultat est le même
qu'avec le graphe entier.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from pathlib import Path

import owlrl
import pyoxigraph as ox
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cartographie.fond import en_fond
from cartographie.io.oxigraph import construire, magasin, quads, vers_rdflib
from cartographie.sources.niveaux import eqf_iri, niveau_requis
from cartographie.texte import formes_genrees
from cartographie.vocab import CMA, ID, SKOSXL, VOID

# Les seuls axiomes dont les règles OWL 2 RL tirent des triplets utiles ici. Les propriétés
# fonctionnelles ne produisent que des owl:sameAs (écartés) ; domaines et co-domaines, voir
# `axiomes`.
_AXIOMES = (
    RDFS.subPropertyOf,
    RDFS.subClassOf,
    OWL.inverseOf,
    OWL.equivalentProperty,
    OWL.equivalentClass,
)
_CARACTERISTIQUES = (OWL.SymmetricProperty, OWL.TransitiveProperty)
_TYPES_UTILES = ("https://w3id.org/metiers-assistance/def#", str(SKOS), "https://schema.org/",
                 "http://www.w3.org/ns/prov#", "http://xmlns.com/foaf/0.1/", str(SKOSXL))


def appliquer_regles(donnees: Graph | Iterable[ox.Triple], regles: list[Path]) -> Graph:
    """Les triplets produits par les requêtes CONSTRUCT de `regles`, appliquées dans l'ordre de leurs noms :
    chacune voit ce qu'ont produit les précédentes (les parts d'effectif ont besoin des sommes). `donnees` : le
    graphe, ou son image pyoxigraph si l'appelant l'a déjà."""
    produit = Graph()
    # Posées à pyoxigraph : la somme des effectifs prend 1,6 s à l'évaluateur de rdflib, 10 ms ici.
    travail = magasin(donnees)
    for regle in sorted(regles):
        nouveaux = construire(travail, regle.read_text(encoding="utf-8"))
        if len(nouveaux):
            produit += nouveaux
            travail.extend(quads(nouveaux))
    return produit


# Le graphe nommé où la publication entre, le temps des règles, dans le magasin de l'extrait.
_PUBLICATION = ox.NamedNode("urn:x-cartographie:publication")


def lancer_bilans(graphes: list[Graph | Iterable[ox.Triple]], extrait: ox.Store,
                  regles: list[Path]) -> Callable[[], Graph]:
    """Les triplets des règles qui lisent aussi l'extrait des référentiels (les bilans des certifications), posées au
    magasin de l'extrait, où les graphes entrent le temps du calcul (recharger l'extrait coûterait 0,3 s). En deux
    temps : les graphes entrent dans le magasin tout de suite (une traduction, en Python), puis
    pyoxigraph évalue les règles dans un fil, sans le verrou global (0,2 s), pendant que la construction réunit la
    publication ; la fonction rendue attend les triplets. Le magasin de l'extrait n'est pas touché entre-temps."""
    try:
        extrait.extend(q for g in graphes for q in quads(g, _PUBLICATION))
    except BaseException:  # une traduction interrompue ne laisse pas de graphe partiel dans l'extrait (le bench le réutilise)
        extrait.remove_graph(_PUBLICATION)
        raise

    def calculer() -> Graph:
        produit = Graph()
        try:
            for regle in sorted(regles):
                resultat = extrait.query(regle.read_text(encoding="utf-8"), use_default_graph_as_union=True)
                vers_rdflib(resultat, produit)  # type: ignore[arg-type]
        finally:
            extrait.remove_graph(_PUBLICATION)
        return produit

    try:
        return en_fond(calculer, "bilans")
    except BaseException:
        extrait.remove_graph(_PUBLICATION)
        raise


def libelles_genres(donnees: Graph) -> Graph:
    """cma:libelleMasculin / cma:libelleFeminin : les formes genrées de l'intitulé (skos:prefLabel) et des
    autres dénominations (skosxl:altLabel) de chaque métier. Une forme n'est publiée que si elle n'est pas
    déjà un libellé de la ressource : SKOS interdit qu'un libellé soit à la fois préféré et alternatif, et
    l'absence d'une forme dit que l'intitulé s'écrit ainsi aux deux genres."""
    produit = Graph()
    for classe in (CMA.Metier, CMA.MetierSpecialise, CMA.MetierHorsNomenclature):
        for sujet in donnees.subjects(RDF.type, classe):
            libelles = [*donnees.objects(sujet, SKOS.prefLabel),
                        *(f for e in donnees.objects(sujet, SKOSXL.altLabel) for f in donnees.objects(e, SKOSXL.literalForm))]
            deja = {str(libelle) for libelle in libelles}
            for libelle in libelles:
                langue = getattr(libelle, "language", None)
                formes = formes_genrees(str(libelle))
                for propriete, forme in ((CMA.libelleMasculin, formes.masculin), (CMA.libelleFeminin, formes.feminin)):
                    if forme not in deja:
                        produit.add((sujet, propriete, Literal(forme, lang=langue)))
    return produit


def niveaux_requis(donnees: Graph) -> Graph:
    """cma:niveauRequis : le plus bas niveau EQF que demande la rubrique « Niveau de formation » d'une fiche."""
    produit = Graph()
    for metier in set(donnees.subjects(CMA.exigenceFormation)):
        niveaux = [n for e in donnees.objects(metier, CMA.exigenceFormation)
                   for texte in donnees.objects(e, CMA.texte) if (n := niveau_requis(str(texte))) is not None]
        if niveaux:
            produit.add((metier, CMA.niveauRequis, URIRef(eqf_iri(min(niveaux)))))
    return produit


def axiomes(ontologie: Graph) -> Graph:
    """Les axiomes de l'ontologie utiles au raisonnement, sans libellés ni définitions.

    Domaines et co-domaines documentent le vocabulaire, mais raisonner avec eux masquerait des
    erreurs : une famille mal tapée (id:famille-10) deviendrait une famille, au lieu d'être
    signalée comme inexistante par les formes SHACL.
    """
    retenus = Graph()
    for axiome in _AXIOMES:
        for triple in ontologie.triples((None, axiome, None)):
            retenus.add(triple)
    for caracteristique in _CARACTERISTIQUES:
        for triple in ontologie.triples((None, RDF.type, caracteristique)):
            retenus.add(triple)
    return retenus


def entree_reduite(ontologie: Graph, donnees: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """Les axiomes et les seuls triplets de données que leurs règles peuvent utiliser : ceux dont
    la propriété figure dans un axiome, et les types dont la classe a une super-classe."""
    reduit = axiomes(ontologie)
    proprietes = {x for s, _, o in reduit for x in (s, o)}
    classes = set(reduit.subjects(RDFS.subClassOf)) | set(reduit.subjects(OWL.equivalentClass))
    for s, p, o in donnees:
        if (p == RDF.type and o in classes) or (p != RDF.type and p in proprietes):
            reduit.add((s, p, o))
    return reduit


# Le graphe asserté, ou les graphes dont il est la réunion : une réunion calculée copierait tout (0,3 s).
Asserte = Graph | tuple[Graph, ...]


def _graphes(asserte: Asserte) -> tuple[Graph, ...]:
    return asserte if isinstance(asserte, tuple) else (asserte,)


def _asserte(triple: tuple, asserte: Asserte) -> bool:
    return any(triple in g for g in _graphes(asserte))


def _utile(triple: tuple, deja: Asserte, espaces: tuple[str, ...]) -> bool:
    s, p, o = triple
    if not isinstance(s, URIRef) or not str(s).startswith(espaces) or p in (OWL.sameAs, OWL.differentFrom):
        return False
    if p == RDF.type and not (isinstance(o, URIRef) and str(o).startswith(_TYPES_UTILES)):
        return False
    # En dernier : chercher le triplet dans les graphes assertés coûte plus que les tests sur ses termes.
    return not _asserte(triple, deja)


def _index(tbox: Graph, predicat: URIRef) -> dict[URIRef, set[URIRef]]:
    index: dict[URIRef, set[URIRef]] = {}
    for sujet, objet in tbox.subject_objects(predicat):
        if isinstance(sujet, URIRef) and isinstance(objet, URIRef) and sujet != objet:
            index.setdefault(sujet, set()).add(objet)
    return index


def cloture_owl(entree: Graph, asserte: Asserte) -> Graph:
    """Les triplets OWL 2 RL déduits de `entree` qui sont utiles et absents de `asserte`.

    owlrl calcule la clôture du schéma (sous-classes et sous-propriétés transitives, inverses),
    petit et rapide ; les quatre règles qui touchent les données (cax-sco, prp-spo1, prp-inv,
    prp-symp) sont ensuite appliquées jusqu'au point fixe, en une passe par triplet nouveau au
    lieu des passes complètes d'owlrl (1,8 s contre quelques centièmes ici). Un test vérifie
    l'égalité avec la clôture d'owlrl sur le graphe entier.
    """
    tbox = axiomes(entree)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(tbox)
    super_classes = _index(tbox, RDFS.subClassOf)
    super_proprietes = _index(tbox, RDFS.subPropertyOf)
    inverses = _index(tbox, OWL.inverseOf)
    for propriete, autres in list(inverses.items()):
        for autre in autres:
            inverses.setdefault(autre, set()).add(propriete)
    symetriques = set(tbox.subjects(RDF.type, OWL.SymmetricProperty))
    connus = set(entree)
    a_traiter = list(connus)
    while a_traiter:
        s, p, o = a_traiter.pop()
        nouveaux = [(s, q, o) for q in super_proprietes.get(p, ())]
        nouveaux += [(o, q, s) for q in inverses.get(p, ()) if not isinstance(o, Literal)]
        if p in symetriques:
            nouveaux.append((o, p, s))
        if p == RDF.type:
            nouveaux += [(s, RDF.type, c) for c in super_classes.get(o, ())]
        for triple in nouveaux:
            if triple not in connus:
                connus.add(triple)
                a_traiter.append(triple)
    return _filtrer(connus, asserte)


def cloture_owlrl(entree: Graph, asserte: Asserte) -> Graph:
    """La même chose par owlrl seul sur tout `entree` : la référence des tests."""
    travail = Graph()
    travail += entree
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(travail)
    return _filtrer(travail, asserte)


def _filtrer(cloture: Iterable[tuple[Node, Node, Node]], asserte: Asserte) -> Graph:
    # Nos ressources sont celles de l'espace d'IRI que les données de la branche déclarent (void:uriSpace) ;
    # des fichiers validés seuls, sans la description de la branche, relèvent de l'espace par défaut.
    espaces = tuple(sorted(str(e) for g in _graphes(asserte) for e in g.objects(None, VOID.uriSpace))) or (str(ID),)
    utiles = Graph()
    utiles.addN((*t, utiles) for t in cloture if _utile(t, asserte, espaces))
    return utiles


def inferer(ontologie: Graph, donnees: Graph, regles: list[Path], image: Iterable[ox.Triple] | None = None) -> Graph:
    """Graphe des seules déductions utiles (règles, formes genrées, OWL 2 RL), sans l'asserté. `image` : les
    triplets pyoxigraph de `donnees`, si l'appelant les a déjà (les règles les lisent)."""
    derive = appliquer_regles(donnees if image is None else image, regles)
    derive += libelles_genres(donnees)
    derive += niveaux_requis(donnees)
    asserte = (ontologie, donnees)
    deduit = cloture_owl(entree_reduite(ontologie, itertools.chain(donnees, derive)), asserte)
    for triple in derive:
        if not _asserte(triple, asserte):
            deduit.add(triple)
    return deduit
