"""L'extrait des référentiels publié avec la cartographie : les fiches ROME alignées, leurs mobilités,
les certifications RNCP qui citent leurs codes v3 et les chemins de certification classés par
pertinence (alignement/certifications.py), tiré des imports complets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from cartographie.alignement.certifications import chemins
from cartographie.alignement.certifications import en_rdf as chemins_en_rdf
from cartographie.construction.rudof import valider_rudof
from cartographie.erreurs import ErreurEntree, ErreurValidation
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.ntriples import iri
from cartographie.io.rdf import charger, en_ntriples
from cartographie.io.sssom import lire_sssom
from cartographie.projet import Projet
from cartographie.vocab import CMA, SKOS


def magasin_des_imports(fichiers: list[Path]) -> ox.Store:
    """Les imports complets dans un magasin pyoxigraph (340 000 triplets en 1,5 s)."""
    magasin = ox.Store()
    for fichier in fichiers:
        if not fichier.exists():
            raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie importer rome` et `… rncp`.")
        magasin.bulk_load(path=str(fichier), format=ox.RdfFormat.N_TRIPLES)
    return magasin


def extrait(magasin: ox.Store, fiches: list[str], requete: str) -> Graph:
    """Le graphe de `requete` (CONSTRUCT) sur les imports complets, restreint aux fiches alignées : la
    requête reçoit les fiches par deux blocs VALUES d'IRI (les fiches d'origine, et les mêmes comme
    cibles de mobilité)."""
    valeurs = " ".join(iri(f) for f in sorted(fiches))
    connues = {solution["f"].value for solution in
               magasin.query(f"SELECT ?f WHERE {{ VALUES ?f {{ {valeurs} }} ?f a <{CMA}FicheRome> }}")}
    inconnues = sorted(set(fiches) - connues)
    if inconnues:
        raise ErreurEntree(f"fiche(s) ROME absente(s) de la version importée : {', '.join(inconnues)}.")
    # Le bloc VALUES va dans chaque branche : pyoxigraph ne le pousse pas dans une UNION (sans cela,
    # la requête parcourait tout le RNCP, plus de dix minutes).
    texte = requete.replace("# @fiches", f"VALUES ?fiche {{ {valeurs} }}").replace(
        "# @autres", f"VALUES ?autre {{ {valeurs} }}")
    graphe = Graph()
    for triple in magasin.query(texte):
        graphe.add((URIRef(triple.subject.value), URIRef(triple.predicate.value), _vers_rdflib(triple.object)))
    return graphe


def _vers_rdflib(terme: object) -> URIRef | Literal:
    if isinstance(terme, ox.NamedNode):
        return URIRef(terme.value)
    assert isinstance(terme, ox.Literal)
    if terme.language:
        return Literal(terme.value, lang=terme.language)
    return Literal(terme.value, datatype=URIRef(terme.datatype.value))


# Les correspondances ESCO qui placent le métier dans le groupe ISCO-08 de l'occupation : le métier en est
# un cas particulier (broadMatch) ou l'équivalent (exactMatch, closeMatch), pas seulement un voisin.
_PLACENT_DANS_LE_GROUPE = {str(SKOS.exactMatch), str(SKOS.closeMatch), str(SKOS.broadMatch)}


def extrait_esco(projet: Projet, magasin: ox.Store) -> Graph:
    """Les occupations ESCO de `esco.sssom.tsv` et leurs groupes ISCO-08, tirés de l'import ESCO, et le
    groupe ISCO-08 de chaque métier (`cma:groupeIsco`), déduit de ses correspondances ESCO relues."""
    correspondances = lire_sssom(projet.alignements / "esco.sssom.tsv").correspondances()
    occupations = sorted({objet for _, _, objet in correspondances})
    valeurs = " ".join(iri(o) for o in occupations)
    connues = {s["o"].value for s in magasin.query(f"SELECT ?o WHERE {{ VALUES ?o {{ {valeurs} }} ?o <{CMA}groupeIsco> ?g }}")}
    if set(occupations) - connues:
        raise ErreurEntree(f"occupation(s) ESCO absente(s) des imports : {', '.join(sorted(set(occupations) - connues))} ; "
                           "lancez `cartographie importer esco`.")
    requete = (projet.requetes / "referentiels" / "extrait-esco.rq").read_text(encoding="utf-8")
    graphe = Graph()
    for triple in magasin.query(requete.replace("# @occupations", f"VALUES ?occupation {{ {valeurs} }}")):
        graphe.add((URIRef(triple.subject.value), URIRef(triple.predicate.value), _vers_rdflib(triple.object)))
    for sujet, predicat, objet in correspondances:
        if predicat in _PLACENT_DANS_LE_GROUPE:
            graphe.add((URIRef(sujet), CMA.groupeIsco, graphe.value(URIRef(objet), CMA.groupeIsco)))
    return graphe


def extraire_referentiels(projet: Projet, imports: Path) -> tuple[Graph, int]:
    """Écrit l'extrait des référentiels du projet à partir des imports complets de `imports` ; rend
    l'extrait et le nombre de fiches ROME alignées. Un extrait non conforme n'est pas écrit."""
    fiches = sorted({objet for _, _, objet in lire_sssom(projet.alignements / "rome.sssom.tsv").correspondances()})
    fichiers = sorted(imports.glob("*.nt")) if imports.is_dir() else []
    if not fichiers:
        raise ErreurEntree(f"{imports} : aucun import ; lancez d'abord `cartographie importer rome` et `… rncp`.")
    requete = (projet.requetes / "referentiels" / "extrait.rq").read_text(encoding="utf-8")
    magasin = magasin_des_imports(fichiers)
    graphe = extrait(magasin, fiches, requete)
    graphe += chemins_en_rdf(chemins(magasin, fiches))
    graphe += extrait_esco(projet, magasin)
    violations = valider_rudof([graphe, charger([projet.ontologie])], projet.formes)
    if violations:
        raise ErreurValidation("extrait non conforme, rien n'a été écrit :\n" + "\n".join(v.en_texte() for v in violations))
    publier_fichiers(projet.extrait.parent, {projet.extrait.name: en_ntriples(graphe)})
    return graphe, len(fiches)
