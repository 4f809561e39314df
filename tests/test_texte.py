"""Formes masculine et féminine des intitulés en notation inclusive, sur tous les intitulés de la
source, et contre une table d'attendus écrite d'après la grammaire, pas d'après le code."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from cartographie.texte import formes_genrees
from cartographie.vocab import CMA

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
                                                          "Encadrante de chargées de réclamation clients"),
    "Chargé(e) d'évaluation en réparation en nature (habitation)": (
        "Chargé d'évaluation en réparation en nature (habitation)", "Chargée d'évaluation en réparation en nature (habitation)"),
    "agent(e) administratif(ve)": ("agent administratif", "agente administrative"),
    "Adjoint(e) au Directeur médical ou Directeur médical": ("Adjoint au Directeur médical ou Directeur médical",
                                                             "Adjointe au Directeur médical ou Directeur médical"),
}
MARQUE = re.compile(r"\((e|é|ne|le|trice|ve|f/h|hôtesse)\)|\s\(trice\)", re.IGNORECASE)


@pytest.mark.parametrize("intitule", sorted(ATTENDUS))
def test_formes_attendues(intitule):
    assert formes_genrees(intitule) == ATTENDUS[intitule]


@pytest.mark.parametrize("intitule", ["Psychologue", "Juriste", "médecin conseil", "superviseur",
                                      "auxiliaire de régulation", "assistante sociale"])
def test_intitule_sans_notation_inclusive(intitule):
    assert formes_genrees(intitule) is None


def _intitules(publication: Graph) -> list[str]:
    classes = (CMA.Metier, CMA.MetierSpecialise, CMA.MetierHorsNomenclature, CMA.Emploi)
    return sorted({str(publication.value(s, SKOS.prefLabel)) for c in classes for s in publication.subjects(RDF.type, c)})


def test_tous_les_intitules_de_la_source(publication: Graph):
    intitules = _intitules(publication)
    inclusifs = [i for i in intitules if MARQUE.search(i)]
    assert len(intitules) > 120 and len(inclusifs) > 60
    for intitule in inclusifs:
        formes = formes_genrees(intitule)
        assert formes is not None, intitule
        for forme in formes:
            assert not MARQUE.search(forme), (intitule, forme)
            assert "  " not in forme and forme == forme.strip()
        if "(f/h)" not in intitule.lower():
            assert formes.masculin != formes.feminin, intitule


def test_les_formes_sont_dans_la_publication(publication: Graph):
    for s in publication.subjects(RDF.type, CMA.Metier):
        intitule = str(publication.value(s, SKOS.prefLabel))
        formes = formes_genrees(intitule)
        if formes:
            assert str(publication.value(s, CMA.libelleFeminin)) == formes.feminin
            assert str(publication.value(s, CMA.libelleMasculin)) == formes.masculin
