"""Des tables contrôlées du classeur aux graphes des fichiers de données, disposés comme `donnees/`.

Les IRI viennent des codes, des positions et des identifiants écrits dans le classeur, sur l'IRI de base
de la branche : `metier-1203`, `metier-1203-activite-03`, `emploi-1203-02`, `observation-2024-1203`.
Une compétence a pour IRI l'empreinte de son énoncé normalisé, comme celles lues dans le texte de 2009 :
deux fiches qui écrivent la même compétence désignent la même ressource.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, SKOS, XSD

from cartographie.classeur.controle import Ligne, Tables
from cartographie.classeur.format import CODE_METIER, ENONCES, FREQUENCE, NATURE, OUI, RUBRIQUE, SITUATION, Termes
from cartographie.texte import empreinte, libelle_competence
from cartographie.vocab import CMA, DCAT, QB, SCHEMA, SDMX_DIMENSION, SKOSXL, VCARD, VOID

# Libellés des schémas de concepts communs à toutes les branches.
COMPETENCES = "Compétences des fiches Métiers"
METIERS_CITES = "Métiers cités comme évolutions, sans fiche Métier"
PERIMETRES = {"fr": "Périmètres d'effectifs", "en": "Headcount scopes"}
COLLECTION = {"fr": "Périmètres des observations d'effectif", "en": "Scopes of the headcount observations"}
# Les vocabulaires de l'UE et d'ADMS d'où viennent thèmes et types d'agents ou de licences (par leur code).
THEMES_UE = "http://publications.europa.eu/resource/authority/data-theme/"
ADMS_EDITEUR = "http://purl.org/adms/publishertype/"
ADMS_LICENCE = "http://purl.org/adms/licencetype/"


def _fr(texte: object) -> Literal:
    return Literal(str(texte), lang="fr")


def _entier(valeur: object) -> Literal:
    return Literal(int(valeur))  # type: ignore[call-overload]


class _Carte:
    """Les graphes en construction et les IRI déjà attribuées, pour résoudre les références."""

    def __init__(self, tables: Tables, termes: Termes) -> None:
        self.tables = tables
        self.termes = termes
        self.branche = {ligne.texte("Clé"): ligne.texte("Valeur") for ligne in tables.get("Branche", [])}
        self.id = Namespace(self.branche["IRI de base"])
        self.branche_g, self.nomenclature, self.competences, self.cites = Graph(), Graph(), Graph(), Graph()
        self.fiches: dict[str, Graph] = defaultdict(Graph)
        self.metiers: dict[str, URIRef] = {}
        self.groupes: dict[str, URIRef] = {}
        self.source = self.id[self.branche["Source : identifiant"]]

    def fiche(self, ligne: Ligne) -> Graph:
        return self.fiches[ligne.texte(CODE_METIER)]

    def metier(self, ligne: Ligne) -> URIRef:
        return self.metiers[ligne.texte(CODE_METIER)]


def graphes_depuis_tables(tables: Tables, termes: Termes) -> dict[str, Graph]:
    """Les graphes des fichiers de données, par chemin relatif (`nomenclature.ttl`, `fiches/1203.ttl`…)."""
    carte = _Carte(tables, termes)
    _branche(carte)
    _nomenclature(carte)
    _effectifs(carte)
    _fiches(carte)
    porteurs = _recenses(carte)
    _rubriques(carte, porteurs)
    _mobilites(carte)
    graphes = {"branche.ttl": carte.branche_g, "nomenclature.ttl": carte.nomenclature}
    graphes.update({f"fiches/{code}.ttl": g for code, g in sorted(carte.fiches.items())})
    if len(carte.competences):
        graphes["fiches/competences.ttl"] = carte.competences
    if len(carte.cites):
        graphes["fiches/metiers-sans-fiche.ttl"] = carte.cites
    return graphes


def _liste(texte: str) -> list[str]:
    """Les valeurs d'une cellule qui en porte plusieurs, séparées par « ; »."""
    return [v.strip() for v in texte.split(";") if v.strip()]


def _agent(g: Graph, b: dict[str, str], identifiants: Namespace, cle: str) -> URIRef:
    agent = identifiants[b[f"{cle} : identifiant"]]
    for p, o in ((RDF.type, FOAF.Agent), (RDF.type, FOAF.Organization), (FOAF.name, _fr(b[cle]))):
        g.add((agent, p, o))
    if b.get(f"{cle} : type"):
        g.add((agent, DCTERMS.type, URIRef(ADMS_EDITEUR + b[f"{cle} : type"])))
    return agent


def _branche(carte: _Carte) -> None:
    g, b, identifiants = carte.branche_g, carte.branche, carte.id
    jeu, catalogue, source = identifiants["jeu-de-donnees"], identifiants.catalogue, carte.source
    g.add((catalogue, RDF.type, DCAT.Catalog))
    g.add((catalogue, DCTERMS.title, _fr(b["Titre du catalogue"])))
    g.add((catalogue, DCTERMS.description, _fr(b["Description du catalogue"])))
    g.add((jeu, RDF.type, DCAT.Dataset))
    g.add((jeu, CMA.nomBranche, _fr(b["Nom de la branche"])))
    g.add((jeu, VOID.uriSpace, Literal(b["IRI de base"])))
    g.add((jeu, DCAT.landingPage, URIRef(b["Adresse de publication"])))
    g.add((jeu, DCTERMS.title, _fr(b["Titre"])))
    g.add((jeu, DCTERMS.description, _fr(b["Description"])))
    licence = URIRef(b["Licence"])
    g.add((jeu, DCTERMS.license, licence))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, _fr(b["Licence : titre"])))
    if b.get("Licence : type"):
        g.add((licence, DCTERMS.type, URIRef(ADMS_LICENCE + b["Licence : type"])))
    g.add((jeu, DCTERMS.publisher, _agent(g, b, identifiants, "Éditeur")))
    if b.get("Auteur"):
        g.add((jeu, DCTERMS.creator, _agent(g, b, identifiants, "Auteur")))
    if b.get("Contact : nom"):
        contact = identifiants.contact
        g.add((jeu, DCAT.contactPoint, contact))
        for p, o in ((RDF.type, VCARD.Organization), (RDF.type, VCARD.Kind), (VCARD.fn, _fr(b["Contact : nom"]))):
            g.add((contact, p, o))
        if b.get("Contact : adresse"):
            g.add((contact, VCARD.hasURL, URIRef(b["Contact : adresse"])))
    g.add((jeu, DCTERMS.issued, Literal(b["Date de publication"], datatype=XSD.date)))
    if b.get("Date de mise à jour"):
        g.add((jeu, DCTERMS.modified, Literal(b["Date de mise à jour"], datatype=XSD.date)))
    if b.get("Période : début") or b.get("Période : fin"):
        periode = identifiants["periode-cartographie"]
        g.add((jeu, DCTERMS.temporal, periode))
        g.add((periode, RDF.type, DCTERMS.PeriodOfTime))
        for cle, propriete in (("Période : début", DCAT.startDate), ("Période : fin", DCAT.endDate)):
            if b.get(cle):
                g.add((periode, propriete, Literal(b[cle], datatype=XSD.date)))
    for theme in _liste(b.get("Thèmes", "")):
        g.add((jeu, DCAT.theme, URIRef(THEMES_UE + theme)))
    for mot in _liste(b.get("Mots-clés", "")):
        g.add((jeu, DCAT.keyword, _fr(mot)))
    g.add((jeu, PROV.wasDerivedFrom, source))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, DCTERMS.title, _fr(b["Source : titre"])))
    g.add((source, DCTERMS.creator, Literal(b["Source : auteur"])))
    if b.get("Source : contributeur"):
        g.add((source, DCTERMS.contributor, Literal(b["Source : contributeur"])))
    g.add((source, DCTERMS.issued, Literal(b["Source : date"], datatype=XSD.gYear)))
    g.add((source, DCTERMS.bibliographicCitation, _fr(b["Source : citation"])))


def _nomenclature(carte: _Carte) -> None:
    g, identifiants = carte.nomenclature, carte.id
    nomenclature = identifiants.nomenclature
    g.add((nomenclature, RDF.type, SKOS.ConceptScheme))
    g.add((nomenclature, SKOS.prefLabel, _fr(carte.branche["Intitulé de la nomenclature"])))
    if carte.branche.get("Intitulé de la nomenclature (anglais)"):
        g.add((nomenclature, SKOS.prefLabel, Literal(carte.branche["Intitulé de la nomenclature (anglais)"], lang="en")))
    g.add((nomenclature, DCTERMS.source, carte.source))
    groupes = carte.groupes
    for ligne in carte.tables.get("Groupes", []):
        groupe = identifiants[f"groupe-{ligne.texte('Identifiant')}"]
        groupes[ligne.texte("Code")] = groupe
        for p, o in ((RDF.type, CMA.GroupeFamilles), (SKOS.inScheme, nomenclature), (SKOS.topConceptOf, nomenclature),
                     (SKOS.notation, Literal(ligne.texte("Code"))), (SKOS.prefLabel, _fr(ligne["Intitulé"]))):
            g.add((groupe, p, o))
        g.add((nomenclature, SKOS.hasTopConcept, groupe))
    for ligne in carte.tables.get("Familles", []):
        famille = identifiants[f"famille-{ligne.texte('Code')}"]
        for p, o in ((RDF.type, CMA.FamilleMetiers), (SKOS.inScheme, nomenclature),
                     (SKOS.notation, Literal(ligne.texte("Code"))), (SKOS.prefLabel, _fr(ligne["Intitulé"])),
                     (CMA.groupe, groupes[ligne.texte("Groupe")])):
            g.add((famille, p, o))
    for ligne in carte.tables.get("Métiers", []):
        code = ligne.texte("Code")
        metier = carte.metiers[code] = identifiants[f"metier-{code}"]
        for p, o in ((RDF.type, CMA.Metier), (SKOS.inScheme, nomenclature), (SKOS.notation, Literal(code)),
                     (SKOS.prefLabel, _fr(ligne["Intitulé"])),
                     (CMA.famille, identifiants[f"famille-{ligne.texte('Famille')}"])):
            g.add((metier, p, o))


def _jeu_effectifs(carte: _Carte, jeu: URIRef, structure: URIRef, cle: str) -> None:
    g, b = carte.nomenclature, carte.branche
    g.add((jeu, RDF.type, QB.DataSet))
    g.add((jeu, QB.structure, structure))
    g.add((jeu, DCTERMS.title, _fr(b[f"{cle} : titre"])))
    if b.get(f"{cle} : titre (anglais)"):
        g.add((jeu, DCTERMS.title, Literal(b[f"{cle} : titre (anglais)"], lang="en")))
    g.add((jeu, DCTERMS.source, carte.source))
    if b.get(f"{cle} : note"):
        g.add((jeu, SKOS.editorialNote, _fr(b[f"{cle} : note"])))


def _observation(g: Graph, observation: URIRef, jeu: URIRef, perimetre: URIRef, date: str,
                 effectif: object = None) -> None:
    for p, o in ((RDF.type, QB.Observation), (QB.dataSet, jeu), (CMA.perimetre, perimetre),
                 (SDMX_DIMENSION.refPeriod, Literal(date, datatype=XSD.date))):
        g.add((observation, p, o))
    if effectif is not None:
        g.add((observation, CMA.effectif, _entier(effectif)))


def _effectifs(carte: _Carte) -> None:
    """Deux cubes, comme le modèle le veut : les métiers (effectif, nombre de sociétés) et les agrégats
    (une observation par famille, par groupe et par périmètre, dont l'effectif se calcule au build s'il
    n'est pas donné). Additionner les observations d'un cube ne compte donc jamais deux fois."""
    g, identifiants = carte.nomenclature, carte.id
    perimetres = carte.tables.get("Périmètres", [])
    metiers = carte.tables.get("Métiers", [])
    # Une année de référence par classeur : `effectifs-2024`, `observation-2024-1203`.
    date = min(ligne.texte("Date de référence") for ligne in metiers + perimetres)
    annee = date[:4]
    jeu, agregats = identifiants[f"effectifs-{annee}"], identifiants[f"effectifs-{annee}-agregats"]
    _jeu_effectifs(carte, jeu, CMA.structureEffectifs, "Effectifs")
    _jeu_effectifs(carte, agregats, CMA.structureEffectifsAgregats, "Effectifs agrégés")
    collection = identifiants["perimetres-effectifs"]
    g.add((collection, RDF.type, SKOS.Collection))
    for langue, texte in COLLECTION.items():
        g.add((collection, SKOS.prefLabel, Literal(texte, lang=langue)))
    schema = identifiants.perimetres
    if perimetres:
        g.add((schema, RDF.type, SKOS.ConceptScheme))
        for langue, texte in PERIMETRES.items():
            g.add((schema, SKOS.prefLabel, Literal(texte, lang=langue)))
    for ligne in perimetres:
        nom = ligne.texte("Identifiant")
        perimetre = identifiants[f"perimetre-{nom}"]
        for p, o in ((RDF.type, SKOS.Concept), (SKOS.inScheme, schema), (SKOS.prefLabel, _fr(ligne["Intitulé"]))):
            g.add((perimetre, p, o))
        if ligne["Intitulé (anglais)"] is not None:
            g.add((perimetre, SKOS.prefLabel, Literal(ligne.texte("Intitulé (anglais)"), lang="en")))
        if ligne["Parent"] is None:
            g.add((perimetre, SKOS.topConceptOf, schema))
            g.add((schema, SKOS.hasTopConcept, perimetre))
        else:
            g.add((perimetre, SKOS.broader, identifiants[f"perimetre-{ligne.texte('Parent')}"]))
        for code in _liste(ligne.texte("Groupes")):
            g.add((perimetre, SKOS.narrowMatch, carte.groupes[code]))
        g.add((collection, SKOS.member, perimetre))
        _observation(g, identifiants[f"observation-{annee}-{nom}"], agregats, perimetre,
                     ligne.texte("Date de référence"), ligne["Effectif"])
    for groupe in carte.groupes.values():
        g.add((collection, SKOS.member, groupe))
        _observation(g, identifiants[f"observation-{annee}-{groupe.removeprefix(str(identifiants))}"], agregats,
                     groupe, date)
    for ligne in carte.tables.get("Familles", []):
        famille = identifiants[f"famille-{ligne.texte('Code')}"]
        g.add((collection, SKOS.member, famille))
        _observation(g, identifiants[f"observation-{annee}-famille-{ligne.texte('Code')}"], agregats, famille, date)
    for ligne in metiers:
        code = ligne.texte("Code")
        g.add((collection, SKOS.member, carte.metiers[code]))
        observation = identifiants[f"observation-{annee}-{code}"]
        _observation(g, observation, jeu, carte.metiers[code], ligne.texte("Date de référence"), ligne["Effectif"])
        if ligne["Nombre de sociétés"] is not None:
            g.add((observation, CMA.nombreSocietes, _entier(ligne["Nombre de sociétés"])))


def _fiches(carte: _Carte) -> None:
    for ligne in carte.tables.get("Fiches", []):
        g, metier, code = carte.fiche(ligne), carte.metier(ligne), ligne.texte(CODE_METIER)
        document = carte.id[f"fiche-{code}"]
        for p, o in ((RDF.type, CMA.FicheMetier), (CMA.ficheDe, metier), (DCTERMS.title, _fr(ligne["Titre"])),
                     (PROV.wasDerivedFrom, carte.source), (DCTERMS.isPartOf, carte.source),
                     (CMA.sectionSource, _fr(ligne["Section de la source"])), (OWL.versionInfo, _fr(ligne["Version"])),
                     (DCTERMS.modified, Literal(ligne.texte("Date de version"), datatype=XSD.date)),
                     (CMA.complete, Literal(ligne["Complète"] == OUI))):
            g.add((document, p, o))
        g.add((metier, CMA.fiche, document))
        for colonne, propriete in (("Première ligne", CMA.premiereLigne), ("Dernière ligne", CMA.derniereLigne)):
            if ligne[colonne] is not None:
                g.add((document, propriete, Literal(ligne[colonne], datatype=XSD.positiveInteger)))
        for note in ligne.texte("Note").split("\n"):
            if note.strip():
                g.add((document, SKOS.editorialNote, _fr(note)))
        for colonne, propriete in (("Mission", SKOS.definition), ("Rattachements hiérarchiques", CMA.rattachementHierarchique),
                                   ("Commentaire sur les évolutions", CMA.commentaireEvolution)):
            if ligne[colonne] is not None:
                g.add((metier, propriete, _fr(ligne[colonne])))
        if ligne["Aucune habilitation"] == OUI:
            g.add((metier, CMA.aucuneHabilitation, Literal(True)))
    for ligne in carte.tables.get("Emplois", []):
        g, metier = carte.fiche(ligne), carte.metier(ligne)
        position = int(ligne["Position"])  # type: ignore[arg-type]
        emploi = carte.id[f"emploi-{ligne.texte(CODE_METIER)}-{position:02d}"]
        # Une autre dénomination est un libellé SKOS-XL : l'intitulé tel que la fiche l'écrit, sa position.
        for p, o in ((RDF.type, CMA.Emploi), (SKOSXL.literalForm, _fr(ligne["Intitulé"])),
                     (SCHEMA.position, Literal(position))):
            g.add((emploi, p, o))
        g.add((metier, SKOSXL.altLabel, emploi))
        if ligne["Nombre de sociétés"] is not None:
            g.add((emploi, SKOS.scopeNote, _fr(f"Intitulé rencontré dans {ligne['Nombre de sociétés']} société(s).")))


def _recenses(carte: _Carte) -> dict[tuple[str, str], URIRef]:
    """Les porteurs de rubriques : chaque métier, et chaque métier recensé sous (code, intitulé)."""
    porteurs = {(code, ""): metier for code, metier in carte.metiers.items()}
    for ligne in carte.tables.get("Métiers recensés", []):
        g, metier = carte.fiche(ligne), carte.metier(ligne)
        recense = URIRef(f"{metier}-{ligne.texte('Identifiant')}")
        porteurs[(ligne.texte(CODE_METIER), ligne.texte("Intitulé"))] = recense
        for p, o in ((RDF.type, CMA.MetierSpecialise), (SKOS.inScheme, carte.id.nomenclature),
                     (SKOS.prefLabel, _fr(ligne["Intitulé"])), (CMA.metierRegroupant, metier),
                     (SCHEMA.position, _entier(ligne["Position"]))):
            g.add((recense, p, o))
    return porteurs


def _rubriques(carte: _Carte, porteurs: dict[tuple[str, str], URIRef]) -> None:
    enonces = {classe: (propriete, segment) for propriete, classe, segment in ENONCES}
    lignes = carte.tables.get("Rubriques", [])
    if lignes:
        carte.competences.add((carte.id.competences, RDF.type, SKOS.ConceptScheme))
        carte.competences.add((carte.id.competences, SKOS.prefLabel, _fr(COMPETENCES)))
    # Dans l'ordre des fiches (par code, le métier puis ses métiers recensés, par position) : une compétence
    # écrite dans plusieurs fiches prend le libellé et la nature de sa première occurrence.
    rang_porteur = {porteur: i for i, porteur in enumerate(porteurs.values())}
    elements: dict[tuple[URIRef, URIRef, object], URIRef] = {}
    for ligne in sorted(lignes, key=lambda ligne: (rang_porteur[_porteur(ligne, porteurs)], ligne["Position"])):
        classe = carte.termes.iri(RUBRIQUE, ligne.texte(RUBRIQUE))
        porteur = _porteur(ligne, porteurs)
        elements[(porteur, classe, ligne["Position"])] = _element_de_fiche(carte, ligne, porteur, classe, enonces)
    # Les liens de parenté ensuite : un parent peut venir après son sous-élément dans la feuille.
    for ligne in lignes:
        g, porteur = carte.fiche(ligne), _porteur(ligne, porteurs)
        classe = carte.termes.iri(RUBRIQUE, ligne.texte(RUBRIQUE))
        element = elements[(porteur, classe, ligne["Position"])]
        parent = elements.get((porteur, classe, ligne["Parent"]))
        if classe == CMA.Activite:
            if parent is None:
                g.add((porteur, CMA.activite, element))
            else:
                g.add((parent, CMA.sousActivite, element))
                g.add((element, CMA.activiteParente, parent))
        elif classe == CMA.Competence:
            g.add((porteur, CMA.miseEnOeuvre, element))
            if parent is not None:
                g.add((parent, CMA.sousMiseEnOeuvre, element))
                g.add((element, CMA.miseEnOeuvreParente, parent))
                carte.competences.add((g.value(element, CMA.competenceMobilisee), SKOS.broader,
                                       g.value(parent, CMA.competenceMobilisee)))
        else:
            g.add((porteur, enonces[classe][0], element))
            if parent is not None:
                g.add((element, DCTERMS.isPartOf, parent))


def _porteur(ligne: Ligne, porteurs: dict[tuple[str, str], URIRef]) -> URIRef:
    return porteurs[(ligne.texte(CODE_METIER), ligne.texte("Métier recensé"))]


def _element_de_fiche(carte: _Carte, ligne: Ligne, porteur: URIRef, classe: URIRef,
                      enonces: dict[URIRef, tuple[URIRef, str]]) -> URIRef:
    """L'élément d'une ligne de la feuille Rubriques (activité, lien métier–compétence ou énoncé), sans ses
    liens de parenté ; une compétence nouvelle entre dans le schéma des compétences partagées."""
    g = carte.fiche(ligne)
    position = int(ligne["Position"])  # type: ignore[arg-type]
    texte = ligne.texte("Texte")
    segment = "competence" if classe == CMA.Competence else enonces.get(classe, (CMA.activite, "activite"))[1]
    element = URIRef(f"{porteur}-{segment}-{position:02d}")
    for p, o in ((RDF.type, CMA.MiseEnOeuvreCompetence if classe == CMA.Competence else classe),
                 (CMA.texte, _fr(texte)), (SCHEMA.position, Literal(position))):
        g.add((element, p, o))
    if ligne["Intitulé de la rubrique"] is not None:
        g.add((element, CMA.intituleRubrique, _fr(ligne["Intitulé de la rubrique"])))
    if classe == CMA.Activite:
        g.add((element, CMA.frequence, carte.termes.iri(FREQUENCE, ligne.texte(FREQUENCE))))
    elif classe == CMA.Competence:
        competence = carte.id[f"competence-{empreinte(texte)}"]
        if (competence, RDF.type, CMA.Competence) not in carte.competences:
            for p, o in ((RDF.type, CMA.Competence), (SKOS.inScheme, carte.id.competences),
                         (SKOS.prefLabel, _fr(libelle_competence(texte))),
                         (CMA.nature, carte.termes.iri(NATURE, ligne.texte(NATURE)))):
                carte.competences.add((competence, p, o))
        g.add((element, CMA.competenceMobilisee, competence))
        g.add((element, CMA.situation, carte.termes.iri(SITUATION, ligne.texte(SITUATION))))
    return element


def _mobilites(carte: _Carte) -> None:
    cites: dict[str, URIRef] = {}
    for ligne in carte.tables.get("Métiers cités", []):
        cite = cites[ligne.texte("Identifiant")] = carte.id[f"metier-hors-nomenclature-{ligne.texte('Identifiant')}"]
        for p, o in ((RDF.type, CMA.MetierHorsNomenclature), (SKOS.inScheme, carte.id["metiers-cites"]),
                     (SKOS.prefLabel, _fr(ligne["Intitulé"]))):
            carte.cites.add((cite, p, o))
    if cites:
        carte.cites.add((carte.id["metiers-cites"], RDF.type, SKOS.ConceptScheme))
        carte.cites.add((carte.id["metiers-cites"], SKOS.prefLabel, _fr(METIERS_CITES)))
    for ligne in carte.tables.get("Mobilités", []):
        g, metier = carte.fiche(ligne), carte.metier(ligne)
        position = int(ligne["Position"])  # type: ignore[arg-type]
        evolution = URIRef(f"{metier}-evolution-{position:02d}")
        code, _, recense = ligne.texte("Cible").partition("/")
        cible = (URIRef(f"{carte.metiers[code]}-{recense}") if recense
                 else carte.metiers.get(code) or cites[ligne.texte("Cible")])
        for p, o in ((RDF.type, CMA.Evolution), (CMA.metierCible, cible), (CMA.libelleCible, _fr(ligne["Libellé cible"])),
                     (SCHEMA.position, Literal(position))):
            g.add((evolution, p, o))
        g.add((metier, CMA.evolution, evolution))
        if ligne["Réserve"] is not None:
            g.add((evolution, CMA.reserve, _fr(ligne["Réserve"])))
