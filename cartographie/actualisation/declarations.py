"""Les fichiers d'effectifs des sociétés : lecture et contrôle, case par case.

Un fichier (XLSX, ODS ou CSV, lu par `io.tableur`) a les colonnes Société, Date de référence, Intitulé d'emploi
interne, Code métier (facultative) et Effectif, reconnues sans tenir compte de la casse, des accents ni des
espaces. Tous les problèmes d'un fichier sont relevés, chacun avec son fichier, sa feuille, sa case et sa valeur :
l'utilisateur corrige tout en une fois.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.io.tableur import Feuille, Valeur, lire_tableur, reperer_colonnes
from cartographie.texte import cle

COLONNES = {"societe": "Société", "date": "Date de référence", "intitule": "Intitulé d'emploi interne",
            "code": "Code métier", "effectif": "Effectif"}
FACULTATIVES = {"code"}
_DATE_FRANCAISE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass(frozen=True)
class Societe:
    iri: str
    nom: str
    identifiant: str
    """Le dernier segment de l'IRI sans « societe- » : nom des fichiers de la société."""


@dataclass(frozen=True)
class LigneDeclaree:
    fichier: Path
    lieu: str
    societe: Societe
    date: date
    intitule: str
    code: str | None
    effectif: int


def lire_declaration(chemin: Path, societes: Mapping[str, Societe], codes: set[str], aujourd_hui: date
                     ) -> tuple[list[LigneDeclaree], list[str]]:
    """Les lignes du fichier et la liste de ses problèmes (vide s'il est juste). `societes` : clé du nom → société."""
    try:
        feuilles = lire_tableur(chemin)
        feuille, entete, colonnes = _feuille_des_effectifs(feuilles)
    except ErreurEntree as e:
        return [], [e.message]
    lignes: list[LigneDeclaree] = []
    problemes: list[str] = []
    vues: dict[tuple[str, date, str], int] = {}
    # La société et la date d'un fichier se répètent à chaque ligne : chacune n'est lue qu'une fois.
    lues_societes: dict[Valeur, Societe | None] = {}
    lues_dates: dict[Valeur, date | None] = {}
    for numero, valeurs in feuille.lignes:
        if numero == entete:
            continue

        def case(identifiant: str, valeurs: tuple[Valeur, ...] = valeurs) -> Valeur:
            indice = colonnes.get(identifiant)
            return valeurs[indice] if indice is not None and indice < len(valeurs) else None

        def signaler(identifiant: str, message: str, numero: int = numero) -> None:
            problemes.append(f"{feuille.lieu(numero, colonnes[identifiant])} (colonne « {COLONNES[identifiant]} ») : "
                             f"{message}")

        valeur_societe, valeur_date = case("societe"), case("date")
        if valeur_societe in lues_societes and lues_societes[valeur_societe] is not None:
            societe = lues_societes[valeur_societe]
        else:
            societe = lues_societes[valeur_societe] = _societe(valeur_societe, societes, lambda m: signaler("societe", m))
        if valeur_date in lues_dates and lues_dates[valeur_date] is not None:
            jour = lues_dates[valeur_date]
        else:
            jour = lues_dates[valeur_date] = _date(valeur_date, aujourd_hui, lambda m: signaler("date", m))
        intitule = str(case("intitule")).strip() if case("intitule") is not None else ""
        if not intitule:
            signaler("intitule", "intitulé d'emploi manquant.")
        code = _code(case("code"), codes, lambda m: signaler("code", m)) if "code" in colonnes else None
        effectif = _effectif(case("effectif"), lambda m: signaler("effectif", m))
        if societe is None or jour is None or not intitule or effectif is None or code == "":
            continue
        doublon = (societe.iri, jour, cle(intitule))
        if doublon in vues:
            signaler("intitule", f"ligne en double : même société, même date et même intitulé « {intitule} » "
                                 f"qu'à la ligne {vues[doublon]}.")
            continue
        vues[doublon] = numero
        lignes.append(LigneDeclaree(chemin, feuille.lieu(numero), societe, jour, intitule, code, effectif))
    if not lignes and not problemes:
        problemes.append(f"{feuille.lieu()} : aucune ligne d'effectif sous l'en-tête.")
    return lignes, problemes


def _feuille_des_effectifs(feuilles: list[Feuille]) -> tuple[Feuille, int, dict[str, int]]:
    """La première feuille dont l'en-tête a toutes les colonnes ; sinon l'erreur de la première feuille.
    Les autres feuilles du modèle (métiers, correspondances) sont ignorées."""
    premiere_erreur = None
    for feuille in feuilles:
        if not feuille.lignes:
            continue
        try:
            entete, colonnes = reperer_colonnes(feuille, COLONNES, FACULTATIVES)
            return feuille, entete, colonnes
        except ErreurEntree as e:
            premiere_erreur = premiere_erreur or e
    raise premiere_erreur or ErreurEntree(f"{feuilles[0].fichier.name} : fichier vide.")


def _societe(valeur: Valeur, societes: Mapping[str, Societe], signaler) -> Societe | None:
    if valeur is None or not str(valeur).strip():
        signaler("société manquante.")
        return None
    societe = societes.get(cle(str(valeur)))
    if societe is None:
        connues = ", ".join(sorted({s.nom for s in societes.values()}))
        signaler(f"société inconnue « {valeur} » (sociétés de la branche : {connues}).")
    return societe


def _date(valeur: Valeur, aujourd_hui: date, signaler) -> date | None:
    jour = None
    if isinstance(valeur, datetime):
        jour = valeur.date()
    elif isinstance(valeur, date):
        jour = valeur
    elif isinstance(valeur, str):
        texte = valeur.strip()
        try:
            if m := _DATE_FRANCAISE.match(texte):
                jour = date(int(m[3]), int(m[2]), int(m[1]))
            else:
                jour = date.fromisoformat(texte)
        except ValueError:
            jour = None
    if valeur is None:
        signaler("date de référence manquante.")
        return None
    if jour is None:
        signaler(f"« {valeur} » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ).")
        return None
    if jour > aujourd_hui:
        signaler(f"date {jour:%d/%m/%Y} postérieure à aujourd'hui ({aujourd_hui:%d/%m/%Y}).")
        return None
    return jour


def _code(valeur: Valeur, codes: set[str], signaler) -> str | None:
    """Le code à quatre chiffres, None si la case est vide, « » s'il est faux. Un tableur qui a pris
    un code à zéro de tête pour un nombre l'a perdu (102) : il est rendu."""
    if valeur is None:
        return None
    texte = str(valeur).strip()
    code = texte.zfill(4) if texte.isdigit() else texte
    if code not in codes:
        signaler(f"code métier inconnu « {valeur} » (un des {len(codes)} codes de la nomenclature, ex. {min(codes)}).")
        return ""
    return code


def _effectif(valeur: Valeur, signaler) -> int | None:
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        signaler("effectif manquant.")
        return None
    nombre: int | float | None = None
    if isinstance(valeur, bool):
        nombre = None
    elif isinstance(valeur, int | float):
        nombre = valeur
    elif isinstance(valeur, str):
        texte = re.sub(r"[\s\u00a0\u202f]", "", valeur).replace(",", ".")
        try:
            nombre = float(texte) if texte.lstrip("-").replace(".", "", 1).isdigit() else None
        except ValueError:
            nombre = None
    if nombre is None or (isinstance(nombre, float) and not nombre.is_integer()):
        signaler(f"« {valeur} » n'est pas un effectif (nombre entier de personnes attendu).")
        return None
    if nombre < 0:
        signaler(f"effectif négatif « {valeur} ».")
        return None
    return int(nombre)
