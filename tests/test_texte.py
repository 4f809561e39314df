"""Formes masculine et féminine des intitulés : contre une table d'attendus écrite d'après la grammaire,
et contre la table relue à la main de chaque intitulé et autre dénomination de la source
(tests/fixtures/formes-genrees.tsv), pas d'après le code."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from cartographie.texte import cle_recherche, formes_genrees, mots
from cartographie.vocab import CMA, SKOSXL

ATTENDUS = {
    "Chargé(e) d'accueil d'assistance": ("Chargé d'accueil d'assistance", "Chargée d'accueil d'assistance"),
    "Encadrant(e) d'assistance": ("Encadrant d'assistance", "Encadrante d'assistance"),
    "Spécialiste d'assistance (f/h)": ("Spécialiste d'assistance", "Spécialiste d'assistance"),
    "Assistant(e) administratif(ve) de plateaux": ("Assistant administratif de plateaux", "Assistante administrative de plateaux"),
    "Technicien(ne) d'assistance Véhicule": ("Technicien d'assistance Véhicule", "Technicienne d'assistance Véhicule"),
    "Médecin régulateur (trice)": ("Médecin régulateur", "Médecin régulatrice"),
    "Infirmier(e) de transport médical": ("Infirmier de transport médical", "Infirmière de transport médical"),
    "Planificateur(trice)": ("Planificateur", "Planificatrice"),
    "Coordinateur(trice) opérationnel(le) plateaux": ("Coordinateur opérationnel plateaux", "Coordinatrice opérationnelle plateaux"),
    "Animateur(trice) de réseaux de prestataires": ("Animateur de réseaux de prestataires", "Animatrice de réseaux de prestataires"),
    "Commercial(e) Clients Entreprises": ("Commercial Clients Entreprises", "Commerciale Clients Entreprises"),
    "Administrateur(trice) réseaux et systèmes": ("Administrateur réseaux et systèmes", "Administratrice réseaux et systèmes"),
    "Informaticien(ne) d'étude et développement": ("Informaticien d'étude et développement", "Informaticienne d'étude et développement"),
    "Formateur(trice) Assistance": ("Formateur Assistance", "Formatrice Assistance"),
    "Secrétaire / assistant(e)": ("Secrétaire / assistant", "Secrétaire / assistante"),
    "Contrôleur de gestion (f/h)": ("Contrôleur de gestion", "Contrôleur de gestion"),
    "Assistant(e) social(e)": ("Assistant social", "Assistante sociale"),
    "Conseiller(e) Emploi": ("Conseiller Emploi", "Conseillère Emploi"),
    "Diététicien(ne) Conseil": ("Diététicien Conseil", "Diététicienne Conseil"),
    "hôte(hôtesse) d'accueil": ("hôte d'accueil", "hôtesse d'accueil"),
    "télé opérateur(trice) d'assistance": ("télé opérateur d'assistance", "télé opératrice d'assistance"),
    "Chargé(é) de formation": ("Chargé de formation", "Chargée de formation"),
    "Encadrant(e) de chargé(e)s de réclamation clients": ("Encadrant de chargés de réclamation clients",
                                                          "Encadrante de chargés de réclamation clients"),
    "Chargé(e) d'évaluation en réparation en nature (habitation)": (
        "Chargé d'évaluation en réparation en nature (habitation)", "Chargée d'évaluation en réparation en nature (habitation)"),
    "agent(e) administratif(ve)": ("agent administratif", "agente administrative"),
    "Adjoint(e) au Directeur médical ou Directeur médical": ("Adjoint au Directeur médical ou Directeur médical",
                                                             "Adjointe au Directeur médical ou Directrice médicale"),
    # Le titulaire s'accorde, pas les personnes qu'il encadre (régression : « … médecins régulatrices »).
    "Encadrant(e) de médecins régulateur(trice)s": ("Encadrant de médecins régulateurs", "Encadrante de médecins régulateurs"),
    "mécanicien(ne) régulateur": ("mécanicien régulateur", "mécanicienne régulatrice"),
    "coordinateur(trice) médico social": ("coordinateur médico social", "coordinatrice médico sociale"),
    "chargé(e) d'assistance confirmé(e)": ("chargé d'assistance confirmé", "chargée d'assistance confirmée"),
    "superviseur": ("superviseur", "superviseuse"),
    "assistante sociale": ("assistant social", "assistante sociale"),
    "Infirmier(e) Matériel Médical": ("Infirmier Matériel Médical", "Infirmière Matériel Médical"),
}
TABLE = Path(__file__).parent / "fixtures" / "formes-genrees.tsv"
OCCUPATIONS = (CMA.Metier, CMA.MetierSpecialise, CMA.MetierHorsNomenclature)


def table_relue() -> dict[str, tuple[str, str]]:
    lignes = [ligne for ligne in TABLE.read_text(encoding="utf-8").splitlines() if not ligne.startswith("#")]
    return {r["intitule"]: (r["masculin"], r["feminin"]) for r in csv.DictReader(lignes, delimiter="\t")}


@pytest.mark.parametrize("intitule", sorted(ATTENDUS))
def test_formes_attendues(intitule):
    assert formes_genrees(intitule) == ATTENDUS[intitule]


@pytest.mark.parametrize("intitule", ["Psychologue", "Juriste", "médecin conseil", "auxiliaire de régulation",
                                      "chef de groupe", "Patrouilleur (f/h)"])
def test_intitule_epicene_ou_f_h(intitule):
    """Épicène, ou « (f/h) » : le féminin s'écrit comme le masculin (section I.6 de la source)."""
    attendu = intitule.removesuffix(" (f/h)")
    assert formes_genrees(intitule) == (attendu, attendu)


def test_chaque_intitule_contre_la_table_relue():
    ecarts = {i: (formes_genrees(i), attendu) for i, attendu in table_relue().items() if formes_genrees(i) != attendu}
    assert ecarts == {}


def _intitules(publication: Graph) -> dict[str, set]:
    """Chaque intitulé (skos:prefLabel) et autre dénomination (skosxl:altLabel) des métiers, avec ses porteurs."""
    intitules: dict[str, set] = {}
    for classe in OCCUPATIONS:
        for s in publication.subjects(RDF.type, classe):
            libelles = [*publication.objects(s, SKOS.prefLabel),
                        *(f for e in publication.objects(s, SKOSXL.altLabel) for f in publication.objects(e, SKOSXL.literalForm))]
            for libelle in libelles:
                intitules.setdefault(str(libelle), set()).add(s)
    return intitules


def test_la_table_couvre_tous_les_intitules(publication: Graph):
    """Chaque intitulé publié a ses formes relues ; la table garde aussi des intitulés que la source écrit
    ailleurs (« Patrouilleur (f/h) », cible d'évolution, désigne un métier recensé de 0104)."""
    table = set(table_relue())
    assert set(_intitules(publication)) <= table
    assert len(table - set(_intitules(publication))) <= 1


def test_les_formes_sont_des_libelles_de_la_publication(publication: Graph):
    """Chaque forme relue est un libellé de chaque métier qui porte l'intitulé : son intitulé, une autre
    dénomination, ou une forme genrée publiée."""
    table = table_relue()
    for intitule, porteurs in _intitules(publication).items():
        for porteur in porteurs:
            libelles = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel, CMA.libelleMasculin, CMA.libelleFeminin)
                        for o in publication.objects(porteur, p)}
            assert set(table[intitule]) <= libelles, (porteur, intitule)


def test_aucune_forme_fautive_publiee(publication: Graph):
    for fautive in ("Encadrante de médecins régulatrices", "Encadrante de chargées de réclamation clients",
                    "mécanicienne régulateur", "coordinatrice médico social"):
        assert not list(publication.subjects(None, Literal(fautive, lang="fr")))


# Clés de recherche : des intitulés qu'un salarié ou un fichier de société écrit autrement que la source.
ABREVIATIONS = {"resp": "responsable", "ca": "chargé d'assistance", "senior": ""}


@pytest.mark.parametrize(("ecrit", "source"), [
    ("HOTESSE D'ACCUEIL (H/F)", "hôte(hôtesse) d'accueil"),
    ("Chargée d’accueil téléphonique", "chargé(e) d'accueil téléphonique"),
    ("Coordinatrice opérationnelle plateaux", "Coordinateur(trice) opérationnel(le) plateaux"),
    ("Administratrice réseaux et systèmes", "Administrateur(trice) réseaux et systèmes"),
    ("Agente administrative", "agent(e) administratif(ve)"),
    ("Cheffe de groupe", "chef de groupe"),
    ("Superviseuse", "superviseur"),
    ("Infirmières de régulation", "infirmier(e) de régulation"),
    ("responsable plateau", "responsable de plateau"),
    ("Systèmes et réseaux administrateur", "Administrateur(trice) réseaux et systèmes"),
    ("Manoeuvre", "Manœuvre"),
])
def test_meme_cle_de_recherche(ecrit, source):
    assert cle_recherche(ecrit) == cle_recherche(source)


def test_abreviations_developpees_ou_retirees():
    assert mots("Resp. plateau", ABREVIATIONS) == ["responsable", "plateau"]
    assert cle_recherche("CA senior", ABREVIATIONS) == cle_recherche("Chargé(e) d'assistance")
    # Sans table, une abréviation reste un mot comme un autre.
    assert mots("CA senior") == ["ca", "senior"]


def test_mots_distincts_restent_distincts():
    assert cle_recherche("Chargé(e) d'études") != cle_recherche("Chargé(e) de réservation")
    assert cle_recherche("Médecin régulateur (trice)") != cle_recherche("Assistant(e) de régulation médicale")
