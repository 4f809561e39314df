"""Les fiches dans le graphe : les neuf fiches, la rubrique vide, les métiers recensés de 0104,
les compétences partagées, et les fautes nommées par leur fiche au build.

La fidélité élément par élément au texte source (textes entiers, ordre, imbrication) est vérifiée
contre l'oracle relu à la main, dans `test_fidelite.py`.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from rdflib import Graph

CODES = ["0101", "0102", "0103", "0104", "0105", "0106", "0107", "0201", "0202"]
CMA = "PREFIX cma: <https://w3id.org/metiers-assistance/def#> PREFIX schema: <https://schema.org/> "


def test_les_neuf_fiches_et_la_derniere_incomplete(publication: Graph):
    requete = CMA + """SELECT ?code ?complete WHERE { ?f cma:ficheDe ?m ; cma:complete ?complete .
        ?m <http://www.w3.org/2004/02/skos/core#notation> ?code } ORDER BY ?code"""
    fiches = {str(r.code): r.complete.toPython() for r in publication.query(requete)}
    assert list(fiches) == CODES
    assert [c for c, complete in fiches.items() if not complete] == ["0202"]


def test_rubrique_habilitations_vide_est_un_fait(publication: Graph, lignes_source):
    requete = CMA + """SELECT ?code WHERE { ?m cma:aucuneHabilitation true ;
        <http://www.w3.org/2004/02/skos/core#notation> ?code } ORDER BY ?code"""
    vides = [str(r.code) for r in publication.query(requete)]
    # Dans la source, la rubrique est vide pour ces six fiches ; 0104 et 0201 la remplissent,
    # et 0202 s'interrompt avant (inconnu, donc ni vide ni remplie).
    assert vides == ["0101", "0102", "0103", "0105", "0106", "0107"]
    assert "Habilitations, certifications " in lignes_source


SPECIALISTES_0104 = {
    # titre : (activités, compétences), comptés à la lecture de la source (lignes 1491 à 1659)
    "Chargé(e) d'évaluation en réparation en nature (habitation)": (9, 3),
    "Technicien(ne) automobile patrouilleurs": (3, 3),
    "Psychologue": (4, 2),
    "Assistant(e) social(e)": (4, 3),
    "Infirmier(e) Assistance Santé": (5, 4),
    "Médecin conseil d'Assistance (f/h)": (4, 3),
    "Diététicien(ne) Conseil": (5, 3),
    "Juriste d'Assistance (f/h)": (6, 2),
    "Conseiller(e) Emploi": (6, 4),
    "Chargé(e) d'information Retraite": (4, 2),
}


def test_0104_regroupe_dix_metiers_recenses_plus_specifiques(publication: Graph):
    requete = CMA + """SELECT ?titre (COUNT(DISTINCT ?a) AS ?na) (COUNT(DISTINCT ?c) AS ?nc) WHERE {
        ?s cma:metierRegroupant <https://w3id.org/metiers-assistance/id/metier-0104> ;
           <http://www.w3.org/2004/02/skos/core#broader> <https://w3id.org/metiers-assistance/id/metier-0104> ;
           <http://www.w3.org/2004/02/skos/core#prefLabel> ?titre .
        OPTIONAL { ?s cma:activite ?a } OPTIONAL { ?s cma:miseEnOeuvre ?c }
    } GROUP BY ?titre"""
    obtenus = {str(r.titre): (int(r.na), int(r.nc)) for r in publication.query(requete)}
    assert obtenus == SPECIALISTES_0104


PARTAGEES = CMA + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?libelle (GROUP_CONCAT(DISTINCT ?code; separator=" ") AS ?codes) WHERE {
  ?c a cma:Competence ; skos:prefLabel ?libelle . ?m cma:competence ?c ; skos:notation ?code .
} GROUP BY ?libelle HAVING (COUNT(DISTINCT ?m) > 1)"""


def test_competences_partagees_verifiees_dans_la_source(publication: Graph):
    partagees = {str(r.libelle): sorted(str(r.codes).split()) for r in publication.query(PARTAGEES)}
    # Lignes 981 et 2589 : mêmes mots.
    assert partagees["Savoir gérer une relation téléphonique : techniques d’accueil, d’écoute, de questionnement"] == ["0101", "0202"]
    # Lignes 1159, 1972 et 2150 : « accueil et d'écoute » — une autre phrase, jamais fusionnée avec la précédente ;
    # ligne 2362 (« d’écoute et de questionnement ») et ligne 1389 (sans détail) sont encore deux autres phrases.
    assert partagees["Savoir gérer une relation téléphonique : techniques d’accueil et d'écoute, de questionnement"] == ["0102", "0106", "0107"]
    # Lignes 1161, 1979, 2157, 2366, 2591.
    assert partagees["Savoir rédiger de manière synthétique et précise"] == ["0102", "0106", "0107", "0201", "0202"]
    # Lignes 979, 1145, 1794, 1961 (avec un point final ou non, apostrophe typographique).
    assert partagees["Connaissance générale des natures d’assistance proposées par l’entreprise"] == ["0101", "0102", "0105", "0106"]
    # Apostrophes droite (ligne 1168) et typographique (989) : une seule compétence.
    assert len(partagees["Pratique d’une ou de plusieurs langues étrangères"]) == 7
    relation = [libelle for libelle in partagees if libelle.startswith("Savoir gérer une relation téléphonique")]
    assert len(relation) == 2


def test_la_situation_est_portee_par_le_lien(publication: Graph):
    """Une compétence ne porte pas de situation : chaque lien métier–compétence porte la sienne."""
    requete = CMA + "SELECT (COUNT(*) AS ?n) WHERE { ?c a cma:Competence ; cma:situation ?s }"
    assert int(next(iter(publication.query(requete))).n) == 0
    requete = CMA + "SELECT (COUNT(*) AS ?n) WHERE { ?l a cma:MiseEnOeuvreCompetence . FILTER NOT EXISTS { ?l cma:situation ?s } }"
    assert int(next(iter(publication.query(requete))).n) == 0


CASSES_FICHE = {
    # fichier, avant, après, message attendu, élément attendu dans le rapport
    "activité sans fréquence": (
        "donnees/fiches/0101.ttl", "    schema:position 3 ;\n    cma:frequence cma:frequenceMajorite ;\n",
        "    schema:position 3 ;\n", "Une activité doit avoir exactement une fréquence",
        "fiche 0101, « Détermine le motif de l’appel"),
    "cible d'évolution inexistante": (
        "donnees/fiches/0101.ttl", "cma:metierCible id:metier-0105", "cma:metierCible id:metier-0199",
        "Une évolution doit viser exactement un métier existant", "fiche 0101, « Assistant(e) administratif(ve) de plateaux »"),
    "compétence sans nature": (
        "donnees/fiches/competences.ttl",
        '    skos:prefLabel "Savoir désamorcer une relation conflictuelle"@fr ;\n    cma:nature cma:natureSavoirFaireRelationnel .',
        '    skos:prefLabel "Savoir désamorcer une relation conflictuelle"@fr .',
        "Une compétence doit avoir exactement une nature", "« Savoir désamorcer une relation conflictuelle »"),
}


@pytest.fixture(scope="module")
def rapport_des_fautes(copier_projet, tmp_path_factory) -> list[str]:
    """Toutes les fautes de CASSES_FICHE dans une copie, une seule construction (chacune touche une autre ressource) :
    le rapport de `build`, coupé en violations (chacune commence par « ✗ »)."""
    from cartographie.cli import main

    copie = copier_projet(tmp_path_factory.mktemp("fautes"))
    for fichier, avant, apres, _, _ in CASSES_FICHE.values():
        chemin = copie.racine / fichier
        texte = chemin.read_text(encoding="utf-8")
        assert avant in texte
        chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    erreurs = io.StringIO()
    with contextlib.redirect_stderr(erreurs):
        assert main(["--racine", str(copie.racine), "build"]) == 1
    return erreurs.getvalue().split("✗ ")[1:]


@pytest.mark.parametrize("cas", sorted(CASSES_FICHE))
def test_fiche_fautive_nommee_par_son_code_et_son_element(rapport_des_fautes: list[str], cas: str):
    """La violation du cas, avec son message, l'élément de la fiche et le fichier, dans un même bloc du rapport."""
    fichier, _, _, message, element = CASSES_FICHE[cas]
    assert any(message in v and element in v and fichier in v for v in rapport_des_fautes), rapport_des_fautes
    assert len(rapport_des_fautes) == len(CASSES_FICHE)


def test_extraire_reproduit_les_fiches_de_reference(copie_projet):
    """Les fiches corrigées à la relecture (imbrication, texte mot pour mot, « non précisé ») sont ce que
    produit le lecteur : relancer `cartographie extraire` ne les défait pas."""
    from cartographie.projet import Projet
    from cartographie.sources.fiches2009 import extraire

    depot = Projet.par_defaut().donnees / "fiches"
    ecrits = extraire(copie_projet)
    assert sorted(ecrits) == sorted(p.name for p in depot.glob("*.ttl"))
    for nom in ecrits:
        assert (copie_projet.donnees / "fiches" / nom).read_text(encoding="utf-8") == \
            (depot / nom).read_text(encoding="utf-8"), nom
