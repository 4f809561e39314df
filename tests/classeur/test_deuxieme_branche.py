"""Une deuxième branche, fictive, écrite dans un classeur seul (tests/fixtures/branche-proprete/carte.xlsx) :
elle se construit avec le code de l'Assistance sans une ligne changée, valide, répond aux requêtes du
catalogue. Les faits vérifiés sont ceux du classeur, relus ici à la main (voir le README de la fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from cartographie.classeur import graphes_du_classeur
from cartographie.construction.construire import Construction, publier
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.sparql.catalogue import catalogue, executer
from cartographie.sparql.moteurs import Embarque
from cartographie.vocab import CMA

BRANCHE = Path(__file__).parents[1] / "fixtures" / "branche-proprete"
ID = "https://example.org/metiers-proprete/id/"
# Le même classeur converti par LibreOffice (soffice --headless --convert-to ods carte.xlsx).
ODS = Path(__file__).parents[1] / "fixtures" / "classeurs" / "proprete.ods"


@pytest.fixture(scope="module")
def publiee(tmp_path_factory: pytest.TempPathFactory) -> tuple[Construction, Path]:
    sortie = tmp_path_factory.mktemp("proprete")
    projet = Projet.par_defaut().avec_branche(BRANCHE)
    return publier(projet, sortie, progression=lambda _: None), sortie


def test_la_branche_se_construit_depuis_le_classeur_seul(publiee: tuple[Construction, Path]) -> None:
    construction, sortie = publiee
    assert construction.violations == []
    assert {"cartographie.ttl", "cartographie.nt", "cartographie.jsonld"} <= {p.name for p in sortie.iterdir()}
    g = construction.publication
    metiers = {str(code) for m in g.subjects(RDF.type, CMA.Metier) for code in g.objects(m, SKOS.notation)}
    assert metiers == {"0101", "0102", "0103", "0201", "0202"}


def test_aucune_iri_de_l_assistance_dans_les_donnees_de_la_branche(publiee: tuple[Construction, Path]) -> None:
    _, sortie = publiee
    # Le vocabulaire partagé cite le document d'où il a été tiré ; les données, rien de l'Assistance.
    lignes = (sortie / "cartographie.nt").read_text(encoding="utf-8").splitlines()
    texte = "\n".join(ligne for ligne in lignes if not ligne.startswith("<https://w3id.org/metiers-assistance/def"))
    assert "metiers-assistance/id/" not in texte
    assert f"<{ID}metier-0201>" in texte


def test_imbrication_et_mobilites_comme_dans_le_classeur(publiee: tuple[Construction, Path]) -> None:
    g = publiee[0].publication
    organise = URIRef(f"{ID}metier-0201-activite-01")
    assert g.value(organise, CMA.texte) == Literal("Organise le travail de l'équipe :", lang="fr")
    assert {str(g.value(a, CMA.texte)) for a in g.objects(organise, CMA.sousActivite)} == {
        "répartit les tâches et les secteurs entre les agents ;",
        "adapte les plannings aux absences et aux demandes du client."}
    lien = URIRef(f"{ID}metier-0201-competence-03")
    assert g.value(lien, CMA.texte) == Literal("Savoir établir un planning hebdomadaire ;", lang="fr")
    assert g.value(lien, CMA.miseEnOeuvreParente) == URIRef(f"{ID}metier-0201-competence-02")
    parent = g.value(g.value(lien, CMA.competenceMobilisee), SKOS.broader)
    assert str(g.value(parent, SKOS.prefLabel)) == "Savoir organiser et planifier le travail d'une équipe"
    cibles = {str(g.value(e, CMA.metierCible)) for e in g.objects(URIRef(f"{ID}metier-0101"), CMA.evolution)}
    assert cibles == {f"{ID}metier-0102", f"{ID}metier-0201",
                      f"{ID}metier-hors-nomenclature-agent-e-de-maintenance-multitechnique"}
    # La même compétence écrite dans deux fiches est une seule ressource.
    protocole = [g.value(lien, CMA.competenceMobilisee) for m in ("0101", "0201")
                 for lien in g.objects(URIRef(f"{ID}metier-{m}"), CMA.miseEnOeuvre)
                 if "protocole de nettoyage" in str(g.value(g.value(lien, CMA.competenceMobilisee), SKOS.prefLabel))]
    assert len(protocole) == 2 and protocole[0] == protocole[1]


REQUETES_SANS_REFERENTIELS = ("comptes-fiches", "effectifs", "intitules-metiers", "langues", "mobilites-aretes",
                              "textes-fiches", "fiche", "mobilites", "mobilites-accessibles", "passerelles-proches",
                              "passerelles")


def test_le_catalogue_repond(publiee: tuple[Construction, Path]) -> None:
    _, sortie = publiee
    projet = Projet.par_defaut().avec_branche(BRANCHE)
    moteur = Embarque([sortie / "cartographie.nt"])
    parametres = {"metier": "0101", "source": "0101", "cible": "0201", "de": "2024-01-01", "a": "2025-01-01"}
    for nom, requete in catalogue(projet.requetes).items():
        resultat = executer(projet, moteur, nom, {p.nom: parametres[p.nom] for p in requete.parametres if not p.facultatif})
        if nom in REQUETES_SANS_REFERENTIELS:
            assert resultat.lignes, nom


def test_le_classeur_ods_donne_les_memes_donnees() -> None:
    ontologie = charger([Projet.par_defaut().ontologie])
    xlsx, ods = (graphes_du_classeur(chemin, ontologie) for chemin in (BRANCHE / "carte.xlsx", ODS))
    assert sorted(xlsx) == sorted(ods)
    for chemin in xlsx:
        assert set(xlsx[chemin]) == set(ods[chemin]), chemin


def test_mobilites_de_la_branche_dans_son_propre_espace_d_iri(publiee: tuple[Construction, Path]) -> None:
    """Régression : le métier de départ était cherché sous l'espace d'IRI de l'Assistance
    (`…/metiers-assistance/id/metier-0101`) ; dans la branche Propreté, ni accessible ni chemin."""
    from cartographie.rapports.mobilites import mobilites

    _, sortie = publiee
    projet = Projet.par_defaut().avec_branche(BRANCHE)
    parties = dict(mobilites(projet, Embarque([sortie / "cartographie.nt"]), "0101", 1, "0201"))
    accessibles = {ligne["metier"].valeur for ligne in parties["Métiers accessibles en au plus 1 évolution(s)"].lignes}
    assert {a[:4] for a in accessibles} >= {"0102", "0201"} and len(accessibles) == 3
    (chemin,) = parties["Chemins les plus courts de 0101 à 0201"].lignes
    assert chemin["longueur"].valeur == "1"
