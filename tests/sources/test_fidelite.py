"""Fidélité au texte source : le graphe construit confronté à l'oracle relu à la main.

L'oracle (`tests/fixtures/fidelite/`, voir son README) a été établi en lisant la source ligne par
ligne, sans le lecteur du projet ni ses règles : pour chaque élément de chaque rubrique, son texte
entier, ses lignes, sa fréquence ou sa situation, son parent. Les éléments sont relus ici dans le
graphe publié (pas dans les fichiers du lecteur) et comparés textes entiers : seules les espaces ne
comptent pas. Le test de mutation montre qu'un mot changé au milieu d'un élément est vu.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from cartographie.construction.construire import construire
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID, SCHEMA

ORACLE = Path(__file__).resolve().parents[1] / "fixtures" / "fidelite"

CATEGORIES = {
    CMA.frequenceMajorite: "majorite", CMA.frequenceFrequente: "frequente", CMA.frequenceRare: "rare",
    CMA.frequenceNonPrecisee: "non-precise", CMA.situationMajorite: "majorite",
    CMA.situationSpecifique: "specifique", CMA.situationNonPrecisee: "non-precise",
}
ENONCES = {
    "conditions": CMA.conditionExercice, "caracteristiques": CMA.caracteristique, "aptitudes": CMA.aptitude,
    "formation": CMA.exigenceFormation, "habilitations": CMA.habilitation,
    "evolution-interne": CMA.evolutionInterne,
}
TEXTES_UNIQUES = {
    "mission": SKOS.definition, "rattachements": CMA.rattachementHierarchique,
    "commentaire-evolutions": CMA.commentaireEvolution,
}
# La formule du guide de lecture (lignes 820 à 830) et les natures qu'elle permet.
NATURES = {
    "connaissance": {CMA.natureSavoir},
    "savoir-verbe": {CMA.natureSavoirFaireTechnique, CMA.natureSavoirFaireRelationnel},
    "pratique": {CMA.natureLangue},
    "connaissances-et-savoir-faire": {CMA.natureAutreFormulation},
    "autre": {CMA.natureAutreFormulation},
}


@dataclass(frozen=True)
class Element:
    """Un élément d'une rubrique : ce que dit l'oracle, ou ce qu'on lit dans le graphe."""

    fiche: str
    metier: str  # vide pour le métier de la fiche ; titre d'un métier recensé de 0104
    rubrique: str
    categorie: str
    rang: int
    parent: int | None
    texte: str
    ligne: int = 0
    fin: int = 0
    formulation: str = ""
    ressource: URIRef | None = None

    @property
    def cle(self) -> tuple[str, str, str]:
        return self.fiche, self.metier, self.rubrique


def espaces(texte: str) -> str:
    """Le texte tel qu'écrit, espaces réduites : seule la mise en page du PDF ne compte pas."""
    return " ".join(unicodedata.normalize("NFC", texte).split())


def _table(nom: str) -> list[dict[str, str]]:
    with (ORACLE / nom).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def lire_oracle() -> list[Element]:
    return [
        Element(r["fiche"], r["metier"], r["rubrique"], r["categorie"], int(r["rang"]),
                int(r["parent"]) if r["parent"] else None, r["texte"], int(r["ligne"]), int(r["fin"]),
                r["formulation"])
        for r in _table("elements.tsv")
    ]


def lire_comptes() -> dict[tuple[str, str, str, str], tuple[int, int]]:
    return {
        (r["fiche"], r["metier"], r["rubrique"], r["categorie"]): (int(r["elements"]), int(r["sous_elements"]))
        for r in _table("comptes.tsv")
    }


def _rubrique(g: Graph, cle: tuple[str, str, str], membres: set[URIRef], texte: URIRef,
              categorie: URIRef | None = None, parente: URIRef | None = None) -> list[Element]:
    """Les membres d'une rubrique, rangés par schema:position, numérotés 1, 2… comme l'oracle."""
    ordre = sorted(membres, key=lambda x: int(g.value(x, SCHEMA.position)))
    rangs = {x: rang for rang, x in enumerate(ordre, start=1)}
    elements = []
    for x in ordre:
        parent = g.value(x, parente) if parente is not None else None
        valeur = g.value(x, categorie) if categorie is not None else None
        elements.append(Element(
            *cle, CATEGORIES.get(valeur, str(valeur)) if valeur is not None else "", rangs[x],
            rangs.get(parent, -1) if parent is not None else None, str(g.value(x, texte) or ""), ressource=x,
        ))
    return elements


def _du_metier(g: Graph, m: URIRef, fiche: str, metier: str) -> list[Element]:
    elements: list[Element] = []
    for rubrique, propriete in ENONCES.items():
        elements += _rubrique(g, (fiche, metier, rubrique), set(g.objects(m, propriete)), CMA.texte,
                              parente=DCTERMS.isPartOf)
    activites: set[URIRef] = set()
    pile = list(g.objects(m, CMA.activite))
    while pile:
        activites.add(activite := pile.pop())
        pile += g.objects(activite, CMA.sousActivite)
    elements += _rubrique(g, (fiche, metier, "activites"), activites, CMA.texte, CMA.frequence,
                          CMA.activiteParente)
    elements += _rubrique(g, (fiche, metier, "competences"), set(g.objects(m, CMA.miseEnOeuvre)), CMA.texte,
                          CMA.situation, CMA.miseEnOeuvreParente)
    evolutions = set(g.objects(m, CMA.evolution))
    elements += _rubrique(g, (fiche, metier, "evolutions"), evolutions, CMA.libelleCible)
    uniques = [("reserve", r) for r in sorted({str(r) for e in evolutions for r in g.objects(e, CMA.reserve)})]
    uniques += [(rubrique, str(o)) for rubrique, p in TEXTES_UNIQUES.items() for o in g.objects(m, p)]
    return elements + [Element(fiche, metier, rubrique, "", 1, None, texte) for rubrique, texte in uniques]


def elements_du_graphe(g: Graph) -> list[Element]:
    """Les éléments de chaque fiche, et de chaque métier recensé de 0104, lus dans le graphe."""
    elements: list[Element] = []
    for m in g.objects(None, CMA.ficheDe):
        code = str(g.value(m, SKOS.notation))
        elements += _du_metier(g, m, code, "")
        for recense in g.subjects(CMA.metierRegroupant, m):
            elements += _du_metier(g, recense, code, str(g.value(recense, SKOS.prefLabel)))
    return elements


def _par_rubrique(elements: list[Element]) -> dict[tuple[str, str, str], list[Element]]:
    groupes: dict[tuple[str, str, str], list[Element]] = defaultdict(list)
    for e in elements:
        groupes[e.cle].append(e)
    return {cle: sorted(liste, key=lambda e: e.rang) for cle, liste in groupes.items()}


def _nom(cle: tuple[str, str, str]) -> str:
    fiche, metier, rubrique = cle
    return f"fiche {fiche}{f' ({metier})' if metier else ''}, {rubrique}"


def ecarts(g: Graph, oracle: list[Element]) -> list[str]:
    """Ce qui diffère entre le graphe et l'oracle : textes entiers, ordre, catégorie, imbrication."""
    attendus, obtenus = _par_rubrique(oracle), _par_rubrique(elements_du_graphe(g))
    messages = []
    for cle in sorted(attendus.keys() | obtenus.keys()):
        a, o = attendus.get(cle, []), obtenus.get(cle, [])
        if len(a) != len(o):
            messages.append(f"{_nom(cle)} : {len(a)} éléments dans la source, {len(o)} dans le graphe.")
        for x, y in zip(a, o, strict=False):
            lieu = f"{_nom(cle)}, élément {x.rang} (ligne {x.ligne})"
            if espaces(x.texte) != espaces(y.texte):
                messages.append(f"{lieu} : la source dit « {x.texte} », le graphe « {y.texte} ».")
            if x.categorie != y.categorie:
                messages.append(f"{lieu} : {x.categorie or 'sans catégorie'} dans la source, "
                                f"{y.categorie or 'sans catégorie'} dans le graphe.")
            if x.parent != y.parent:
                messages.append(f"{lieu} : parent {x.parent} dans la source, {y.parent} dans le graphe.")
    return messages


# --- L'oracle lui-même ---------------------------------------------------------------------------

def test_chaque_texte_de_l_oracle_se_lit_a_ses_lignes(lignes_source):
    """Une coquille dans la table relue se verrait : chaque texte est mot pour mot aux lignes citées."""
    for e in lire_oracle():
        bloc = espaces(" ".join(lignes_source[e.ligne - 1:e.fin]))
        assert espaces(e.texte) in bloc, (e.fiche, e.ligne, e.texte)


def test_l_oracle_couvre_les_neuf_fiches_et_ses_comptes_concordent():
    oracle = lire_oracle()
    assert sorted({e.fiche for e in oracle}) == ["0101", "0102", "0103", "0104", "0105", "0106", "0107",
                                                   "0201", "0202"]
    comptes: dict[tuple[str, str, str, str], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for e in oracle:
        n, sous = comptes[(e.fiche, e.metier, e.rubrique, e.categorie)]
        comptes[(e.fiche, e.metier, e.rubrique, e.categorie)] = (n + 1, sous + (e.parent is not None))
    assert dict(comptes) == {cle: v for cle, v in lire_comptes().items() if v != (0, 0)}


# --- Le graphe contre l'oracle ---------------------------------------------------------------------

def test_textes_entiers_ordre_categorie_et_imbrication_conformes_a_la_source(publication: Graph):
    assert ecarts(publication, lire_oracle()) == []


def test_nombre_d_elements_par_rubrique_et_rubriques_vides(publication: Graph):
    comptes: dict[tuple[str, str, str, str], tuple[int, int]] = defaultdict(lambda: (0, 0))
    for e in elements_du_graphe(publication):
        n, sous = comptes[(e.fiche, e.metier, e.rubrique, e.categorie)]
        comptes[(e.fiche, e.metier, e.rubrique, e.categorie)] = (n + 1, sous + (e.parent is not None))
    attendus = lire_comptes()
    assert dict(comptes) == {cle: v for cle, v in attendus.items() if v != (0, 0)}
    # Rubrique présente mais vide dans la source : un fait, dit par cma:aucuneHabilitation.
    vides = sorted(cle[0] for cle, v in attendus.items() if cle[2] == "habilitations" and v == (0, 0))
    assert vides == sorted(str(publication.value(m, SKOS.notation))
                           for m in publication.subjects(CMA.aucuneHabilitation, None))


def test_nature_de_chaque_competence_selon_la_formule_du_guide(publication: Graph):
    obtenus = {(e.fiche, e.metier, e.rang): e.ressource for e in elements_du_graphe(publication)
               if e.rubrique == "competences"}
    for e in lire_oracle():
        if e.rubrique == "competences":
            competence = publication.value(obtenus[(e.fiche, e.metier, e.rang)], CMA.competenceMobilisee)
            nature = publication.value(competence, CMA.nature)
            assert nature in NATURES[e.formulation], (e.fiche, e.ligne, e.texte, nature)


def test_libelle_normalise_de_la_competence_a_cote_du_texte_de_la_fiche(publication: Graph):
    """Le lien garde l'énoncé mot pour mot ; la compétence partagée a le même, sans ponctuation finale."""
    def plie(texte: str) -> str:
        return espaces(texte).replace("’", "'").rstrip(" .;:")

    for e in elements_du_graphe(publication):
        if e.rubrique == "competences":
            libelle = str(publication.value(publication.value(e.ressource, CMA.competenceMobilisee),
                                            SKOS.prefLabel))
            assert libelle == libelle.rstrip(" .;:") and plie(libelle) == plie(e.texte), (e.texte, libelle)


def test_metiers_recenses_de_0104_dans_l_ordre_de_la_source(publication: Graph):
    titres = list(dict.fromkeys(e.metier for e in lire_oracle() if e.metier))  # ordre des lignes 1491 à 1645
    recenses = sorted(publication.subjects(CMA.metierRegroupant, ID["metier-0104"]),
                      key=lambda s: int(publication.value(s, SCHEMA.position)))
    assert [str(publication.value(s, SKOS.prefLabel)) for s in recenses] == titres


# --- Régressions : un test par défaut signalé (issue 10, point 8) --------------------------------

def _lien(g: Graph, metier: URIRef, position: int) -> URIRef:
    return next(lien for lien in g.objects(metier, CMA.miseEnOeuvre) if int(g.value(lien, SCHEMA.position)) == position)


def test_competence_parente_de_0103_n_est_plus_isolee(publication: Graph):
    parent = _lien(publication, ID["metier-0103"], 6)
    assert str(publication.value(parent, CMA.texte)) == "Connaissance des méthodes de management opérationnel d’une équipe :"
    enfants = sorted(publication.objects(parent, CMA.sousMiseEnOeuvre),
                     key=lambda x: int(publication.value(x, SCHEMA.position)))
    assert [str(publication.value(x, CMA.texte)).split(" ")[:2] for x in enfants] == [
        ["savoir", "formuler"], ["savoir", "organiser"], ["savoir", "animer"], ["savoir", "conduire"],
        ["savoir", "former"], ["savoir", "motiver"]]
    libelle = publication.value(publication.value(parent, CMA.competenceMobilisee), SKOS.prefLabel)
    assert str(libelle) == "Connaissance des méthodes de management opérationnel d’une équipe"


def test_ponctuation_finale_des_competences_gardee(publication: Graph):
    # Ligne 979 : « … proposées par l’entreprise. » ; ligne 1168 : apostrophe droite, sans point.
    assert str(publication.value(_lien(publication, ID["metier-0101"], 1), CMA.texte)).endswith("l’entreprise.")
    assert str(publication.value(_lien(publication, ID["metier-0102"], 11), CMA.texte)) == \
        "Pratique d'une ou de plusieurs langues étrangères"


def test_bonne_culture_generale_n_est_pas_un_savoir_force(publication: Graph):
    lien = _lien(publication, ID["metier-0102"], 5)  # ligne 1155
    competence = publication.value(lien, CMA.competenceMobilisee)
    assert str(publication.value(lien, CMA.texte)) == "Bonne culture générale en particulier en géographie."
    assert publication.value(competence, CMA.nature) == CMA.natureAutreFormulation


def test_specialistes_de_0104_non_precises_et_intitule_de_liste_garde(publication: Graph):
    medecin = ID["metier-0104-medecin-conseil-d-assistance-f-h"]
    intitules = {str(publication.value(lien, CMA.intituleRubrique)) for lien in publication.objects(medecin, CMA.miseEnOeuvre)}
    assert intitules == {"Principales compétences spécifiques mises en œuvre"}  # ligne 1588
    for specialiste in publication.subjects(CMA.metierRegroupant, ID["metier-0104"]):
        assert {publication.value(a, CMA.frequence) for a in publication.objects(specialiste, CMA.activite)} == {
            CMA.frequenceNonPrecisee}
        assert {publication.value(lien, CMA.situation) for lien in publication.objects(specialiste, CMA.miseEnOeuvre)} == {
            CMA.situationNonPrecisee}
        # Le raccourci reste : la compétence est bien celle du métier recensé, sans situation inventée.
        assert not set(publication.objects(specialiste, CMA.competenceMajorite))
        assert set(publication.objects(specialiste, CMA.competence))


def test_patrouilleur_vise_le_metier_recense_de_0104(publication: Graph):
    evolution = next(e for e in publication.objects(ID["metier-0107"], CMA.evolution)
                     if str(publication.value(e, CMA.libelleCible)) == "Patrouilleur (f/h)")  # ligne 2219
    cible = publication.value(evolution, CMA.metierCible)
    assert cible == ID["metier-0104-technicien-ne-automobile-patrouilleurs"]
    assert (cible, CMA.metierRegroupant, ID["metier-0104"]) in publication


# --- Mutation : un mot changé au milieu d'un élément fait échouer la fidélité ----------------------

@pytest.mark.parametrize(("avant", "apres", "attendu"), [
    # Ligne 1055 : une activité ; ligne 1159 : une compétence (l’énoncé gardé sur le lien).
    ("Identifie les contrats, vérifie les garanties.", "Identifie les contrats, ignore les garanties.",
     "fiche 0102, activites, élément 2 (ligne 1055)"),
    ("Savoir gérer une relation téléphonique : techniques d’accueil et d'écoute, de questionnement.",
     "Savoir gérer une relation téléphonique : techniques d’accueil et d'oubli, de questionnement.",
     "fiche 0102, competences, élément 7 (ligne 1159)"),
])
def test_un_mot_change_dans_une_fiche_fait_echouer_la_fidelite(copie_projet: Projet, avant, apres, attendu):
    chemin = copie_projet.donnees / "fiches" / "0102.ttl"
    texte = chemin.read_text(encoding="utf-8")
    assert texte.count(avant) == 1
    chemin.write_text(texte.replace(avant, apres), encoding="utf-8")
    mutee = construire(copie_projet, progression=lambda _: None).validee
    assert ecarts(mutee, lire_oracle()) == [f"{attendu} : la source dit « {avant} », le graphe « {apres} »."]

