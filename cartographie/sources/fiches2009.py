"""Des fiches lues dans la source (module `document2009`) au RDF de `donnees/fiches/`.

Le Turtle produit est ensuite la référence : `cartographie extraire` ne sert qu'à le produire
ou à le reproduire si l'Observatoire republie le texte. Les choix d'interprétation sont ici,
nommés et testés : nature d'une compétence d'après sa formulation (guide de lecture, section II),
identité d'une compétence partagée, résolution des métiers cibles d'évolution.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import ClassVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from cartographie.io.ecriture import publier_dossier
from cartographie.io.rdf import charger, en_turtle
from cartographie.projet import Projet
from cartographie.sources.document2009 import (
    FREQUENT,
    MAJORITE,
    RARE,
    SPECIFIQUE,
    Element,
    Fiche,
    chemin_source,
    lire_fiches,
    societes_citees,
)
from cartographie.texte import empreinte, libelle_competence, normaliser, slug
from cartographie.vocab import CMA, ID, SCHEMA, SKOSXL

# Les métiers recensés de la fiche 0104 n'ont ni fréquence ni situation dans la source.
NON_PRECISE = "non-precise"
FREQUENCES = {MAJORITE: CMA.frequenceMajorite, FREQUENT: CMA.frequenceFrequente, RARE: CMA.frequenceRare,
              NON_PRECISE: CMA.frequenceNonPrecisee}
SITUATIONS = {MAJORITE: CMA.situationMajorite, SPECIFIQUE: CMA.situationSpecifique,
              NON_PRECISE: CMA.situationNonPrecisee}
VERSION_FICHES = date(2009, 6, 10)
SOURCE_IRI = ID["source-cartographie-2009"]

# Savoir-faire relationnels ou comportementaux : les exemples du guide de lecture (« savoir
# négocier », « savoir écouter », « savoir s'exprimer en public », « savoir animer des réunions »)
# et les formulations de même nature des fiches. Tout autre « Savoir + verbe » est technique.
_RELATIONNELS = (
    "gérer une relation", "gérer l'accueil téléphonique", "désamorcer", "anticiper et désamorcer",
    "anticiper ou désamorcer", "communiquer", "négocier", "écouter", "convaincre", "s'exprimer",
    "animer", "motiver", "conduire des entretiens", "conduire les entretiens",
)
# Formules du guide de lecture (lignes 820 à 830) : « connaissance de… » (ou « compréhension
# de… ») pour un savoir ; « Connaissances et savoir(s) faire associés… » n'en est pas une.
_SAVOIRS = ("connaissance", "compréhension")
_HORS_GUIDE = ("connaissances et savoir faire", "connaissances et savoirs faire")


def nature(texte: str) -> URIRef:
    """La nature d'une compétence d'après la formulation que fixe le guide de lecture."""
    cle = normaliser(texte)
    if cle.startswith("pratique d"):
        return CMA.natureLangue
    if cle.startswith("savoir "):
        verbe = cle.removeprefix("savoir ")
        return CMA.natureSavoirFaireRelationnel if verbe.startswith(_RELATIONNELS) else CMA.natureSavoirFaireTechnique
    if (cle.startswith(_SAVOIRS) and not cle.startswith(_HORS_GUIDE)) or re.match(r"^pour .*, connaissance ", cle):
        return CMA.natureSavoir
    # « Bonne culture générale… », « Compétences médicales… » : la source ne dit pas leur nature.
    return CMA.natureAutreFormulation


def competence_iri(texte: str) -> URIRef:
    """Même énoncé normalisé, même IRI : c'est ce qui fait d'une compétence une ressource partagée."""
    return ID[f"competence-{empreinte(texte)}"]


def specialiste_iri(code: str, titre: str) -> URIRef:
    """Un métier recensé dans une fiche de regroupement : le code de la fiche et son titre."""
    return ID[f"metier-{code}-{slug(titre)}"]


class Resolveur:
    """Trouve le métier que désigne un intitulé de cible d'évolution."""

    # Variantes d'écriture d'un même métier de la nomenclature (la cible garde son libellé écrit).
    VARIANTES: ClassVar[dict[str, str]] = {
        "animateur(trice) de réseau de prestataires": "0502",
        "coordinateur(trice) opérationnel(le) de plateaux": "0302",
        "gestionnaire de dossiers d'assistance": "0401",
        "formateur(trice) d'assistance": "0804",
        "commercial(e) clients entreprises ou particuliers": "0602",
        "médecin de transport médical": "0204",
    }
    # Cibles qui désignent un métier recensé de la fiche 0104 (titre de la ligne 1511).
    SPECIALISTES: ClassVar[dict[str, str]] = {
        "patrouilleur (f/h)": "Technicien(ne) automobile patrouilleurs",
    }

    def __init__(self, nomenclature: Graph) -> None:
        self.codes: dict[str, str] = {}
        for metier, code in nomenclature.subject_objects(SKOS.notation):
            if (metier, RDF.type, CMA.Metier) in nomenclature:
                self.codes[normaliser(str(nomenclature.value(metier, SKOS.prefLabel)))] = str(code)
        self.codes.update(self.VARIANTES)

    def __call__(self, intitule: str) -> tuple[URIRef, bool]:
        """L'IRI du métier et vrai s'il est de la nomenclature, faux s'il est sans fiche."""
        # Une précision finale entre parenthèses (« (réseaux de dépannage …) ») ne change pas le métier.
        cle = normaliser(re.sub(r"\s*\([^()]{8,}\)$", "", normaliser(intitule)))
        sans_fh = normaliser(re.sub(r"\(f/h\)", "", cle))
        code = self.codes.get(cle) or self.codes.get(sans_fh) or self.codes.get(f"{sans_fh} (f/h)")
        if code:
            return ID[f"metier-{code}"], True
        if cle in self.SPECIALISTES:
            return specialiste_iri("0104", self.SPECIALISTES[cle]), True
        return ID[f"metier-hors-nomenclature-{slug(intitule)}"], False


def _enonces(g: Graph, metier: URIRef, propriete: URIRef, classe: URIRef, nom: str,
             elements: Iterable[Element]) -> None:
    rang = 0
    for racine in elements:
        parent = None
        for element in racine.tous():
            rang += 1
            enonce = URIRef(f"{metier}-{nom}-{rang:02d}")
            g.add((metier, propriete, enonce))
            g.add((enonce, RDF.type, classe))
            g.add((enonce, CMA.texte, Literal(element.texte, lang="fr")))
            g.add((enonce, SCHEMA.position, Literal(rang)))
            if parent is not None:
                g.add((enonce, DCTERMS.isPartOf, parent))
            else:
                parent = enonce


def _activites(g: Graph, metier: URIRef, par_frequence: dict[str, list[Element]]) -> None:
    rang = 0
    for frequence in FREQUENCES:
        for racine in par_frequence.get(frequence, []):
            rang += 1
            parent = URIRef(f"{metier}-activite-{rang:02d}")
            _activite(g, parent, racine, frequence, rang)
            g.add((metier, CMA.activite, parent))
            for enfant in racine.enfants:
                rang += 1
                activite = URIRef(f"{metier}-activite-{rang:02d}")
                _activite(g, activite, enfant, frequence, rang)
                g.add((parent, CMA.sousActivite, activite))
                g.add((activite, CMA.activiteParente, parent))


def _activite(g: Graph, activite: URIRef, element: Element, frequence: str, rang: int) -> None:
    g.add((activite, RDF.type, CMA.Activite))
    g.add((activite, CMA.texte, Literal(element.texte, lang="fr")))
    g.add((activite, CMA.frequence, FREQUENCES[frequence]))
    g.add((activite, SCHEMA.position, Literal(rang)))


def _competences(g: Graph, competences: Graph, metier: URIRef,
                 par_situation: dict[str, list[Element]], intitule: str | None = None) -> None:
    """Un lien par élément, qui garde l'énoncé mot pour mot ; la compétence partagée porte le libellé
    normalisé. Un sous-élément est un lien du métier rattaché au lien qui l'annonce (« … : »)."""
    rang = 0
    for situation in SITUATIONS:
        for racine in par_situation.get(situation, []):
            parent: tuple[URIRef, URIRef] | None = None
            for element in racine.tous():
                rang += 1
                competence = competence_iri(element.texte)
                if (competence, RDF.type, CMA.Competence) not in competences:
                    competences.add((competence, RDF.type, CMA.Competence))
                    competences.add((competence, SKOS.inScheme, ID.competences))
                    competences.add((competence, SKOS.prefLabel, Literal(libelle_competence(element.texte), lang="fr")))
                    competences.add((competence, CMA.nature, nature(element.texte)))
                lien = URIRef(f"{metier}-competence-{rang:02d}")
                g.add((metier, CMA.miseEnOeuvre, lien))
                g.add((lien, RDF.type, CMA.MiseEnOeuvreCompetence))
                g.add((lien, CMA.competenceMobilisee, competence))
                g.add((lien, CMA.texte, Literal(element.texte, lang="fr")))
                g.add((lien, CMA.situation, SITUATIONS[situation]))
                g.add((lien, SCHEMA.position, Literal(rang)))
                if intitule:
                    g.add((lien, CMA.intituleRubrique, Literal(intitule, lang="fr")))
                if parent is None:
                    parent = (lien, competence)
                else:
                    g.add((parent[0], CMA.sousMiseEnOeuvre, lien))
                    g.add((lien, CMA.miseEnOeuvreParente, parent[0]))
                    competences.add((competence, SKOS.broader, parent[1]))


def _emplois(g: Graph, metier: URIRef, code: str, denominations: list[str]) -> None:
    """Les autres dénominations sont des libellés SKOS-XL du métier : une seule ressource par intitulé,
    dont le skos:altLabel du métier est déduit (axiome de SKOS-XL, ontologie/regles/)."""
    for rang, denomination in enumerate(denominations, start=1):
        intitule, societes = societes_citees(denomination)
        emploi = ID[f"emploi-{code}-{rang:02d}"]
        g.add((emploi, RDF.type, CMA.Emploi))
        g.add((emploi, SKOSXL.literalForm, Literal(intitule, lang="fr")))
        g.add((emploi, SCHEMA.position, Literal(rang)))
        g.add((metier, SKOSXL.altLabel, emploi))
        if societes is not None:
            g.add((emploi, SKOS.scopeNote, Literal(f"Intitulé rencontré dans {societes} société(s).", lang="fr")))


def _evolutions(g: Graph, sans_fiche: Graph, metier: URIRef, fiche: Fiche, resoudre: Resolveur) -> None:
    for rang, element in enumerate(fiche.rubriques.get("evolutions", []), start=1):
        cible, nomenclature = resoudre(element.texte)
        evolution = URIRef(f"{metier}-evolution-{rang:02d}")
        g.add((metier, CMA.evolution, evolution))
        g.add((evolution, RDF.type, CMA.Evolution))
        g.add((evolution, CMA.metierCible, cible))
        g.add((evolution, CMA.libelleCible, Literal(element.texte, lang="fr")))
        g.add((evolution, SCHEMA.position, Literal(rang)))
        if fiche.reserve:
            g.add((evolution, CMA.reserve, Literal(fiche.reserve, lang="fr")))
        if not nomenclature and (cible, RDF.type, CMA.MetierHorsNomenclature) not in sans_fiche:
            sans_fiche.add((cible, RDF.type, CMA.MetierHorsNomenclature))
            sans_fiche.add((cible, SKOS.inScheme, ID["metiers-cites"]))
            sans_fiche.add((cible, SKOS.prefLabel, Literal(element.texte.replace("’", "'"), lang="fr")))


def _provenance(g: Graph, metier: URIRef, fiche: Fiche) -> None:
    document = ID[f"fiche-{fiche.code}"]
    g.add((metier, CMA.fiche, document))
    g.add((document, RDF.type, CMA.FicheMetier))
    g.add((document, CMA.ficheDe, metier))
    g.add((document, DCTERMS.title, Literal(f"Fiche Métier {fiche.code}", lang="fr")))
    g.add((document, PROV.wasDerivedFrom, SOURCE_IRI))
    g.add((document, DCTERMS.isPartOf, SOURCE_IRI))
    g.add((document, CMA.sectionSource, Literal("Chapitre 3 : les fiches Métiers réalisées", lang="fr")))
    g.add((document, CMA.premiereLigne, Literal(fiche.premiere_ligne, datatype=XSD.positiveInteger)))
    g.add((document, CMA.derniereLigne, Literal(fiche.derniere_ligne, datatype=XSD.positiveInteger)))
    g.add((document, OWL.versionInfo, Literal("Version du 10 juin 2009", lang="fr")))
    g.add((document, DCTERMS.modified, Literal(VERSION_FICHES.isoformat(), datatype=XSD.date)))
    g.add((document, CMA.complete, Literal(fiche.complete)))
    if not fiche.complete:
        g.add((document, SKOS.editorialNote, Literal(
            "La source s'interrompt dans la rubrique « Compétences mises en œuvre dans des situations de "
            "travail spécifiques » : profil de recrutement et évolutions manquent (inconnus, pas vides).",
            lang="fr")))


def fiche_en_rdf(fiche: Fiche, resoudre: Resolveur, competences: Graph, sans_fiche: Graph) -> Graph:
    """Le graphe d'une fiche ; les compétences et les métiers sans fiche vont dans les graphes partagés."""
    g = Graph()
    metier = ID[f"metier-{fiche.code}"]
    _provenance(g, metier, fiche)
    g.add((metier, SKOS.definition, Literal(fiche.mission, lang="fr")))
    g.add((metier, CMA.rattachementHierarchique, Literal(fiche.rattachements, lang="fr")))
    _emplois(g, metier, fiche.code, fiche.denominations)
    r = fiche.rubriques
    _activites(g, metier, {f: r.get(f"activites-{f}", []) for f in FREQUENCES})
    _competences(g, competences, metier, {s: r.get(f"competences-{s}", []) for s in SITUATIONS})
    for cle, propriete, classe, nom in (
        ("conditions", CMA.conditionExercice, CMA.ConditionExercice, "condition"),
        ("caracteristiques", CMA.caracteristique, CMA.Caracteristique, "caracteristique"),
        ("aptitudes", CMA.aptitude, CMA.Aptitude, "aptitude"),
        ("formation", CMA.exigenceFormation, CMA.ExigenceFormation, "formation"),
        ("habilitations", CMA.habilitation, CMA.Habilitation, "habilitation"),
        ("evolution-interne", CMA.evolutionInterne, CMA.EvolutionInterne, "evolution-interne"),
    ):
        _enonces(g, metier, propriete, classe, nom, r.get(cle, []))
    if "habilitations" in r and not r["habilitations"]:
        g.add((metier, CMA.aucuneHabilitation, Literal(True)))
    if fiche.commentaire_evolution:
        g.add((metier, CMA.commentaireEvolution, Literal(fiche.commentaire_evolution, lang="fr")))
    _evolutions(g, sans_fiche, metier, fiche, resoudre)
    for rang, recense in enumerate(fiche.recenses, start=1):
        specialiste = specialiste_iri(fiche.code, recense.titre)
        g.add((specialiste, RDF.type, CMA.MetierSpecialise))
        g.add((specialiste, SKOS.inScheme, ID.nomenclature))
        g.add((specialiste, SKOS.prefLabel, Literal(recense.titre.replace("’", "'"), lang="fr")))
        g.add((specialiste, CMA.metierRegroupant, metier))
        g.add((specialiste, SCHEMA.position, Literal(rang)))
        # La fiche 0104 ne dit ni la fréquence des activités des métiers recensés ni la situation de
        # leurs « principales compétences » : « non précisé », et l'intitulé de la liste est gardé.
        _activites(g, specialiste, {NON_PRECISE: recense.activites})
        _competences(g, competences, specialiste, {NON_PRECISE: recense.competences}, recense.intitule_competences)
    if fiche.recenses:
        g.add((ID[f"fiche-{fiche.code}"], SKOS.editorialNote, Literal(
            "Fiche de regroupement : les activités et les principales compétences de chaque métier recensé "
            "ne sont classées ni par fréquence ni par situation dans la source ; elles sont marquées « non "
            "précisé », et chaque lien de compétence garde l'intitulé de sa liste (« Principales compétences "
            "mises en œuvre », ou « Principales compétences spécifiques mises en œuvre » pour le médecin "
            "conseil).", lang="fr")))
    return g


_ENTETE = (
    "# Produit par `cartographie extraire` depuis donnees/sources/cartographie-metiers-assistance-2009.txt,\n"
    "# puis relu : ce fichier est désormais la référence (les tests le confrontent au texte source).\n"
    "# Source : Observatoire des Métiers de l'Assistance (CNPEF de la branche Assistance), avec le cabinet\n"
    "# Humané, « Cartographie des métiers de l'Assistance », 2009.\n"
)


def fichiers_des_fiches(fiches: list[Fiche], nomenclature: Graph) -> dict[str, Graph]:
    """Un graphe par fiche, plus les compétences partagées et les métiers cités sans fiche."""
    resoudre = Resolveur(nomenclature)
    competences, sans_fiche = Graph(), Graph()
    competences.add((ID.competences, RDF.type, SKOS.ConceptScheme))
    competences.add((ID.competences, SKOS.prefLabel, Literal("Compétences des fiches Métiers", lang="fr")))
    sans_fiche.add((ID["metiers-cites"], RDF.type, SKOS.ConceptScheme))
    sans_fiche.add((ID["metiers-cites"], SKOS.prefLabel,
                    Literal("Métiers cités comme évolutions, sans fiche Métier", lang="fr")))
    graphes = {f"{fiche.code}.ttl": fiche_en_rdf(fiche, resoudre, competences, sans_fiche) for fiche in fiches}
    graphes["competences.ttl"] = competences
    graphes["metiers-sans-fiche.ttl"] = sans_fiche
    return graphes


def entete_turtle() -> str:
    return _ENTETE


def extraire(projet: Projet, source: Path | None = None) -> dict[str, Graph]:
    """Relit les fiches dans le texte source et réécrit `donnees/fiches/*.ttl` ; rend les graphes écrits."""
    nomenclature = charger([projet.donnees / "nomenclature.ttl"])
    graphes = fichiers_des_fiches(lire_fiches(source or chemin_source(projet)), nomenclature)
    publier_dossier(projet.donnees / "fiches", {
        nom: entete_turtle() + en_turtle(graphe) for nom, graphe in graphes.items()
    })
    return graphes
