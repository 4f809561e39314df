"""Les déductions : celles attendues sont là, le bruit d'owlrl n'y est pas, et notre application
rapide des règles à l'entrée réduite donne la même chose qu'owlrl sur le graphe entier."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cartographie.construction.construire import Construction, charger_donnees
from cartographie.construction.inferer import appliquer_regles, cloture_owl, cloture_owlrl, entree_reduite, libelles_genres
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID


def test_le_metier_est_un_concept_plus_specifique_que_sa_famille(construction: Construction):
    d = construction.deductions
    assert (ID["metier-0102"], RDF.type, SKOS.Concept) in d
    assert (ID["metier-0102"], SKOS.broader, ID["famille-01"]) in d
    assert (ID["famille-01"], SKOS.narrower, ID["metier-0102"]) in d
    assert (ID["famille-01"], SKOS.broader, ID["groupe-specifiques"]) in d


def test_formes_genrees_deduites_et_libelles_alternatifs(construction: Construction):
    d = construction.deductions
    assert (ID["metier-0102"], CMA.libelleFeminin, Literal("Chargée d'assistance", lang="fr")) in d
    assert (ID["metier-0102"], SKOS.altLabel, Literal("Chargé d'assistance", lang="fr")) in d


def test_aucun_bruit_owlrl(construction: Construction):
    d = construction.deductions
    assert not list(d.triples((None, OWL.sameAs, None)))
    assert not list(d.triples((None, RDF.type, OWL.Thing)))
    assert not list(d.triples((None, RDF.type, RDFS.Resource)))
    # Hors de nos ressources, seulement le bilan des fiches ROME alignées (ontologie/regles/referentiels/).
    etrangers = {(s, p) for s, p, _ in d if not str(s).startswith(str(ID))}
    assert {p for _, p in etrangers} == {CMA.nombreCertificationsRetenues, CMA.cheminLePlusPertinent}
    assert all(str(s).startswith("https://w3id.org/metiers-assistance/ref/rome/") for s, _ in etrangers)


def test_rien_d_asserte_n_est_repete(construction: Construction):
    projet = Projet.par_defaut()
    asserte = charger([projet.ontologie]) + charger_donnees([projet.donnees])[0]
    assert not [t for t in construction.deductions if t in asserte]


def test_entree_reduite_donne_la_meme_cloture_que_le_graphe_entier():
    projet = Projet.par_defaut()
    ontologie = charger([projet.ontologie])
    donnees = charger_donnees([projet.donnees])[0]
    donnees += appliquer_regles(donnees, projet.regles) + libelles_genres(donnees)
    asserte = ontologie + donnees
    entier = Graph()
    entier += donnees
    for s, p, o in ontologie:
        if p not in (RDFS.domain, RDFS.range):
            entier.add((s, p, o))
    assert set(cloture_owl(entree_reduite(ontologie, donnees), asserte)) == set(
        cloture_owlrl(entier, asserte)
    )
