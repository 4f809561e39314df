"""L'extrait des référentiels publié avec la cartographie : les fiches ROME alignées, leurs mobilités,
les certifications RNCP qui citent leurs codes v3 et les chemins de certification classés par
pertinence (alignement/certifications.py), tiré des imports complets."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from cartographie.alignement.certifications import chemins
from cartographie.alignement.certifications import en_rdf as chemins_en_rdf
from cartographie.construction.valider import valider
from cartographie.erreurs import ErreurEntree, ErreurValidation
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.ntriples import iri
from cartographie.io.rdf import charger, en_ntriples
from cartographie.io.sssom import lire_sssom
from cartographie.projet import Projet
from cartographie.vocab import CMA


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
    violations = valider(graphe + charger([projet.ontologie]), charger([projet.formes]))
    if violations:
        raise ErreurValidation("extrait non conforme, rien n'a été écrit :\n" + "\n".join(v.en_texte() for v in violations))
    publier_fichiers(projet.extrait.parent, {projet.extrait.name: en_ntriples(graphe)})
    return graphe, len(fiches)
