"""Des données d'une branche (le graphe de `donnees/`) aux tables du classeur, une ligne par élément.

C'est l'inverse exact de `vers_graphe` : `exporter` le vérifie à chaque fois, et refuse d'écrire un
classeur qui perdrait un seul triplet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, SKOS

from cartographie.classeur.format import (
    CODE_METIER,
    ENONCES,
    FREQUENCE,
    NATURE,
    NON,
    OUI,
    RUBRIQUE,
    SITUATION,
    Termes,
)
from cartographie.classeur.vers_graphe import ADMS_EDITEUR, ADMS_LICENCE, THEMES_UE
from cartographie.construction.decrire import jeu_de_donnees
from cartographie.vocab import CMA, DCAT, QB, SCHEMA, SDMX_DIMENSION, SKOSXL, VCARD, VOID

Valeur = str | int | None
Tables = dict[str, list[dict[str, Valeur]]]


class _Lecteur:
    """Les valeurs d'un graphe, en texte ou en entier, sans `None` silencieux là où une valeur est due."""

    def __init__(self, graphe: Graph, base: str) -> None:
        self.g = graphe
        self.base = base

    def texte(self, sujet: Node | None, propriete: URIRef, langue: str | None = "fr") -> str:
        if sujet is None:  # pas de joker : une ressource absente n'a pas de valeur
            return ""
        for valeur in self.g.objects(sujet, propriete):
            if langue is None or getattr(valeur, "language", None) == langue:
                return str(valeur)
        return ""

    def entier(self, sujet: Node | None, propriete: URIRef) -> int | None:
        if sujet is None:
            return None
        valeur = self.g.value(sujet, propriete)
        return None if valeur is None else int(valeur)  # type: ignore[arg-type]

    def position(self, sujet: Node) -> int:
        return int(self.g.value(sujet, SCHEMA.position))  # type: ignore[arg-type]

    def local(self, iri: Node, prefixe: str = "") -> str:
        """Le nom court d'une IRI de la branche : `…/id/groupe-specifiques` → `specifiques`."""
        return str(iri).removeprefix(self.base).removeprefix(prefixe)

    def tries(self, sujets: object, cle: Callable[[Node], object]) -> list[Node]:
        return sorted(sujets, key=cle)  # type: ignore[call-overload]


def tables_depuis_graphe(graphe: Graph, termes: Termes) -> Tables:
    """Les tables du classeur pour les données `graphe` (sans déductions ni ontologie)."""
    jeu = jeu_de_donnees(graphe)
    base = str(graphe.value(jeu, VOID.uriSpace))
    lu = _Lecteur(graphe, base)
    tables: Tables = defaultdict(list)
    _branche(lu, jeu, tables)
    _nomenclature(lu, tables)
    metiers = lu.tries(graphe.subjects(RDF.type, CMA.Metier), lambda m: lu.texte(m, SKOS.notation, None))
    codes = {m: lu.texte(m, SKOS.notation, None) for m in metiers}
    _effectifs(lu, metiers, codes, tables)
    _fiches(lu, metiers, codes, tables)
    specialistes = lu.tries(graphe.subjects(RDF.type, CMA.MetierSpecialise),
                            lambda s: (codes[graphe.value(s, CMA.metierRegroupant)], lu.position(s)))
    for s in specialistes:
        regroupant = graphe.value(s, CMA.metierRegroupant)
        tables["Métiers recensés"].append({
            CODE_METIER: codes[regroupant], "Position": lu.position(s), "Intitulé": lu.texte(s, SKOS.prefLabel),
            "Identifiant": lu.local(s, f"{lu.local(regroupant)}-")})
    porteurs = [(m, codes[m], "") for m in metiers] + [
        (s, codes[graphe.value(s, CMA.metierRegroupant)], lu.texte(s, SKOS.prefLabel)) for s in specialistes]
    for porteur, code, recense in porteurs:
        tables["Rubriques"] += _rubriques(lu, termes, porteur, code, recense)
    _mobilites(lu, metiers, codes, tables)
    return dict(tables)


def _valeur(g: Graph, sujet: Node | None, propriete: URIRef) -> Node | None:
    return None if sujet is None else g.value(sujet, propriete)


def _code(iri: Node | None, prefixe: str) -> str:
    return "" if iri is None else str(iri).removeprefix(prefixe)


def _agent(lu: _Lecteur, agent: Node | None, cle: str) -> dict[str, str]:
    return {cle: lu.texte(agent, FOAF.name), f"{cle} : identifiant": lu.local(agent) if agent is not None else "",
            f"{cle} : type": _code(_valeur(lu.g, agent, DCTERMS.type), ADMS_EDITEUR)}


def _branche(lu: _Lecteur, jeu: Node, tables: Tables) -> None:
    g = lu.g
    source = g.value(jeu, PROV.wasDerivedFrom)
    catalogue = next(g.subjects(RDF.type, DCAT.Catalog), None)
    licence = g.value(jeu, DCTERMS.license)
    contact = g.value(jeu, DCAT.contactPoint)
    periode = g.value(jeu, DCTERMS.temporal)
    nomenclature = URIRef(f"{lu.base}nomenclature")
    jeux = {str(g.value(d, QB.structure)): d for d in g.subjects(RDF.type, QB.DataSet)}
    effectifs, agregats = jeux.get(str(CMA.structureEffectifs)), jeux.get(str(CMA.structureEffectifsAgregats))
    valeurs = {
        "Nom de la branche": lu.texte(jeu, CMA.nomBranche),
        "IRI de base": lu.base,
        "Adresse de publication": str(g.value(jeu, DCAT.landingPage) or ""),
        "Titre": lu.texte(jeu, DCTERMS.title),
        "Description": lu.texte(jeu, DCTERMS.description),
        "Titre du catalogue": lu.texte(catalogue, DCTERMS.title),
        "Description du catalogue": lu.texte(catalogue, DCTERMS.description),
        "Licence": str(licence or ""),
        "Licence : titre": lu.texte(licence, DCTERMS.title),
        "Licence : type": _code(_valeur(g, licence, DCTERMS.type), ADMS_LICENCE),
        **_agent(lu, g.value(jeu, DCTERMS.publisher), "Éditeur"),
        **_agent(lu, g.value(jeu, DCTERMS.creator), "Auteur"),
        "Contact : nom": lu.texte(contact, VCARD.fn),
        "Contact : adresse": str(_valeur(g, contact, VCARD.hasURL) or ""),
        "Date de publication": lu.texte(jeu, DCTERMS.issued, None),
        "Date de mise à jour": lu.texte(jeu, DCTERMS.modified, None),
        "Période : début": lu.texte(periode, DCAT.startDate, None),
        "Période : fin": lu.texte(periode, DCAT.endDate, None),
        "Thèmes": " ; ".join(sorted(_code(t, THEMES_UE) for t in g.objects(jeu, DCAT.theme))),
        "Mots-clés": " ; ".join(sorted(str(m) for m in g.objects(jeu, DCAT.keyword))),
        "Intitulé de la nomenclature": lu.texte(nomenclature, SKOS.prefLabel),
        "Intitulé de la nomenclature (anglais)": lu.texte(nomenclature, SKOS.prefLabel, "en"),
        "Source : identifiant": lu.local(source) if source is not None else "",
        "Source : titre": lu.texte(source, DCTERMS.title),
        "Source : auteur": lu.texte(source, DCTERMS.creator, None),
        "Source : contributeur": lu.texte(source, DCTERMS.contributor, None),
        "Source : date": lu.texte(source, DCTERMS.issued, None),
        "Source : citation": lu.texte(source, DCTERMS.bibliographicCitation),
        "Effectifs : titre": lu.texte(effectifs, DCTERMS.title),
        "Effectifs : titre (anglais)": lu.texte(effectifs, DCTERMS.title, "en"),
        "Effectifs : note": lu.texte(effectifs, SKOS.editorialNote),
        "Effectifs agrégés : titre": lu.texte(agregats, DCTERMS.title),
        "Effectifs agrégés : titre (anglais)": lu.texte(agregats, DCTERMS.title, "en"),
        "Effectifs agrégés : note": lu.texte(agregats, SKOS.editorialNote),
    }
    tables["Branche"] = [{"Clé": cle, "Valeur": valeur} for cle, valeur in valeurs.items()]


def _nomenclature(lu: _Lecteur, tables: Tables) -> None:
    g = lu.g
    for groupe in lu.tries(g.subjects(RDF.type, CMA.GroupeFamilles), lambda s: lu.texte(s, SKOS.notation, None)):
        tables["Groupes"].append({"Code": lu.texte(groupe, SKOS.notation, None),
                                  "Intitulé": lu.texte(groupe, SKOS.prefLabel),
                                  "Identifiant": lu.local(groupe, "groupe-")})
    for famille in lu.tries(g.subjects(RDF.type, CMA.FamilleMetiers), lambda s: lu.texte(s, SKOS.notation, None)):
        tables["Familles"].append({"Code": lu.texte(famille, SKOS.notation, None),
                                   "Intitulé": lu.texte(famille, SKOS.prefLabel),
                                   "Groupe": lu.texte(g.value(famille, CMA.groupe), SKOS.notation, None)})


def _effectifs(lu: _Lecteur, metiers: list[Node], codes: dict[Node, str], tables: Tables) -> None:
    g = lu.g
    observations = {g.value(o, CMA.perimetre): o for o in g.subjects(RDF.type, QB.Observation)}

    def date(o: Node | None) -> str:
        return lu.texte(o, SDMX_DIMENSION.refPeriod, None)

    for m in metiers:
        o = observations.get(m)
        tables["Métiers"].append({"Code": codes[m], "Intitulé": lu.texte(m, SKOS.prefLabel),
                                  "Famille": lu.texte(g.value(m, CMA.famille), SKOS.notation, None),
                                  "Effectif": lu.entier(o, CMA.effectif),
                                  "Nombre de sociétés": lu.entier(o, CMA.nombreSocietes), "Date de référence": date(o)})
    groupes = {g.value(groupe, SKOS.notation): groupe for groupe in g.subjects(RDF.type, CMA.GroupeFamilles)}
    for p in sorted(g.subjects(SKOS.inScheme, URIRef(f"{lu.base}perimetres"))):
        o = observations.get(p)
        parent = g.value(p, SKOS.broader)
        tables["Périmètres"].append({
            "Identifiant": lu.local(p, "perimetre-"), "Intitulé": lu.texte(p, SKOS.prefLabel),
            "Intitulé (anglais)": lu.texte(p, SKOS.prefLabel, "en"),
            "Parent": lu.local(parent, "perimetre-") if parent is not None else "",
            "Groupes": " ; ".join(sorted(str(code) for code, groupe in groupes.items()
                                         if (p, SKOS.narrowMatch, groupe) in g)),
            "Effectif": lu.entier(o, CMA.effectif), "Date de référence": date(o)})


def _oui_non(valeur: Literal | None) -> str:
    return OUI if valeur is not None and valeur.toPython() is True else NON


def _fiches(lu: _Lecteur, metiers: list[Node], codes: dict[Node, str], tables: Tables) -> None:
    g = lu.g
    for m in metiers:
        fiche = g.value(m, CMA.fiche)
        if fiche is None:
            continue
        tables["Fiches"].append({
            CODE_METIER: codes[m], "Titre": lu.texte(fiche, DCTERMS.title),
            "Version": lu.texte(fiche, OWL.versionInfo), "Date de version": lu.texte(fiche, DCTERMS.modified, None),
            "Complète": _oui_non(g.value(fiche, CMA.complete)),  # type: ignore[arg-type]
            "Section de la source": lu.texte(fiche, CMA.sectionSource),
            "Première ligne": lu.entier(fiche, CMA.premiereLigne),
            "Dernière ligne": lu.entier(fiche, CMA.derniereLigne),
            "Mission": lu.texte(m, SKOS.definition),
            "Rattachements hiérarchiques": lu.texte(m, CMA.rattachementHierarchique),
            "Aucune habilitation": _oui_non(g.value(m, CMA.aucuneHabilitation)),  # type: ignore[arg-type]
            "Commentaire sur les évolutions": lu.texte(m, CMA.commentaireEvolution),
            "Note": "\n".join(sorted(str(n) for n in g.objects(fiche, SKOS.editorialNote))),
        })
        emplois = lu.tries(g.objects(m, SKOSXL.altLabel), lu.position)
        for emploi in emplois:
            note = lu.texte(emploi, SKOS.scopeNote)
            # « Intitulé rencontré dans 1 société(s). » : la note est calculée depuis ce nombre à l'import.
            societes = int(note.split(" dans ")[1].split()[0]) if note else None
            tables["Emplois"].append({CODE_METIER: codes[m], "Position": lu.position(emploi),
                                      "Intitulé": lu.texte(emploi, SKOSXL.literalForm), "Nombre de sociétés": societes})


def _rubriques(lu: _Lecteur, termes: Termes, porteur: Node, code: str, recense: str) -> list[dict[str, Valeur]]:
    g = lu.g
    lignes: list[dict[str, Valeur]] = []

    def ligne(classe: URIRef, noeud: Node, parent: Node | None, texte: str, **choix: str) -> None:
        lignes.append({CODE_METIER: code, "Métier recensé": recense, RUBRIQUE: termes.libelle(RUBRIQUE, classe),
                       "Position": lu.position(noeud), "Parent": lu.position(parent) if parent is not None else None,
                       "Texte": texte, "Intitulé de la rubrique": lu.texte(noeud, CMA.intituleRubrique),
                       FREQUENCE: choix.get(FREQUENCE, ""), SITUATION: choix.get(SITUATION, ""),
                       NATURE: choix.get(NATURE, "")})

    def activites() -> None:
        racines = set(g.objects(porteur, CMA.activite))
        toutes = racines | {a for parent in racines for a in g.objects(parent, CMA.sousActivite)}
        for a in lu.tries(toutes, lu.position):
            ligne(CMA.Activite, a, g.value(a, CMA.activiteParente), lu.texte(a, CMA.texte),
                  **{FREQUENCE: termes.libelle(FREQUENCE, g.value(a, CMA.frequence))})  # type: ignore[arg-type]

    def competences() -> None:
        for lien in lu.tries(g.objects(porteur, CMA.miseEnOeuvre), lu.position):
            competence = g.value(lien, CMA.competenceMobilisee)
            ligne(CMA.Competence, lien, g.value(lien, CMA.miseEnOeuvreParente), lu.texte(lien, CMA.texte), **{
                SITUATION: termes.libelle(SITUATION, g.value(lien, CMA.situation)),  # type: ignore[arg-type]
                NATURE: termes.libelle(NATURE, g.value(competence, CMA.nature))})  # type: ignore[arg-type]

    def enonces(propriete: URIRef, classe: URIRef) -> None:
        for enonce in lu.tries(g.objects(porteur, propriete), lu.position):
            ligne(classe, enonce, g.value(enonce, DCTERMS.isPartOf), lu.texte(enonce, CMA.texte))

    # Dans l'ordre des rubriques d'une fiche : conditions, activités, caractéristiques, compétences, profil.
    conditions, caracteristiques, *profil = ENONCES
    enonces(*conditions[:2])
    activites()
    enonces(*caracteristiques[:2])
    competences()
    for propriete, classe, _ in profil:
        enonces(propriete, classe)
    return lignes


def _mobilites(lu: _Lecteur, metiers: list[Node], codes: dict[Node, str], tables: Tables) -> None:
    g = lu.g
    for cite in sorted(g.subjects(RDF.type, CMA.MetierHorsNomenclature)):
        tables["Métiers cités"].append({"Identifiant": lu.local(cite, "metier-hors-nomenclature-"),
                                        "Intitulé": lu.texte(cite, SKOS.prefLabel)})
    def reference(cible: Node) -> str:
        """Le code d'un métier, `CODE/identifiant` d'un métier recensé, ou l'identifiant d'un métier cité."""
        if cible in codes:
            return codes[cible]
        regroupant = g.value(cible, CMA.metierRegroupant)
        if regroupant is not None:
            return f"{codes[regroupant]}/{lu.local(cible, f'{lu.local(regroupant)}-')}"
        return lu.local(cible, "metier-hors-nomenclature-")

    for m in metiers:
        for evolution in lu.tries(g.objects(m, CMA.evolution), lu.position):
            tables["Mobilités"].append({
                CODE_METIER: codes[m], "Position": lu.position(evolution),
                "Libellé cible": lu.texte(evolution, CMA.libelleCible),
                "Cible": reference(g.value(evolution, CMA.metierCible)),  # type: ignore[arg-type]
                "Réserve": lu.texte(evolution, CMA.reserve)})

