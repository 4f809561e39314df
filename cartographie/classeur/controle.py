"""Contrôle des feuilles lues : colonnes, types, listes, clés et références, avant toute écriture.

Chaque problème est nommé par sa feuille, sa ligne de tableur et sa colonne ; tous sont rapportés
ensemble, et rien n'est écrit tant qu'il en reste un.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from cartographie.classeur.format import (
    CIBLE,
    CLES_BRANCHE,
    CODE_FAMILLE,
    CODE_GROUPE,
    CODE_METIER,
    FEUILLES,
    METIER_ALIGNE,
    PAR_NOM,
    RUBRIQUE,
    Colonne,
    Feuille,
)
from cartographie.erreurs import ErreurEntree
from cartographie.io.tableur import Feuille as FeuilleLue
from cartographie.io.tableur import lettre_colonne, reperer_colonnes

Valeur = str | int | None
_IDENTIFIANT = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")



@dataclass(frozen=True)
class Ligne:
    numero: int
    valeurs: dict[str, Valeur]

    def __getitem__(self, colonne: str) -> Valeur:
        return self.valeurs.get(colonne)

    def get(self, colonne: str, defaut: Valeur = None) -> Valeur:
        return self.valeurs.get(colonne, defaut)

    def texte(self, colonne: str) -> str:
        valeur = self.valeurs.get(colonne)
        return "" if valeur is None else str(valeur)


Tables = dict[str, list[Ligne]]


class Rapport:
    def __init__(self, origine: str) -> None:
        self.origine = origine
        self.problemes: list[str] = []

    def ajouter(self, feuille: str, ligne: int | None, colonne: str | None, message: str) -> None:
        ou = f"feuille « {feuille} »"
        if ligne is not None:
            ou += f", ligne {ligne}"
        if colonne is not None:
            ou += f", colonne « {colonne} »"
        self.problemes.append(f"{ou} : {message}")

    def verifier(self) -> None:
        if self.problemes:
            raise ErreurEntree(f"{self.origine} : {len(self.problemes)} problème(s), rien n'a été écrit.\n"
                               + "\n".join(f"  - {p}" for p in self.problemes))


def _cellule(valeur: object, colonne: Colonne) -> Valeur | ValueError:
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return None
    if colonne.type == "integer":
        if isinstance(valeur, bool):
            return ValueError(f"« {valeur} » n'est pas un nombre entier")
        if isinstance(valeur, float) and valeur.is_integer():
            return int(valeur)
        if isinstance(valeur, int):
            return valeur
        texte = str(valeur).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if re.fullmatch(r"\d+", texte):
            return int(texte)
        return ValueError(f"« {valeur} » n'est pas un nombre entier positif")
    if colonne.type == "date":
        if isinstance(valeur, datetime):
            return valeur.date().isoformat()
        if isinstance(valeur, date):
            return valeur.isoformat()
        try:
            return date.fromisoformat(str(valeur).strip()).isoformat()
        except ValueError:
            return ValueError(f"« {valeur} » n'est pas une date AAAA-MM-JJ")
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    return str(valeur).strip()


def _lire_feuille(feuille: FeuilleLue, definition: Feuille, rapport: Rapport) -> list[Ligne]:
    """Les lignes d'une feuille, en-têtes reconnus sans tenir compte de la casse, des accents ni des espaces."""
    if not feuille.lignes:
        return []
    try:
        numero_entete, indices = reperer_colonnes(feuille, {c.nom: c.nom for c in definition.colonnes})
    except ErreurEntree as e:
        rapport.ajouter(definition.nom, feuille.lignes[0][0], None, f"{e.message.split(' : ', 1)[-1]} "
                        f"(en-têtes attendus : {', '.join(definition.noms)})")
        return []
    lignes: list[Ligne] = []
    for numero, cellules in feuille.lignes:
        if numero <= numero_entete:
            continue
        valeurs: dict[str, Valeur] = {}
        for c in definition.colonnes:
            i = indices[c.nom]
            lu = _cellule(cellules[i] if i < len(cellules) else None, c)
            if isinstance(lu, ValueError):
                rapport.ajouter(definition.nom, numero, c.nom, f"{lu} (case {lettre_colonne(i)}{numero})")
                lu = None
            elif lu is None and c.requise:
                rapport.ajouter(definition.nom, numero, c.nom, "valeur obligatoire manquante")
            valeurs[c.nom] = lu
        if any(v is not None for v in valeurs.values()):
            lignes.append(Ligne(numero, valeurs))
    return lignes


def _uniques(tables: Tables, feuille: Feuille, rapport: Rapport) -> None:
    vues: dict[tuple[Valeur, ...], int] = {}
    for ligne in tables.get(feuille.nom, []):
        cle = tuple(ligne[c] for c in feuille.cle)
        if cle in vues:
            valeur = " / ".join(str(v) for v in cle if v is not None)
            rapport.ajouter(feuille.nom, ligne.numero, feuille.cle[-1],
                            f"« {valeur} » en double (déjà ligne {vues[cle]})")
        else:
            vues[cle] = ligne.numero


def _dans_liste(tables: Tables, listes: dict[str, list[str]], rapport: Rapport) -> None:
    for feuille in FEUILLES:
        for c in feuille.colonnes:
            if c.liste not in listes:
                continue
            permises = listes[c.liste]
            for ligne in tables.get(feuille.nom, []):
                valeur = ligne[c.nom]
                if valeur is not None and valeur not in permises:
                    rapport.ajouter(feuille.nom, ligne.numero, c.nom, f"« {valeur} » n'est pas dans la liste "
                                    f"{c.liste.lower()} ({' ; '.join(permises)})")


def controler(feuilles: dict[str, FeuilleLue], termes: dict[str, list[str]], origine: str) -> Tables:
    """Les tables contrôlées, ou ErreurEntree avec tous les problèmes trouvés. `termes` : les listes fixes
    (rubrique, fréquence, situation, nature, oui/non, clés de la branche), voir `Termes.choix`."""
    rapport = Rapport(origine)
    connues = [f for f in feuilles if f in PAR_NOM]
    if not any(len(feuilles[f].lignes) > 1 for f in connues):
        raise ErreurEntree(f"{origine} : classeur vide, aucune des feuilles attendues n'a de ligne "
                           f"({', '.join(f.nom for f in FEUILLES)}).")
    tables: Tables = {}
    for definition in FEUILLES:
        lue = feuilles.get(definition.nom)
        if lue is None:
            if definition.obligatoire:
                rapport.ajouter(definition.nom, None, None, "feuille manquante")
            continue
        tables[definition.nom] = _lire_feuille(lue, definition, rapport)
    for definition in FEUILLES:
        _uniques(tables, definition, rapport)
    listes = {**termes,
              CODE_GROUPE: [ligne.texte("Code") for ligne in tables.get("Groupes", [])],
              CODE_FAMILLE: [ligne.texte("Code") for ligne in tables.get("Familles", [])],
              CODE_METIER: [ligne.texte("Code") for ligne in tables.get("Métiers", [])]}
    listes[CIBLE] = (listes[CODE_METIER] + [ligne.texte("Identifiant") for ligne in tables.get("Métiers cités", [])]
                     + [f"{ligne.texte(CODE_METIER)}/{ligne.texte('Identifiant')}"
                        for ligne in tables.get("Métiers recensés", [])])
    listes[METIER_ALIGNE] = listes[CODE_METIER] + [f"{ligne.texte(CODE_METIER)}/{ligne.texte('Identifiant')}"
                                                   for ligne in tables.get("Métiers recensés", [])]
    _dans_liste(tables, listes, rapport)
    _branche(tables, rapport)
    _identifiants(tables, rapport)
    _rubriques(tables, termes, rapport)
    from cartographie.classeur.alignements import controler_alignements  # import circulaire sinon

    controler_alignements(tables, rapport)
    rapport.verifier()
    return tables


def _branche(tables: Tables, rapport: Rapport) -> None:
    donnees = {ligne.texte("Clé"): ligne for ligne in tables.get("Branche", [])}
    for cle, _, requise in CLES_BRANCHE:
        if requise and (cle not in donnees or donnees[cle]["Valeur"] is None):
            rapport.ajouter("Branche", donnees[cle].numero if cle in donnees else None, "Valeur",
                            f"« {cle} » doit être renseignée")
    base = donnees.get("IRI de base")
    if base is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+/", base.texte("Valeur")):
        rapport.ajouter("Branche", base.numero, "Valeur",
                        f"IRI de base « {base.texte('Valeur')} » invalide (http(s)://…, terminée par « / »)")


def _identifiants(tables: Tables, rapport: Rapport) -> None:
    for feuille in ("Groupes", "Périmètres", "Métiers recensés", "Métiers cités"):
        for ligne in tables.get(feuille, []):
            valeur = ligne.texte("Identifiant")
            if valeur and not _IDENTIFIANT.match(valeur):
                rapport.ajouter(feuille, ligne.numero, "Identifiant", f"« {valeur} » : seulement des lettres "
                                "minuscules sans accent, des chiffres et des tirets")
    for ligne in tables.get("Familles", []):
        if not re.fullmatch(r"\d{2}", ligne.texte("Code")):
            rapport.ajouter("Familles", ligne.numero, "Code", f"« {ligne.texte('Code')} » : deux chiffres attendus")
    for ligne in tables.get("Métiers", []):
        code, famille = ligne.texte("Code"), ligne.texte("Famille")
        if not re.fullmatch(r"\d{4}", code):
            rapport.ajouter("Métiers", ligne.numero, "Code", f"« {code} » : quatre chiffres attendus")
        elif famille and not code.startswith(famille):
            rapport.ajouter("Métiers", ligne.numero, "Code",
                            f"« {code} » doit commencer par le code de sa famille ({famille})")


def _ancetre_de_lui_meme(ligne: Ligne, parents: dict[tuple[str, str, str, Valeur], Valeur]) -> bool:
    rubrique = (ligne.texte(CODE_METIER), ligne.texte("Métier recensé"), ligne.texte("Rubrique"))
    vus = {ligne["Position"]}
    parent = ligne["Parent"]
    while parent is not None:
        if parent in vus:
            return True
        vus.add(parent)
        parent = parents.get((*rubrique, parent))
    return False


def _rubriques(tables: Tables, termes: dict[str, list[str]], rapport: Rapport) -> None:
    recenses = {(ligne.texte(CODE_METIER), ligne.texte("Intitulé")) for ligne in tables.get("Métiers recensés", [])}
    positions: dict[tuple[str, str, str], set[int]] = {}
    parents: dict[tuple[str, str, str, Valeur], Valeur] = {}
    for ligne in tables.get("Rubriques", []):
        rubrique = (ligne.texte(CODE_METIER), ligne.texte("Métier recensé"), ligne.texte("Rubrique"))
        positions.setdefault(rubrique, set()).add(ligne["Position"])  # type: ignore[arg-type]
        parents[(*rubrique, ligne["Position"])] = ligne["Parent"]
    activite, competence = termes[RUBRIQUE][0], termes[RUBRIQUE][1]
    for ligne in tables.get("Rubriques", []):
        code, recense, rubrique = ligne.texte(CODE_METIER), ligne.texte("Métier recensé"), ligne.texte("Rubrique")
        if recense and (code, recense) not in recenses:
            rapport.ajouter("Rubriques", ligne.numero, "Métier recensé",
                            f"« {recense} » n'est pas un métier recensé de {code} (feuille Métiers recensés)")
        parent = ligne["Parent"]
        if parent is not None and parent not in positions[(code, recense, rubrique)]:
            rapport.ajouter("Rubriques", ligne.numero, "Parent",
                            f"l'élément parent en position {parent} manque dans la rubrique « {rubrique} » de {code}")
        if parent is not None and _ancetre_de_lui_meme(ligne, parents):
            rapport.ajouter("Rubriques", ligne.numero, "Parent", "un élément ne peut pas être son propre parent "
                            "ni le parent de l'un de ses parents")
        attendues = {activite: ("Fréquence",), competence: ("Situation", "Nature")}.get(rubrique, ())
        for colonne in ("Fréquence", "Situation", "Nature"):
            if colonne in attendues and ligne[colonne] is None:
                rapport.ajouter("Rubriques", ligne.numero, colonne, f"obligatoire pour la rubrique « {rubrique} »")
            if colonne not in attendues and ligne[colonne] is not None:
                rapport.ajouter("Rubriques", ligne.numero, colonne,
                                f"sans objet pour la rubrique « {rubrique} » (laissez la cellule vide)")
