"""Le catalogue de requêtes (`requetes/*.rq`) et la liaison sûre de leurs paramètres.

Chaque fichier commence par un en-tête de commentaires :
    # titre: …
    # description: …
    # parametre: NOM TYPE description        (autant de lignes que de paramètres ; TYPE? : facultatif)
    # exemple: cartographie query NOM --param …
et porte, dans son WHERE, une ligne `# @parametres` que remplace un bloc VALUES construit à partir
de termes typés et échappés : un paramètre ne peut pas changer la requête, et le même texte part
vers le moteur embarqué et vers un serveur distant. Un paramètre facultatif absent y vaut UNDEF : la
variable reste libre.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cartographie.erreurs import ErreurEntree, cite
from cartographie.projet import Projet
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import XSD, Resultat, Terme

MARQUE = "# @parametres"
# Le paramètre facultatif des requêtes qui désignent un métier par son code : la nomenclature (skos:inScheme) où
# le code est unique, quand la base interrogée réunit plusieurs branches.
NOMENCLATURE = "nomenclature"
TYPES = {
    "code-metier": "code de métier à 4 chiffres (ex. 1203)",
    "entier": "nombre entier positif",
    "date": "date AAAA-MM-JJ (ex. 2008-07-01)",
    "texte": "texte libre",
    "iri": "IRI http(s) absolu (ex. https://w3id.org/metiers-assistance/id/nomenclature)",
}
_IRI = re.compile(r"https?://[^\s<>\"{}|^`\\]+")


@dataclass(frozen=True)
class Parametre:
    nom: str
    type: str
    description: str
    facultatif: bool = False


@dataclass(frozen=True)
class Requete:
    nom: str
    chemin: Path
    texte: str
    titre: str = ""
    description: str = ""
    exemple: str = ""
    parametres: tuple[Parametre, ...] = field(default_factory=tuple)

    @property
    def ordonnee(self) -> bool:
        return bool(re.search(r"\bORDER\s+BY\b", self.texte, re.IGNORECASE))


def lire_requete(chemin: Path) -> Requete:
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ErreurEntree(f"{chemin} : requête illisible ({e}).") from None
    entete: dict[str, str] = {}
    parametres = []
    for ligne in texte.splitlines():
        m = re.match(r"^#\s*(titre|description|parametre|exemple)\s*:\s*(.*)$", ligne)
        if not m:
            continue
        cle, valeur = m.groups()
        if cle == "parametre":
            nom, type_, *description = valeur.split(maxsplit=2)
            facultatif = type_.endswith("?")
            type_ = type_.removesuffix("?")
            if type_ not in TYPES:
                raise ErreurEntree(f"{chemin} : paramètre « {nom} » de type inconnu « {type_} ».")
            parametres.append(Parametre(nom, type_, description[0] if description else "", facultatif))
        else:
            entete[cle] = (entete.get(cle, "") + " " + valeur).strip()
    if parametres and MARQUE not in texte:
        raise ErreurEntree(f"{chemin} : la requête a des paramètres mais pas de ligne « {MARQUE} ».")
    return Requete(chemin.stem, chemin, texte, entete.get("titre", ""), entete.get("description", ""),
                   entete.get("exemple", ""), tuple(parametres))


def catalogue(dossier: Path) -> dict[str, Requete]:
    return {chemin.stem: lire_requete(chemin) for chemin in sorted(dossier.glob("*.rq"))}


def terme(parametre: Parametre, valeur: str, option: str = "") -> Terme:
    """La valeur, contrôlée et typée : aucune chaîne utilisateur n'entre brute dans la requête. `option` : le nom
    sous lequel l'utilisateur l'a écrite, s'il n'a pas écrit `--param NOM=…`."""
    if parametre.type == "code-metier":
        if not re.fullmatch(r"\d{4}", valeur):
            raise ErreurEntree(f"paramètre {parametre.nom} : « {cite(valeur)} » n'est pas un code de métier à 4 chiffres.")
        return Terme("literal", valeur)
    if parametre.type == "entier":
        if not re.fullmatch(r"\d{1,6}", valeur):
            raise ErreurEntree(f"paramètre {parametre.nom} : « {cite(valeur)} » n'est pas un entier positif.")
        return Terme("literal", str(int(valeur)), datatype=XSD + "integer")
    if parametre.type == "iri":
        if not _IRI.fullmatch(valeur):
            raise ErreurEntree(f"{option or f'paramètre {parametre.nom}'} : « {cite(valeur)} » n'est pas un IRI http(s) absolu.")
        return Terme("uri", valeur)
    if parametre.type == "date":
        try:
            return Terme("literal", date.fromisoformat(valeur).isoformat(), datatype=XSD + "date")
        except ValueError:
            raise ErreurEntree(f"paramètre {parametre.nom} : « {cite(valeur)} » n'est pas une date AAAA-MM-JJ.") from None
    return Terme("literal", valeur)


def lier(requete: Requete, valeurs: dict[str, str]) -> str:
    """Le texte de la requête avec ses paramètres liés par un bloc VALUES."""
    connus = {p.nom: p for p in requete.parametres}
    inconnus = sorted(set(valeurs) - set(connus))
    if inconnus:
        attendus = ", ".join(connus) or "aucun"
        raise ErreurEntree(f"requête {requete.nom} : paramètre inconnu {cite(', '.join(inconnus))} (attendus : {attendus}).")
    manquants = [nom for nom, p in connus.items() if nom not in valeurs and not p.facultatif]
    if manquants:
        raise ErreurEntree(
            f"requête {requete.nom} : paramètre manquant {', '.join(manquants)}"
            + (f" (exemple : {requete.exemple})" if requete.exemple else "") + "."
        )
    if not requete.parametres:
        return requete.texte
    noms = " ".join(f"?{p.nom}" for p in requete.parametres)
    termes = " ".join(terme(p, valeurs[p.nom]).n3() if p.nom in valeurs else "UNDEF" for p in requete.parametres)
    return requete.texte.replace(MARQUE, f"VALUES ({noms}) {{ ({termes}) }}")


def _mots(arbre: object) -> set[str]:
    from pyparsing import ParseResults

    noms: set[str] = set()
    pile = [arbre]
    while pile:
        noeud = pile.pop()
        nom = getattr(noeud, "name", None)
        if isinstance(nom, str):
            noms.add(nom)
        if isinstance(noeud, dict):
            pile.extend(noeud.values())
        elif isinstance(noeud, list | tuple | ParseResults):
            pile.extend(noeud)
    return noms


def verifier_lecture_seule(texte: str, origine: str) -> None:
    """Refuse ce qui n'est pas une requête de lecture locale : mises à jour, LOAD, SERVICE."""
    # Importés ici : l'analyseur SPARQL de rdflib coûte plus que tout le reste d'une commande de lecture,
    # et seule une requête écrite par l'utilisateur en a besoin.
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        arbre = parseQuery(texte)
    except ParseException as e:
        if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", texte, re.IGNORECASE):
            raise ErreurEntree(
                f"{origine} : seules les requêtes de lecture sont acceptées (mise à jour refusée)."
            ) from None
        raise ErreurEntree(f"{origine}, ligne {e.lineno} : requête SPARQL invalide ({e.msg}).") from None
    if "ServiceGraphPattern" in _mots(arbre):
        raise ErreurEntree(f"{origine} : SERVICE refusé (la requête ne doit interroger que la base locale).")


_CODES = """PREFIX cma: <https://w3id.org/metiers-assistance/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?code ?intitule WHERE {{ ?m a cma:Metier ; skos:notation ?code ; skos:prefLabel ?intitule {dans} }}"""


def verifier_codes(moteur: Moteur, requete: Requete, valeurs: dict[str, str], noms: Mapping[str, str] | None = None) -> None:
    """Un code de métier inconnu est refusé avec les codes et intitulés les plus proches ; `noms` donne,
    pour un paramètre, le nom sous lequel l'utilisateur l'a écrit (une option de la commande)."""
    a_verifier = {p.nom: valeurs[p.nom] for p in requete.parametres if p.type == "code-metier" and p.nom in valeurs}
    if not a_verifier:
        return
    # Dans un magasin de plusieurs branches, un code désigne un métier par nomenclature : la nomenclature
    # demandée, s'il y en a une, est celle où chercher.
    schema = next((terme(p, valeurs[p.nom], (noms or {}).get(p.nom, "")) for p in requete.parametres
                   if p.nom == NOMENCLATURE and p.nom in valeurs), None)
    dans = "" if schema is None else f"; skos:inScheme {schema.n3()}"
    metiers = {ligne["code"].valeur: ligne["intitule"].valeur for ligne in moteur.select(_CODES.format(dans=dans)).lignes}
    if not metiers and schema is not None and moteur.select(_CODES.format(dans="") + " LIMIT 1").lignes:
        option = (noms or {}).get(NOMENCLATURE, f"paramètre {NOMENCLATURE}")
        raise ErreurEntree(f"{option} : la nomenclature {schema.n3()} ne contient aucun métier.")
    if not metiers:
        raise ErreurEntree(f"la base interrogée ne contient aucun métier{moteur.conseil_base_vide()}.")
    for nom, valeur in a_verifier.items():
        if valeur in metiers:
            continue
        choix = [f"{code} {intitule}" for code, intitule in sorted(metiers.items())]
        if re.fullmatch(r"\d{4}", valeur):
            # Un code mal tapé : les codes de la même famille, puis les plus proches numériquement.
            proches = sorted(choix, key=lambda c: (c[:2] != valeur[:2], abs(int(c[:4]) - int(valeur))))[:3]
        else:
            from rapidfuzz import fuzz, process

            trouves = process.extract(valeur[:200], choix, scorer=fuzz.WRatio, processor=str.lower, limit=3)
            proches = [c for c, score, _ in trouves if score > 50]
        conseil = f" ; les plus proches : {' ; '.join(proches)}" if proches else ""
        option = (noms or {}).get(nom, f"paramètre {nom}")
        ou = "" if schema is None else f" dans la nomenclature {schema.n3()}"
        raise ErreurEntree(f"{option} : le métier « {cite(valeur)} » n'existe pas{ou}{conseil}.")


def preparer(projet: Projet, moteur: Moteur, nom: str, valeurs: dict[str, str],
             noms: Mapping[str, str] | None = None) -> tuple[Requete, str]:
    """La requête `nom` du catalogue, ou un fichier `.rq` de l'utilisateur (lecture seule), liée à ses
    paramètres contrôlés ; un code de métier doit exister dans la base interrogée."""
    candidat = Path(nom)
    if candidat.suffix == ".rq":
        from cartographie.io.fichiers import fichier_ordinaire

        requete = lire_requete(fichier_ordinaire(candidat))
        verifier_lecture_seule(requete.texte, str(candidat))
    else:
        requetes = catalogue(projet.requetes)
        if nom not in requetes:
            proches = difflib.get_close_matches(nom, list(requetes), n=3)
            conseil = f" ; vouliez-vous dire : {', '.join(proches)} ?" if proches else ""
            raise ErreurEntree(f"requête inconnue « {cite(nom)} »{conseil} (liste : cartographie requetes).")
        requete = requetes[nom]
    verifier_codes(moteur, requete, valeurs, noms)
    return requete, lier(requete, valeurs)


def executer(projet: Projet, moteur: Moteur, nom: str, valeurs: dict[str, str],
             noms: Mapping[str, str] | None = None) -> Resultat:
    return moteur.select(preparer(projet, moteur, nom, valeurs, noms)[1])


def controles_qualite(projet: Projet, moteur: Moteur) -> list[tuple[Requete, Resultat]]:
    """Chaque contrôle de `requetes/qualite/` et ses lignes (aucune ligne : le contrôle passe)."""
    return [(requete, moteur.select(requete.texte)) for requete in catalogue(projet.requetes / "qualite").values()]
