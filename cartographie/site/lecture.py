"""Ce que le site montre, lu dans la publication par SPARQL : les requêtes du catalogue (fiche, passerelles,
certifications, effectifs) et celles du site (`cartographie/site/requetes/`), sur le magasin embarqué."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files

from cartographie.erreurs import ErreurEntree
from cartographie.io.sssom import AUCUNE, lire_sssom
from cartographie.projet import Projet
from cartographie.rapports.evolution import evolution
from cartographie.sparql import catalogue
from cartographie.sparql.moteurs import Embarque
from cartographie.sparql.resultats import Ligne, Resultat
from cartographie.texte import cle, formes_genrees

from . import chemins
from .chemins import page


def _valeur(ligne: Ligne, variable: str, defaut: str = "") -> str:
    terme = ligne.get(variable)
    return terme.valeur if terme is not None else defaut


@dataclass
class Element:
    """Un élément d'une rubrique de fiche, avec ses sous-éléments (l'imbrication de la source)."""

    texte: str
    precision: str = ""
    lien: str = ""
    enfants: list[Element] = field(default_factory=list)


@dataclass
class Rubrique:
    titre: str
    groupe: str
    elements: list[Element] = field(default_factory=list)


@dataclass
class Correspondance:
    relation: str
    cible: str
    notation: str
    libelle: str
    referentiel: str
    justification: str = ""
    commentaire: str = ""
    confiance: str = ""


@dataclass
class Passerelle:
    code: str
    intitule: str
    page: str
    communes: list[tuple[str, str]]
    a_acquerir: list[tuple[str, str]]


@dataclass
class Metier:
    iri: str
    code: str
    intitule: str
    famille: str
    definition: str
    effectif: int | None
    societes: int | None
    a_fiche: bool
    autres_intitules: list[str] = field(default_factory=list)
    emplois: list[str] = field(default_factory=list)
    rubriques: list[Rubrique] = field(default_factory=list)
    correspondances: list[Correspondance] = field(default_factory=list)
    certifications: list[dict[str, str]] = field(default_factory=list)
    passerelles: list[Passerelle] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)

    @property
    def page(self) -> str:
        return page(self.iri)

    @property
    def formes(self) -> list[str]:
        formes = formes_genrees(self.intitule)
        return [formes.masculin, formes.feminin] if formes else []

    @property
    def autres_et_emplois(self) -> list[str]:
        """Autres dénominations et intitulés d'emploi, sans doublon (un emploi est souvent aussi une dénomination)."""
        vus: dict[str, str] = {}
        for libelle in self.autres_intitules + self.emplois:
            vus.setdefault(cle(libelle), libelle)
        return list(vus.values())


@dataclass
class Famille:
    iri: str
    code: str
    intitule: str
    groupe: str
    metiers: list[Metier] = field(default_factory=list)

    @property
    def page(self) -> str:
        return page(self.iri)

    @property
    def effectif(self) -> int:
        return sum(m.effectif or 0 for m in self.metiers)


@dataclass
class AutreMetier:
    """Un métier recensé d'une fiche de regroupement (`recensé`) ou un métier cité dans une évolution sans
    avoir de fiche (`cité`)."""

    iri: str
    sorte: str
    intitule: str
    regroupant: str = ""
    activites: list[str] = field(default_factory=list)
    competences: list[tuple[str, str]] = field(default_factory=list)
    correspondances: list[Correspondance] = field(default_factory=list)
    origines: list[tuple[str, str]] = field(default_factory=list)

    @property
    def page(self) -> str:
        return page(self.iri)


@dataclass
class Competence:
    iri: str
    libelle: str
    nature: str
    metiers: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def page(self) -> str:
        return page(self.iri)


@dataclass
class Intitule:
    """Une entrée de l'index A–Z et de la recherche : un libellé et la page qu'il désigne."""

    libelle: str
    sorte: str
    page: str
    code: str
    metier: str

    @property
    def cle(self) -> str:
        return cle(self.libelle)


@dataclass(frozen=True)
class Branche:
    """Ce que la publication dit de la branche : les pages n'en savent rien d'autre."""

    nom: str
    titre: str
    espace: str
    adresse: str
    licence: str
    titre_licence: str
    source: str
    citation: str
    nomenclature: str
    intitule_nomenclature: str


@dataclass
class Site:
    branche: Branche
    familles: list[Famille]
    metiers: dict[str, Metier]
    autres: list[AutreMetier]
    competences: list[Competence]
    intitules: list[Intitule]
    evolutions: dict[str, list[tuple[str, str, str]]]
    entrees: dict[str, list[str]]
    ressources: dict[str, str]
    effectifs: Resultat
    requetes: list[tuple[catalogue.Requete, dict[str, str], Resultat]]
    dates_effectifs: list[str]
    evolution: Resultat | None = None

    @property
    def date_effectifs(self) -> str:
        """La première date de référence : celle des effectifs que montrent les pages."""
        return self.dates_effectifs[0] if self.dates_effectifs else ""


class Lecteur:
    def __init__(self, projet: Projet) -> None:
        self.projet = projet
        self.moteur = Embarque(projet.publies)
        self._requetes = files("cartographie.site") / "requetes"

    def site(self, nom: str) -> Resultat:
        return self.moteur.select((self._requetes / f"{nom}.rq").read_text(encoding="utf-8"))

    def catalogue(self, nom: str, **valeurs: str) -> Resultat:
        return catalogue.executer(self.projet, self.moteur, nom, valeurs)


def _rubriques(resultat: Resultat, cibles: dict[str, str]) -> list[Rubrique]:
    """Les lignes de la requête `fiche`, regroupées par rubrique, les sous-éléments sous leur parent ;
    `cibles` donne la page d'un métier visé sans code (métier cité) d'après son intitulé."""
    rubriques: list[Rubrique] = []
    for ligne in resultat.lignes:
        titre = _valeur(ligne, "rubrique")
        if titre == "Intitulé":
            continue
        ordre = int(_valeur(ligne, "ordre", "0"))
        groupe = "Activités" if 7 <= ordre <= 9 else "Compétences" if 11 <= ordre <= 12 else ""
        if not rubriques or rubriques[-1].titre != titre:
            rubriques.append(Rubrique(titre, groupe))
        precision = _valeur(ligne, "precision")
        element = Element(_valeur(ligne, "texte"), precision)
        if precision.isdigit() and len(precision) == 4:
            element.lien = page(f"{chemins.espace_id()}metier-{precision}")
        elif cle(element.texte) in cibles:
            element.lien = cibles[cle(element.texte)]
        courants = rubriques[-1].elements
        if _valeur(ligne, "niveau", "0") == "1" and courants:
            courants[-1].enfants.append(element)
        else:
            courants.append(element)
    return rubriques


def _justifications(projet: Projet) -> dict[tuple[str, str], dict[str, str]]:
    """Justification, confiance et commentaire de chaque correspondance relue (tables SSSOM de donnees/)."""
    trouvees: dict[tuple[str, str], dict[str, str]] = {}
    for chemin in sorted(projet.donnees.rglob("*.sssom.tsv")):
        table = lire_sssom(chemin)
        for ligne in table.lignes:
            if ligne["object_id"] == AUCUNE:
                continue
            cle_ = (table.developper(ligne["subject_id"]), table.developper(ligne["object_id"]))
            trouvees[cle_] = ligne
    return trouvees


def _referentiel(iri: str) -> str:
    if "/ref/rome/" in iri:
        return "ROME"
    if "/rncp/" in iri:
        return "RNCP"
    if "data.europa.eu/esco" in iri:
        return "ESCO"
    return "autre"


def _branche(lecteur: Lecteur) -> Branche:
    lignes = lecteur.site("branche").lignes
    if not lignes:
        raise ErreurEntree("la publication ne décrit pas sa branche (un dcat:Dataset avec cma:nomBranche, "
                           "dcterms:title, void:uriSpace, dcat:landingPage et dcterms:license) : voir donnees/branche.ttl.")
    ligne = lignes[0]
    titre_source, auteur, date = (_valeur(ligne, v) for v in ("titreSource", "auteurSource", "dateSource"))
    source = f"« {titre_source} »" + (f" ({', '.join(x for x in (auteur, date) if x)})" if auteur or date else "")
    return Branche(_valeur(ligne, "nom"), _valeur(ligne, "titre"), _valeur(ligne, "espace"), _valeur(ligne, "adresse"),
                   _valeur(ligne, "licence"), _valeur(ligne, "titreLicence") or _valeur(ligne, "licence"),
                   source if titre_source else "ses données", _valeur(ligne, "citation"),
                   _valeur(ligne, "nomenclature"), _valeur(ligne, "intituleNomenclature"))


def lire(projet: Projet) -> Site:
    lecteur = Lecteur(projet)
    branche = _branche(lecteur)
    chemins.configurer(branche.espace, branche.adresse)
    justifications = _justifications(projet)

    correspondances: dict[str, list[Correspondance]] = defaultdict(list)
    for ligne in lecteur.site("correspondances").lignes:
        sujet, cible = _valeur(ligne, "m"), _valeur(ligne, "cible")
        meta = justifications.get((sujet, cible), {})
        relation = _valeur(ligne, "relation").rsplit("#", 1)[-1]
        correspondances[sujet].append(Correspondance(
            relation, cible, _valeur(ligne, "notation"), _valeur(ligne, "libelle"), _referentiel(cible),
            meta.get("mapping_justification", ""), meta.get("comment", ""), meta.get("confidence", "")))

    familles = {
        _valeur(ligne, "code"): Famille(_valeur(ligne, "f"), _valeur(ligne, "code"), _valeur(ligne, "intitule"),
                                        _valeur(ligne, "groupe"))
        for ligne in lecteur.site("familles").lignes
    }
    metiers: dict[str, Metier] = {}
    for ligne in lecteur.site("metiers").lignes:
        effectif, societes = _valeur(ligne, "effectif"), _valeur(ligne, "societes")
        metier = Metier(
            _valeur(ligne, "m"), _valeur(ligne, "code"), _valeur(ligne, "intitule"), _valeur(ligne, "famille"),
            _valeur(ligne, "definition"), int(effectif) if effectif else None, int(societes) if societes else None,
            bool(_valeur(ligne, "fiche")), correspondances=correspondances[_valeur(ligne, "m")])
        metiers[metier.code] = metier
        familles[metier.famille].metiers.append(metier)

    intitules: list[Intitule] = []
    par_page: dict[str, tuple[str, str]] = {m.iri: (m.code, m.intitule) for m in metiers.values()}
    autres: list[AutreMetier] = []
    for ligne in lecteur.site("specialistes").lignes:
        autre = AutreMetier(_valeur(ligne, "s"), _valeur(ligne, "sorte"), _valeur(ligne, "intitule"),
                            _valeur(ligne, "regroupant"), correspondances=correspondances[_valeur(ligne, "s")])
        autres.append(autre)
        par_page[autre.iri] = (autre.regroupant, autre.intitule)
    autres_par_iri = {a.iri: a for a in autres}
    for ligne in lecteur.site("elements-specialiste").lignes:
        autre = autres_par_iri[_valeur(ligne, "s")]
        if _valeur(ligne, "sorte") == "activité":
            autre.activites.append(_valeur(ligne, "texte"))
        else:
            autre.competences.append((_valeur(ligne, "texte"), page(_valeur(ligne, "competence"))))

    for ligne in lecteur.site("intitules").lignes:
        iri, sorte, libelle = _valeur(ligne, "page"), _valeur(ligne, "sorte"), _valeur(ligne, "libelle")
        code, intitule = par_page.get(iri, ("", libelle))
        metier = metiers.get(code) if iri.endswith(f"metier-{code}") else None
        if metier is not None and sorte == "autre intitulé" and libelle not in metier.formes:
            metier.autres_intitules.append(libelle)
        if metier is not None and sorte == "emploi":
            metier.emplois.append(libelle)
        libelles = [libelle]
        formes = formes_genrees(libelle)
        if formes:
            libelles += [formes.masculin, formes.feminin]
        for forme in dict.fromkeys(libelles):
            intitules.append(Intitule(forme, sorte, page(iri), code, intitule))

    evolutions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    entrees: dict[str, list[str]] = defaultdict(list)
    for ligne in lecteur.site("evolutions").lignes:
        origine, cible = _valeur(ligne, "origine"), _valeur(ligne, "cible")
        evolutions[origine].append((_valeur(ligne, "codeCible"), _valeur(ligne, "intituleCible"), page(cible)))
        entrees[cible].append(origine)
    for autre in autres:
        autre.origines = [(par_page[o][0], par_page[o][1]) for o in entrees.get(autre.iri, []) if o in par_page]

    competences: dict[str, Competence] = {}
    for ligne in lecteur.site("competences").lignes:
        iri = _valeur(ligne, "c")
        competence = competences.setdefault(iri, Competence(iri, _valeur(ligne, "libelle"), _valeur(ligne, "nature")))
        if "metier" in ligne:
            competence.metiers.append((_valeur(ligne, "code"), _valeur(ligne, "intituleMetier"),
                                       _valeur(ligne, "situation"), page(_valeur(ligne, "metier"))))
            code = _valeur(ligne, "code")
            if code in metiers and competence.libelle not in metiers[code].competences:
                metiers[code].competences.append(competence.libelle)

    for metier in metiers.values():
        if metier.a_fiche:
            cibles = {cle(intitule): chemin for code, intitule, chemin in evolutions.get(metier.iri, []) if not code}
            metier.rubriques = _rubriques(lecteur.catalogue("fiche", metier=metier.code), cibles)
        # Une ligne par chemin, classés du plus fort au plus faible : chaque certification garde son premier.
        certifications: dict[str, dict[str, str]] = {}
        for ligne in lecteur.catalogue("certifications", metier=metier.code).lignes:
            certifications.setdefault(_valeur(ligne, "numero"), {v: _valeur(ligne, v) for v in (
                "numero", "intitule", "niveau", "ficheRome", "force", "pertinence", "pourquoi")})
        metier.certifications = list(certifications.values())
        for code, intitule, chemin in evolutions.get(metier.iri, []):
            cible = metiers.get(code)
            if cible is None or not cible.a_fiche:
                continue
            ecart = lecteur.catalogue("passerelles", source=metier.code, cible=code)
            lignes = [(_valeur(li, "situation"), _valeur(li, "competence"), _valeur(li, "statut")) for li in ecart.lignes]
            metier.passerelles.append(Passerelle(
                code, intitule, chemin,
                [(s, c) for s, c, statut in lignes if statut == "commune"],
                [(s, c) for s, c, statut in lignes if statut != "commune"]))

    ressources = {_valeur(ligne, "r"): _valeur(ligne, "libelle") for ligne in lecteur.site("ressources").lignes}
    dates = [_valeur(ligne, "date")[:10] for ligne in lecteur.site("dates-effectifs").lignes]
    return Site(branche, list(familles.values()), metiers, autres, sorted(competences.values(), key=lambda c: cle(c.libelle)),
                sorted(intitules, key=lambda i: (i.cle, i.libelle, i.page)), dict(evolutions), dict(entrees),
                ressources, lecteur.catalogue("effectifs"), _catalogue(lecteur, metiers), dates, _evolution(lecteur, dates))


def _evolution(lecteur: Lecteur, dates: list[str]) -> Resultat | None:
    """La requête `evolution` entre la première et la dernière date, s'il y en a au moins deux ; le même code
    que la commande `cartographie evolution`."""
    if len(dates) < 2:
        return None
    return evolution(lecteur.projet, lecteur.moteur, dates[0], dates[-1])


def _catalogue(lecteur: Lecteur, metiers: dict[str, Metier]) -> list[tuple[catalogue.Requete, dict[str, str], Resultat]]:
    """Chaque requête du catalogue avec les paramètres de son exemple et son résultat. Les exemples sont
    écrits pour une branche : un code de métier qu'une autre branche n'a pas y est remplacé par l'un des
    siens (ceux qui ont une fiche d'abord), un code différent par paramètre."""
    codes = sorted(metiers, key=lambda c: (not metiers[c].a_fiche, c))
    resultats = []
    for nom, requete in sorted(catalogue.catalogue(lecteur.projet.requetes).items()):
        valeurs = dict(re.findall(r"--param (\w+)=(\S+)", requete.exemple))
        libres = [c for c in codes if c not in valeurs.values()]
        for parametre, valeur in valeurs.items():
            if re.fullmatch(r"\d{4}", valeur) and valeur not in metiers and libres:
                valeurs[parametre] = libres.pop(0)
        resultats.append((requete, valeurs, lecteur.catalogue(nom, **valeurs)))
    return resultats
