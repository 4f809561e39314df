"""Import des effectifs déclarés par les sociétés : chaque ligne rangée dans un métier, contrôlée, écrite.

Pour chaque ligne, le métier vient d'abord du code que la société a donné, sinon de sa correspondance déjà
confirmée (`correspondances/<société>.sssom.tsv`), sinon du moteur de correspondance ; une ligne que le moteur
ne sait pas attribuer est « à affecter » : listée avec ses trois meilleurs candidats, son effectif compté dans
les effectifs non ventilés de la société.

Écritures, dans le dossier de données du projet (ou `sortie`) :
- `effectifs/<date>.ttl` : la tranche datée, une observation (qb:Observation) par société et par métier ou
  non-ventilé, toutes sociétés de la date confondues ;
- `correspondances/<société>.sssom.tsv` : intitulé interne → métier, justifié par `semapv:ManualMappingCuration`
  (code donné par la société) ou `semapv:LexicalMatching` (moteur, avec son score).

Rien n'est écrit si un fichier a la moindre erreur, si deux fichiers de la même société et de la même date
ne disent pas la même chose, si une déclaration déjà importée diffère (sauf `remplacer`), ou si SHACL refuse la tranche. Les
sorties sont déterministes : réimporter le même fichier ne change rien.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from cartographie.actualisation.correspondance import Candidat, Correspondance, correspondance
from cartographie.actualisation.declarations import LigneDeclaree, Societe, lire_declaration
from cartographie.construction.rudof import valider_rudof
from cartographie.erreurs import ErreurEntree, ErreurValidation
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.rdf import charger, charger_fichier, en_turtle
from cartographie.io.sssom import AUCUNE, ecrire_sssom, lire_sssom
from cartographie.projet import DOSSIER_CORRESPONDANCES, DOSSIER_EFFECTIFS, Projet
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur
from cartographie.texte import cle, slug
from cartographie.vocab import CMA, CMASH, ID, QB, SDMX_DIMENSION

NON_VENTILE = "non-ventile"
DATE_REFERENCE = SDMX_DIMENSION.refPeriod


@dataclass(frozen=True)
class Affectation:
    ligne: LigneDeclaree
    code: str | None
    origine: str
    """« code donné », « correspondance de la société », « moteur » ou « à affecter »."""
    score: float | None = None
    libelle: str = ""
    candidats: tuple[Candidat, ...] = ()


@dataclass(frozen=True)
class Bilan:
    affectations: list[Affectation]
    ecrits: list[Path]
    inchanges: list[Path]


def societes_connues(projet: Projet, moteur: Moteur) -> dict[str, Societe]:
    """Clé de chaque nom et autre nom → société, d'après la publication (requête `societes`)."""
    connues: dict[str, Societe] = {}
    for ligne in executer(projet, moteur, "societes", {}).lignes:
        iri = ligne["societe"].valeur
        societe = Societe(iri, ligne["nom"].valeur, iri.rsplit("/", 1)[-1].removeprefix("societe-"))
        connues[cle(ligne["nom"].valeur)] = societe
        if "autreNom" in ligne:
            connues[cle(ligne["autreNom"].valeur)] = societe
    return connues


def actualiser(projet: Projet, moteur: Moteur, fichiers: list[Path], sortie: Path | None = None,
               remplacer: bool = False, aujourd_hui: date | None = None) -> Bilan:
    dossier = sortie or projet.donnees
    aujourd_hui = aujourd_hui or date.today()
    societes = societes_connues(projet, moteur)
    moteur_intitules = correspondance(projet, moteur)
    lignes = _lire_tout(fichiers, societes, set(moteur_intitules.metiers), aujourd_hui)
    confirmees = {s.identifiant: _correspondances_confirmees(dossier, s, moteur_intitules)
                  for s in {ligne.societe for ligne in lignes}}
    # Un fichier répète ses intitulés (un par site, par service…) : la clé de recherche, le plus coûteux du
    # classement après rapidfuzz, est calculée une fois par intitulé distinct, pas une fois par ligne.
    cles: dict[str, str] = {}
    affectations = [_affecter(ligne, confirmees[ligne.societe.identifiant], moteur_intitules, cles) for ligne in lignes]
    par_date = _observations(affectations)
    _controler_fichiers(affectations)

    tranches: dict[str, str] = {}
    for jour, observations in sorted(par_date.items()):
        existantes = _lire_tranche(dossier / DOSSIER_EFFECTIFS / f"{jour}.ttl", societes)
        _controler_existantes(jour, observations, existantes, remplacer)
        fusion = {**{k: v for k, v in existantes.items() if k[0] not in {s for s, _ in observations}}, **observations}
        tranches[f"{jour}.ttl"] = en_turtle(_graphe_tranche(jour, fusion))
    _valider(projet, moteur, tranches)

    tables = {f"{identifiant}.sssom.tsv": _table_societe(
        dossier, [a for a in affectations if a.ligne.societe.identifiant == identifiant], dict(moteur_intitules.metiers))
        for identifiant in sorted(confirmees)}
    ecrits: list[Path] = []
    inchanges: list[Path] = []
    for sous_dossier, contenus in ((dossier / DOSSIER_EFFECTIFS, tranches), (dossier / DOSSIER_CORRESPONDANCES, tables)):
        nouveaux, memes = _ecrire(sous_dossier, contenus)
        ecrits += nouveaux
        inchanges += memes
    return Bilan(affectations, ecrits, inchanges)


def _lire_tout(fichiers: Iterable[Path], societes: dict[str, Societe], codes: set[str], aujourd_hui: date
               ) -> list[LigneDeclaree]:
    lignes: list[LigneDeclaree] = []
    problemes: list[str] = []
    for chemin in fichiers:
        lues, erreurs = lire_declaration(chemin, societes, codes, aujourd_hui)
        lignes += lues
        problemes += erreurs
    if problemes:
        raise ErreurEntree(f"{len(problemes)} problème(s), rien n'a été écrit :\n" + "\n".join(f"  {p}" for p in problemes))
    return lignes


def _correspondances_confirmees(dossier: Path, societe: Societe, moteur: Correspondance) -> dict[str, tuple[str, str]]:
    """Clé de recherche de l'intitulé interne → (code, justification) de la table SSSOM de la société."""
    chemin = dossier / DOSSIER_CORRESPONDANCES / f"{societe.identifiant}.sssom.tsv"
    if not chemin.exists():
        return {}
    return {moteur.cle(ligne["subject_label"]): (ligne["object_id"].removeprefix("cmaid:metier-"),
                                                 ligne["mapping_justification"])
            for ligne in lire_sssom(chemin).lignes if ligne["object_id"] != AUCUNE}


def _affecter(ligne: LigneDeclaree, confirmees: dict[str, tuple[str, str]], moteur: Correspondance,
              cles: dict[str, str]) -> Affectation:
    if ligne.code:
        return Affectation(ligne, ligne.code, "code donné", 1.0)
    cle = cles.get(ligne.intitule)
    if cle is None:
        cle = cles[ligne.intitule] = moteur.cle(ligne.intitule)
    confirmee = confirmees.get(cle)
    if confirmee:
        return Affectation(ligne, confirmee[0], "correspondance de la société", 1.0)
    reponse = moteur.chercher(ligne.intitule, cle=cle)
    retenu = reponse.attribue
    if retenu is None:
        return Affectation(ligne, None, "à affecter", candidats=reponse.candidats)
    return Affectation(ligne, retenu.code, "moteur", retenu.score, retenu.libelle, reponse.candidats)


def _observations(affectations: list[Affectation]) -> dict[date, dict[tuple[str, str], int]]:
    """Date → (identifiant de société, code ou non-ventilé) → effectif."""
    par_date: dict[date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for a in affectations:
        par_date[a.ligne.date][(a.ligne.societe.identifiant, a.code or NON_VENTILE)] += a.ligne.effectif
    return {jour: dict(obs) for jour, obs in par_date.items()}


def _controler_fichiers(affectations: list[Affectation]) -> None:
    """Deux fichiers d'une même société à une même date doivent dire la même chose."""
    par_fichier: dict[tuple[str, date], dict[Path, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for a in affectations:
        par_fichier[(a.ligne.societe.nom, a.ligne.date)][a.ligne.fichier][a.code or NON_VENTILE] += a.ligne.effectif
    problemes = []
    for (nom, jour), fichiers in sorted(par_fichier.items()):
        versions = {tuple(sorted(obs.items())) for obs in fichiers.values()}
        if len(versions) > 1:
            noms = ", ".join(sorted(f.name for f in fichiers))
            problemes.append(f"{nom} au {jour:%d/%m/%Y} : les fichiers {noms} déclarent des effectifs différents ; "
                             f"gardez-en un seul.")
    if problemes:
        raise ErreurEntree("rien n'a été écrit :\n" + "\n".join(f"  {p}" for p in problemes))


def _lire_tranche(chemin: Path, societes: dict[str, Societe]) -> dict[tuple[str, str], int]:
    if not chemin.exists():
        return {}
    graphe = charger_fichier(chemin)
    identifiants = {s.iri: s.identifiant for s in societes.values()}
    existantes = {}
    for observation in graphe.subjects(CMA.societe, None):
        societe = identifiants.get(str(graphe.value(observation, CMA.societe)), str(graphe.value(observation, CMA.societe)))
        perimetre = str(graphe.value(observation, CMA.perimetre))
        code = perimetre.rsplit("metier-", 1)[-1] if "/metier-" in perimetre else NON_VENTILE
        existantes[(societe, code)] = int(graphe.value(observation, CMA.effectif))
    return existantes


def _controler_existantes(jour: date, nouvelles: dict[tuple[str, str], int], existantes: dict[tuple[str, str], int],
                          remplacer: bool) -> None:
    if remplacer:
        return
    problemes = []
    for identifiant in sorted({s for s, _ in nouvelles}):
        avant = {k: v for k, v in existantes.items() if k[0] == identifiant}
        apres = {k: v for k, v in nouvelles.items() if k[0] == identifiant}
        if avant and avant != apres:
            problemes.append(f"{identifiant} au {jour:%d/%m/%Y} : déjà importée avec d'autres effectifs "
                             f"({DOSSIER_EFFECTIFS}/{jour}.ttl) ; relancez avec --remplacer pour la remplacer.")
    if problemes:
        raise ErreurEntree("rien n'a été écrit :\n" + "\n".join(f"  {p}" for p in problemes))


def _graphe_tranche(jour: date, observations: dict[tuple[str, str], int]) -> Graph:
    graphe = Graph()
    jeu = ID[f"effectifs-societes-{jour}"]
    graphe.add((jeu, RDF.type, QB.DataSet))
    graphe.add((jeu, QB.structure, CMA.structureEffectifsSocietes))
    graphe.add((jeu, DCTERMS.title, Literal(f"Effectifs déclarés par les sociétés de la branche au {jour:%d/%m/%Y}", lang="fr")))
    for (identifiant, code), effectif in sorted(observations.items()):
        observation = ID[f"effectif-{jour}-{identifiant}-{code}"]
        perimetre = ID["perimetre-non-ventile"] if code == NON_VENTILE else ID[f"metier-{code}"]
        graphe.add((observation, RDF.type, QB.Observation))
        graphe.add((observation, QB.dataSet, jeu))
        graphe.add((observation, CMA.societe, ID[f"societe-{identifiant}"]))
        graphe.add((observation, CMA.perimetre, perimetre))
        graphe.add((observation, DATE_REFERENCE, Literal(jour.isoformat(), datatype=XSD.date)))
        graphe.add((observation, CMA.effectif, Literal(effectif, datatype=XSD.integer)))
    return graphe


FORMES = ("ObservationShape", "ObservationSocieteShape", "JeuObservationsShape")


def _valider(projet: Projet, moteur: Moteur, tranches: dict[str, str]) -> None:
    """Les tranches contrôlées par les formes des observations, avec ce qu'elles désignent (sociétés, métiers
    et leur famille, jeux de données) tiré de la publication : valider toute la publication prendrait
    des minutes pour ne rien apprendre de plus."""
    graphe = Graph()
    for texte in tranches.values():
        graphe.parse(data=texte, format="turtle")
    contexte = executer(projet, moteur, "contexte-effectifs", {})
    for ligne in contexte.lignes:
        graphe.add((URIRef(ligne["s"].valeur), URIRef(ligne["p"].valeur), URIRef(ligne["o"].valeur)))
    toutes = charger([projet.formes])
    formes = Graph()
    for nom in FORMES:
        formes += toutes.cbd(CMASH[nom])
    formes += toutes.cbd(URIRef(str(CMASH)))
    violations = valider_rudof([graphe], formes)
    if violations:
        raise ErreurValidation("effectifs non conformes, rien n'a été écrit :\n" + "\n".join(v.en_texte() for v in violations))


COLONNES_SSSOM = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
                  "confidence", "similarity_score", "mapping_tool", "author_id", "mapping_date", "comment"]


def _table_societe(dossier: Path, affectations: list[Affectation], metiers: dict[str, str]) -> str:
    """La table SSSOM de la société : ses correspondances déjà confirmées, plus celles de cet import."""
    societe = affectations[0].ligne.societe
    chemin = dossier / DOSSIER_CORRESPONDANCES / f"{societe.identifiant}.sssom.tsv"
    lignes = {ligne["subject_id"]: ligne for ligne in (lire_sssom(chemin).lignes if chemin.exists() else [])}
    for a in affectations:
        if a.code is None or a.origine == "correspondance de la société":
            continue
        sujet = f"cmaid:intitule-{societe.identifiant}-{slug(a.ligne.intitule)}"
        manuel = a.origine == "code donné"
        lignes.setdefault(sujet, {
            "subject_id": sujet, "subject_label": a.ligne.intitule, "predicate_id": "skos:broadMatch",
            "object_id": f"cmaid:metier-{a.code}", "object_label": metiers.get(a.code, ""),
            "mapping_justification": "semapv:ManualMappingCuration" if manuel else "semapv:LexicalMatching",
            "confidence": "1.0" if manuel else "",
            "similarity_score": "" if manuel else f"{a.score:.3f}",
            "mapping_tool": "" if manuel else "cartographie actualiser",
            "author_id": f"cmaid:societe-{societe.identifiant}" if manuel else "",
            "mapping_date": a.ligne.date.isoformat(),
            "comment": (f"code donné par la société ({a.ligne.fichier.name})" if manuel else
                        f"moteur de correspondance : « {a.libelle} » ({a.ligne.fichier.name})"),
        })
    metadonnees = {
        "curie_map": {"cmaid": str(ID), "skos": "http://www.w3.org/2004/02/skos/core#",
                      "semapv": "https://w3id.org/semapv/vocab/"},
        "mapping_set_id": f"https://w3id.org/metiers-assistance/correspondances/{societe.identifiant}.sssom.tsv",
        "mapping_set_title": f"Intitulés d'emploi de {societe.nom} rangés dans les métiers de la branche",
        "license": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        "comment": "Écrit par `cartographie actualiser` ; une ligne corrigée ou ajoutée à la main prime sur le moteur.",
    }
    return ecrire_sssom(metadonnees, COLONNES_SSSOM, [lignes[sujet] for sujet in sorted(lignes)])


def _ecrire(dossier: Path, contenus: dict[str, str]) -> tuple[list[Path], list[Path]]:
    """N'écrit que ce qui change : un réimport identique ne touche à rien."""
    changes = {nom: texte for nom, texte in contenus.items()
               if not (dossier / nom).exists() or (dossier / nom).read_text(encoding="utf-8") != texte}
    if changes:
        publier_fichiers(dossier, changes)
    return [dossier / nom for nom in sorted(changes)], [dossier / nom for nom in sorted(set(contenus) - set(changes))]
