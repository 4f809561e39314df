"""Le format du classeur : ses feuilles, leurs colonnes, leurs listes, et le Table Schema qui les décrit.

Une seule définition sert à écrire le classeur, à le relire et à publier son schéma (frictionless
Data Package), pour que la documentation ne puisse pas dire autre chose que le code.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from cartographie.io.sssom import JUSTIFICATIONS, PREDICATS
from cartographie.vocab import CMA


@dataclass(frozen=True)
class Colonne:
    nom: str
    description: str
    type: str = "string"  # type Table Schema : string, integer, date, year, boolean
    requise: bool = False
    liste: str | None = None  # liste de choix (feuille « Listes » ou colonne d'une autre feuille)
    largeur: int = 16


@dataclass(frozen=True)
class Feuille:
    nom: str
    fichier: str  # nom du fichier dans un dossier de CSV, et de la ressource du Data Package
    description: str
    colonnes: tuple[Colonne, ...]
    cle: tuple[str, ...] = ()
    obligatoire: bool = True

    @property
    def noms(self) -> list[str]:
        return [c.nom for c in self.colonnes]


# Listes de choix. Les termes du modèle (rubrique, fréquence, situation, nature) sont lus dans
# l'ontologie partagée ; les codes (groupe, famille, métier, cible) dans les feuilles du classeur.
RUBRIQUE, FREQUENCE, SITUATION, NATURE, OUI_NON = "Rubrique", "Fréquence", "Situation", "Nature", "Oui/Non"
CLE_BRANCHE = "Clé de la branche"
CODE_GROUPE, CODE_FAMILLE, CODE_METIER, CIBLE = "Groupe", "Famille", "Code métier", "Cible"
RELATION, JUSTIFICATION, METIER_ALIGNE = "Relation", "Justification", "Métier aligné"

OUI, NON = "Oui", "Non"

# Clés de la feuille Branche : nom, description, obligatoire.
CLES_BRANCHE: tuple[tuple[str, str, bool], ...] = (
    ("Nom de la branche", "Nom court de la branche professionnelle, tel qu'il apparaît dans les titres.", True),
    ("IRI de base", "Début commun des IRI des données de la branche, terminé par « / » "
                    "(par exemple https://w3id.org/metiers-exemple/id/).", True),
    ("Adresse de publication", "Adresse où les fichiers publiés seront téléchargeables, terminée par « / » "
                               "(par exemple https://w3id.org/metiers-exemple/).", True),
    ("Titre", "Titre du jeu de données publié.", True),
    ("Description", "Une ou deux phrases qui décrivent le jeu de données.", True),
    ("Titre du catalogue", "Titre du catalogue DCAT qui réunit la cartographie et l'extrait des référentiels.", True),
    ("Description du catalogue", "Une phrase qui décrit le catalogue.", True),
    ("Licence", "IRI de la licence des données (Licence Ouverte 2.0 : "
                "https://www.etalab.gouv.fr/licence-ouverte-open-licence/).", True),
    ("Licence : titre", "Nom de la licence (par exemple « Licence Ouverte 2.0 (Etalab) »).", True),
    ("Licence : type", "Type de licence ADMS (http://purl.org/adms/licencetype/…), par exemple Attribution.", False),
    ("Éditeur", "L'organisme qui publie la cartographie.", True),
    ("Éditeur : identifiant", "Nom court de l'éditeur dans les IRI (lettres minuscules, chiffres, tirets).", True),
    ("Éditeur : type", "Type d'éditeur ADMS (http://purl.org/adms/publishertype/…), par exemple "
                       "NonProfitOrganisation, IndustryConsortium.", False),
    ("Auteur", "L'organisme auteur de la cartographie (l'observatoire de la branche), facultatif.", False),
    ("Auteur : identifiant", "Nom court de l'auteur dans les IRI, s'il y a un auteur.", False),
    ("Auteur : type", "Type d'auteur ADMS, comme pour l'éditeur.", False),
    ("Contact : nom", "Nom du point de contact (vCard), facultatif.", False),
    ("Contact : adresse", "Adresse web du point de contact.", False),
    ("Date de publication", "Date de la publication, AAAA-MM-JJ.", True),
    ("Date de mise à jour", "Date de la dernière mise à jour, AAAA-MM-JJ (facultative).", False),
    ("Période : début", "Début de la période couverte par les données, AAAA-MM-JJ (facultatif).", False),
    ("Période : fin", "Fin de la période couverte, AAAA-MM-JJ.", False),
    ("Thèmes", "Thèmes de l'Office des publications de l'UE (data-theme), codes séparés par « ; » : "
               "EDUC ; ECON ; SOCI…", False),
    ("Mots-clés", "Mots-clés du jeu de données, séparés par « ; ».", False),
    ("Intitulé de la nomenclature", "Nom de la liste des métiers de la branche.", True),
    ("Intitulé de la nomenclature (anglais)", "Le même, en anglais (facultatif).", False),
    ("Source : identifiant", "Nom court du document source dans les IRI (lettres minuscules, chiffres, tirets).", True),
    ("Source : titre", "Titre du document source de la cartographie.", True),
    ("Source : auteur", "Auteur du document source.", True),
    ("Source : contributeur", "Contributeur (cabinet d'études…), facultatif.", False),
    ("Source : date", "Année du document source, AAAA.", True),
    ("Source : citation", "La citation complète à reproduire quand on réutilise les données.", True),
    ("Effectifs : titre", "Titre du tableau des effectifs par métier.", True),
    ("Effectifs : titre (anglais)", "Le même, en anglais (facultatif).", False),
    ("Effectifs : note", "Remarque sur les effectifs par métier (date, périmètre), facultative.", False),
    ("Effectifs agrégés : titre", "Titre du tableau des effectifs par famille, groupe et total.", True),
    ("Effectifs agrégés : titre (anglais)", "Le même, en anglais (facultatif).", False),
    ("Effectifs agrégés : note", "Remarque sur les effectifs agrégés, facultative.", False),
)

_CODE_METIER = Colonne(CODE_METIER, "Code du métier (feuille Métiers).", requise=True, liste=CODE_METIER, largeur=12)
_POSITION = Colonne("Position", "Rang de l'élément, à partir de 1, dans l'ordre de la fiche.", "integer",
                    requise=True, largeur=10)

FEUILLES: tuple[Feuille, ...] = (
    Feuille("Branche", "branche", "La branche, sa publication et son document source : une ligne par clé.", (
        Colonne("Clé", "Nom de l'information (liste fixe).", requise=True, liste=CLE_BRANCHE, largeur=36),
        Colonne("Valeur", "Sa valeur.", largeur=90),
    ), cle=("Clé",)),
    Feuille("Groupes", "groupes", "Les groupes de familles (par exemple métiers spécifiques, métiers supports).", (
        Colonne("Code", "Code du groupe (I, II…).", requise=True, largeur=10),
        Colonne("Intitulé", "Intitulé du groupe.", requise=True, largeur=50),
        Colonne("Identifiant", "Nom court dans l'IRI (groupe-…), lettres minuscules, chiffres et tirets.",
                requise=True, largeur=20),
    ), cle=("Code",)),
    Feuille("Familles", "familles", "Les familles de métiers.", (
        Colonne("Code", "Code de la famille, deux chiffres (01…).", requise=True, largeur=10),
        Colonne("Intitulé", "Intitulé de la famille.", requise=True, largeur=50),
        Colonne("Groupe", "Code du groupe (feuille Groupes).", requise=True, liste=CODE_GROUPE, largeur=10),
    ), cle=("Code",)),
    Feuille("Métiers", "metiers", "Les métiers codifiés et leurs effectifs.", (
        Colonne("Code", "Code du métier, quatre chiffres dont les deux premiers sont ceux de la famille.",
                requise=True, largeur=10),
        Colonne("Intitulé", "Intitulé du métier, en notation inclusive (« Chargé(e) », « (f/h) »).",
                requise=True, largeur=50),
        Colonne("Famille", "Code de la famille (feuille Familles).", requise=True, liste=CODE_FAMILLE, largeur=10),
        Colonne("Effectif", "Effectif du métier à la date de référence.", "integer", requise=True, largeur=10),
        Colonne("Nombre de sociétés", "Nombre de sociétés où le métier est exercé.", "integer", largeur=12),
        Colonne("Date de référence", "Date des effectifs, AAAA-MM-JJ.", "date", requise=True, largeur=14),
    ), cle=("Code",)),
    Feuille("Périmètres", "perimetres", "Effectifs hors métiers, familles et groupes : total de la branche, "
                                        "effectifs ventilés ou non dans les fiches.", (
        Colonne("Identifiant", "Nom court dans l'IRI (perimetre-…) : « branche » pour le total de la branche, "
                               "« ventile », « non-ventile »…", requise=True, largeur=16),
        Colonne("Intitulé", "Intitulé du périmètre.", requise=True, largeur=50),
        Colonne("Intitulé (anglais)", "Le même, en anglais (facultatif).", largeur=40),
        Colonne("Parent", "Identifiant du périmètre qui contient celui-ci ; vide pour le total de la branche.",
                largeur=14),
        Colonne("Groupes", "Codes des groupes dont ce périmètre est la somme, séparés par « ; » (facultatif).",
                largeur=12),
        Colonne("Effectif", "Effectif imprimé à la date de référence ; vide s'il se calcule (somme des groupes).",
                "integer", largeur=10),
        Colonne("Date de référence", "Date des effectifs, AAAA-MM-JJ.", "date", requise=True, largeur=14),
    ), cle=("Identifiant",), obligatoire=False),
    Feuille("Fiches", "fiches", "Une ligne par fiche Métier détaillée : provenance et rubriques d'un seul texte.", (
        _CODE_METIER,
        Colonne("Titre", "Titre de la fiche.", requise=True, largeur=24),
        Colonne("Version", "Version de la fiche, telle qu'écrite dans la source.", requise=True, largeur=24),
        Colonne("Date de version", "Date de la version, AAAA-MM-JJ.", "date", requise=True, largeur=14),
        Colonne("Complète", "Oui si la fiche est entière dans la source.", requise=True, liste=OUI_NON, largeur=10),
        Colonne("Section de la source", "Partie du document source qui contient la fiche.", requise=True, largeur=30),
        Colonne("Première ligne", "Première ligne de la fiche dans le texte source (facultatif).", "integer", largeur=10),
        Colonne("Dernière ligne", "Dernière ligne de la fiche dans le texte source (facultatif).", "integer", largeur=10),
        Colonne("Mission", "La mission du métier (définition).", largeur=60),
        Colonne("Rattachements hiérarchiques", "Rattachements hiérarchiques rencontrés.", largeur=40),
        Colonne("Aucune habilitation", "Oui si la rubrique « Habilitations » est présente et vide.",
                liste=OUI_NON, largeur=12),
        Colonne("Commentaire sur les évolutions", "Commentaire de la fiche sur les évolutions.", largeur=40),
        Colonne("Note", "Note éditoriale sur la fiche ; une note par ligne de la cellule.", largeur=40),
    ), cle=(CODE_METIER,), obligatoire=False),
    Feuille("Emplois", "emplois", "Les autres dénominations rencontrées dans les sociétés (emplois).", (
        _CODE_METIER, _POSITION,
        Colonne("Intitulé", "Intitulé de l'emploi, tel que la fiche l'écrit.", requise=True, largeur=50),
        Colonne("Nombre de sociétés", "Nombre de sociétés qui emploient cet intitulé, s'il est connu.", "integer",
                largeur=12),
    ), cle=(CODE_METIER, "Position"), obligatoire=False),
    Feuille("Métiers recensés", "metiers-recenses", "Les métiers recensés dans une fiche de regroupement.", (
        _CODE_METIER, _POSITION,
        Colonne("Intitulé", "Intitulé du métier recensé.", requise=True, largeur=50),
        Colonne("Identifiant", "Nom court dans l'IRI (metier-CODE-…), lettres minuscules, chiffres et tirets.",
                requise=True, largeur=30),
    ), cle=(CODE_METIER, "Position"), obligatoire=False),
    Feuille("Rubriques", "rubriques",
            "Les éléments des fiches, un par ligne : activités, compétences et autres rubriques.", (
                _CODE_METIER,
                Colonne("Métier recensé", "Intitulé d'un métier recensé (feuille Métiers recensés) si l'élément "
                                          "le concerne, sinon vide.", largeur=24),
                Colonne("Rubrique", "La rubrique de la fiche (liste).", requise=True, liste=RUBRIQUE, largeur=28),
                _POSITION,
                Colonne("Parent", "Position de l'élément dont celui-ci est un sous-élément, dans la même rubrique.",
                        "integer", largeur=10),
                Colonne("Texte", "Le texte de l'élément, mot pour mot comme dans la fiche.", requise=True, largeur=80),
                Colonne("Intitulé de la rubrique", "L'intitulé de la liste, tel qu'écrit, quand la fiche ne classe pas "
                                                   "l'élément (situation « non précisée »).", largeur=24),
                Colonne("Fréquence", "Pour une activité : sa fréquence (liste).", liste=FREQUENCE, largeur=28),
                Colonne("Situation", "Pour une compétence : la situation de travail (liste).", liste=SITUATION,
                        largeur=28),
                Colonne("Nature", "Pour une compétence : sa nature (liste).", liste=NATURE, largeur=22),
            ), cle=(CODE_METIER, "Métier recensé", "Rubrique", "Position"), obligatoire=False),
    Feuille("Métiers cités", "metiers-cites", "Les métiers cités comme évolutions qui n'ont pas de code.", (
        Colonne("Identifiant", "Nom court dans l'IRI (metier-hors-nomenclature-…).", requise=True, largeur=40),
        Colonne("Intitulé", "Intitulé du métier cité.", requise=True, largeur=60),
    ), cle=("Identifiant",), obligatoire=False),
    Feuille("Mobilités", "mobilites", "Les évolutions vers d'autres métiers.", (
        _CODE_METIER, _POSITION,
        Colonne("Libellé cible", "Le métier visé, tel que la fiche l'écrit.", requise=True, largeur=50),
        Colonne("Cible", "Code du métier visé, « CODE/identifiant » d'un métier recensé (feuille Métiers recensés), "
                         "ou identifiant d'un métier cité (feuille Métiers cités).",
                requise=True, liste=CIBLE, largeur=30),
        Colonne("Réserve", "Condition posée à l'évolution, s'il y en a une.", largeur=40),
    ), cle=(CODE_METIER, "Position"), obligatoire=False),
    Feuille("Alignements", "alignements", "Les correspondances relues avec les référentiels (ROME, ESCO…), une par "
                                          "ligne ; écrites en SSSOM dans donnees/alignements/TABLE.sssom.tsv.", (
        Colonne("Table", "Nom de la table d'alignement (feuille Tables d'alignement), par exemple rome.",
                requise=True, largeur=10),
        Colonne(CODE_METIER, "Code du métier aligné, ou « CODE/identifiant » d'un métier recensé.", requise=True,
                liste=METIER_ALIGNE, largeur=24),
        Colonne("Relation", "La relation SKOS entre le métier et la cible (liste) : skos:broadMatch si la cible est "
                            "plus générale, skos:exactMatch si elle est équivalente…", requise=True, liste=RELATION,
                largeur=20),
        Colonne("Cible", "La cible, en CURIE d'un préfixe de la table (rome460:M1614, esco:…), ou "
                         "sssom:NoTermFound si aucune ne convient.", requise=True, largeur=20),
        Colonne("Intitulé de la cible", "L'intitulé de la cible dans son référentiel.", largeur=36),
        Colonne("Justification", "Comment la correspondance a été établie (liste semapv).", requise=True,
                liste=JUSTIFICATION, largeur=28),
        Colonne("Confiance", "Confiance entre 0 et 1 (par exemple 0.85).", largeur=10),
        Colonne("Auteurs", "Auteurs de la correspondance, en CURIE, séparés par « | ».", largeur=24),
        Colonne("Réviseurs", "Qui a relu une correspondance proposée par un outil, en CURIE, séparés par « | ».",
                largeur=24),
        Colonne("Date", "Date de la correspondance, AAAA-MM-JJ.", "date", largeur=14),
        Colonne("Commentaire", "Pourquoi cette relation : ce que disent la fiche et le référentiel.", largeur=80),
    ), cle=("Table", CODE_METIER, "Relation", "Cible"), obligatoire=False),
    Feuille("Tables d'alignement", "tables-alignement", "L'en-tête SSSOM de chaque table d'alignement : une ligne "
                                                         "par clé (mapping_set_id, license, mapping_set_title…), et "
                                                         "une ligne « préfixe X » par préfixe de CURIE.", (
        Colonne("Table", "Nom de la table (celui du fichier, sans .sssom.tsv).", requise=True, largeur=10),
        Colonne("Clé", "Clé de l'en-tête SSSOM, ou « préfixe X » pour le préfixe X.", requise=True, largeur=24),
        Colonne("Valeur", "Sa valeur (une IRI pour un préfixe ; plusieurs valeurs séparées par « | »).",
                requise=True, largeur=90),
    ), cle=("Table", "Clé"), obligatoire=False),
)

PAR_NOM = {f.nom: f for f in FEUILLES}

# Les rubriques « énoncés » d'une fiche : propriété, classe et segment de l'IRI de l'élément
# (`…/metier-1203-condition-01`). Leur libellé, celui de la liste, est celui de la classe dans l'ontologie.
ENONCES: tuple[tuple[URIRef, URIRef, str], ...] = (
    (CMA.conditionExercice, CMA.ConditionExercice, "condition"),
    (CMA.caracteristique, CMA.Caracteristique, "caracteristique"),
    (CMA.aptitude, CMA.Aptitude, "aptitude"),
    (CMA.exigenceFormation, CMA.ExigenceFormation, "formation"),
    (CMA.habilitation, CMA.Habilitation, "habilitation"),
    (CMA.evolutionInterne, CMA.EvolutionInterne, "evolution-interne"),
)


def _francais(ontologie: Graph, sujet: URIRef, propriete: URIRef) -> str:
    return next(str(v) for v in ontologie.objects(sujet, propriete) if getattr(v, "language", None) == "fr")


class Termes:
    """Les termes qu'un utilisateur choisit dans une liste, lus dans l'ontologie partagée : chaque liste
    associe le libellé français affiché à l'IRI du concept (ou de la classe, pour les rubriques)."""

    def __init__(self, ontologie: Graph) -> None:
        def schema(nom: URIRef) -> dict[str, URIRef]:
            concepts = sorted(ontologie.subjects(SKOS.inScheme, nom),
                              key=lambda c: str(ontologie.value(c, SKOS.notation) or c))
            return {_francais(ontologie, c, SKOS.prefLabel): c for c in concepts}  # type: ignore[arg-type]

        classes = [CMA.Activite, CMA.Competence, *(classe for _, classe, _ in ENONCES)]
        self.listes: dict[str, dict[str, URIRef]] = {
            RUBRIQUE: {_francais(ontologie, c, RDFS.label): c for c in classes},
            FREQUENCE: schema(CMA.Frequences),
            SITUATION: schema(CMA.Situations),
            NATURE: schema(CMA.Natures),
        }

    def iri(self, liste: str, libelle: str) -> URIRef:
        return self.listes[liste][libelle]

    def libelle(self, liste: str, iri: URIRef) -> str:
        return next(libelle for libelle, valeur in self.listes[liste].items() if valeur == iri)

    def choix(self) -> dict[str, list[str]]:
        """Les listes fixes du classeur, libellés dans l'ordre."""
        return {**{nom: list(valeurs) for nom, valeurs in self.listes.items()},
                OUI_NON: [OUI, NON], CLE_BRANCHE: [cle for cle, _, _ in CLES_BRANCHE],
                RELATION: sorted(PREDICATS), JUSTIFICATION: sorted(JUSTIFICATIONS)}


def table_schema(feuille: Feuille, listes: dict[str, list[str]]) -> dict[str, object]:
    """Le Table Schema (frictionless) d'une feuille ; `listes` donne les valeurs des listes fixes."""
    champs: list[dict[str, object]] = []
    for c in feuille.colonnes:
        champ: dict[str, object] = {"name": c.nom, "type": c.type, "description": c.description}
        contraintes: dict[str, object] = {}
        if c.requise:
            contraintes["required"] = True
        if c.liste in listes:
            contraintes["enum"] = listes[c.liste]
        if c.type == "integer":
            contraintes["minimum"] = 1 if c.nom == "Position" else 0
        if contraintes:
            champ["constraints"] = contraintes
        champs.append(champ)
    schema: dict[str, object] = {"fields": champs, "missingValues": [""]}
    if feuille.cle:
        schema["primaryKey"] = list(feuille.cle)
    references = [(c.nom, cible) for c in feuille.colonnes for liste, cible in _REFERENCES if c.liste == liste]
    if references:
        schema["foreignKeys"] = [{"fields": nom, "reference": {"resource": ressource, "fields": champ}}
                                 for nom, (ressource, champ) in references]
    return schema


_REFERENCES = ((CODE_GROUPE, ("groupes", "Code")), (CODE_FAMILLE, ("familles", "Code")),
               (CODE_METIER, ("metiers", "Code")))


def data_package(listes: dict[str, list[str]]) -> dict[str, object]:
    """Le Data Package qui décrit un dossier de CSV du classeur (un fichier par feuille)."""
    return {
        "name": "cartographie-classeur",
        "title": "Classeur d'une cartographie des métiers de branche",
        "description": "Une ressource par feuille du classeur ; voir docs/classeur.md.",
        "resources": [{
            "name": f.fichier, "path": f"{f.fichier}.csv", "title": f.nom, "description": f.description,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": table_schema(f, listes),
        } for f in FEUILLES],
    }


def en_markdown(listes: dict[str, list[str]]) -> str:
    """Les colonnes de chaque feuille, pour docs/classeur.md (bloc généré)."""
    lignes: list[str] = []
    for f in FEUILLES:
        lignes += [f"**{f.nom}** (`{f.fichier}.csv`) : {f.description}", "",
                   "| colonne | type | obligatoire | description |", "|---|---|---|---|"]
        for c in f.colonnes:
            choix = f" Valeurs : {' ; '.join(listes[c.liste])}." if c.liste in listes and c.liste != CLE_BRANCHE else ""
            lignes.append(f"| {c.nom} | {c.type} | {'oui' if c.requise else ''} | {c.description}{choix} |")
        lignes.append("")
    lignes += ["**Clés de la feuille Branche**", "", "| clé | obligatoire | description |", "|---|---|---|"]
    lignes += [f"| {cle} | {'oui' if requise else ''} | {description} |" for cle, description, requise in CLES_BRANCHE]
    return "\n".join(lignes) + "\n"
