"""Les alignements dans le classeur : une ligne par correspondance (feuille « Alignements ») et l'en-tête
de chaque table SSSOM (feuille « Tables d'alignement »), lus dans `donnees/alignements/*.sssom.tsv` et
réécrits en SSSOM/TSV à l'import.

Le métier aligné est écrit comme une cible de mobilité : son code, ou `CODE/identifiant` pour un métier
recensé ; son IRI (sur l'IRI de base de la branche) et son intitulé (`subject_label`) s'en déduisent.
La relation et la justification sont choisies dans des listes (prédicats SKOS et vocabulaire semapv que
SSSOM admet) ; la cible est une CURIE du `curie_map` de la table, ou `sssom:NoTermFound`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cartographie.classeur.controle import Ligne, Rapport, Tables
from cartographie.classeur.format import CODE_METIER
from cartographie.io.sssom import AUCUNE, TableSSSOM, analyser_sssom, ecrire_sssom, lire_sssom

DOSSIER = "alignements"
# Les colonnes SSSOM que le classeur représente, dans l'ordre où l'import les écrit.
COLONNES = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
            "confidence", "author_id", "reviewer_id", "mapping_date", "comment"]
# Feuille « Alignements » : colonne du classeur → colonne SSSOM.
PAR_COLONNE = {"Relation": "predicate_id", "Cible": "object_id", "Intitulé de la cible": "object_label",
               "Justification": "mapping_justification", "Confiance": "confidence", "Auteurs": "author_id",
               "Réviseurs": "reviewer_id", "Date": "mapping_date", "Commentaire": "comment"}
# Feuille « Tables d'alignement » : une ligne par clé d'en-tête ; `préfixe X` pour chaque entrée du curie_map.
PREFIXE = "préfixe "
LISTES_EN_TETE = ("creator_id", "author_id", "reviewer_id")


def fichiers_sssom(donnees: Path) -> list[Path]:
    """Les tables relues de `donnees/alignements/` (les candidats, à relire, n'y sont pas)."""
    return sorted((donnees / DOSSIER).glob("*.sssom.tsv"))


def _table(chemin: Path | str) -> str:
    return Path(chemin).name.removesuffix(".sssom.tsv")


def lignes_depuis_sssom(tables: list[TableSSSOM], references: dict[str, str]) -> tuple[list[dict[str, Any]],
                                                                                         list[dict[str, Any]]]:
    """Les lignes des feuilles « Alignements » et « Tables d'alignement » ; `references` : IRI d'un métier
    (ou d'un métier recensé) → sa référence dans le classeur (`1203`, `1203/identifiant`)."""
    alignements: list[dict[str, Any]] = []
    entetes: list[dict[str, Any]] = []
    for table in tables:
        nom = _table(table.chemin)
        for cle, valeur in table.metadonnees.items():
            if cle == "curie_map":
                entetes += [{"Table": nom, "Clé": f"{PREFIXE}{p}", "Valeur": iri} for p, iri in valeur.items()]
            elif isinstance(valeur, list):
                entetes.append({"Table": nom, "Clé": cle, "Valeur": " | ".join(str(v) for v in valeur)})
            else:
                entetes.append({"Table": nom, "Clé": cle, "Valeur": " ".join(str(valeur).split())})
        for ligne in table.lignes:
            alignements.append({"Table": nom, CODE_METIER: references.get(table.developper(ligne["subject_id"]),
                                                                         ligne["subject_id"]),
                                **{c: ligne.get(s) or None for c, s in PAR_COLONNE.items()}})
    return alignements, entetes


def sssom_depuis_tables(tables: Tables, base: str, intitules: dict[str, str]) -> dict[str, str]:
    """Le texte SSSOM/TSV de chaque table, par chemin relatif (`alignements/rome.sssom.tsv`) ; `intitules` :
    référence d'un métier dans le classeur → son intitulé."""
    metadonnees: dict[str, dict[str, Any]] = {}
    for ligne in tables.get("Tables d'alignement", []):
        m = metadonnees.setdefault(ligne.texte("Table"), {})
        cle, valeur = ligne.texte("Clé"), ligne.texte("Valeur")
        if cle.startswith(PREFIXE):
            m.setdefault("curie_map", {})[cle.removeprefix(PREFIXE)] = valeur
        elif cle in LISTES_EN_TETE:
            m[cle] = [v.strip() for v in valeur.split("|") if v.strip()]
        else:
            m[cle] = valeur
    fichiers: dict[str, str] = {}
    for nom, m in metadonnees.items():
        prefixe = next((p for p, iri in m.get("curie_map", {}).items() if iri == base), None)
        lignes = []
        for ligne in (li for li in tables.get("Alignements", []) if li.texte("Table") == nom):
            reference = ligne.texte(CODE_METIER)
            code, _, recense = reference.partition("/")
            local = f"metier-{code}-{recense}" if recense else f"metier-{code}"
            sssom = {"subject_id": f"{prefixe}:{local}" if prefixe else f"{base}{local}",
                     "subject_label": intitules.get(reference, "")}
            sssom.update({s: ligne.texte(c) for c, s in PAR_COLONNE.items()})
            lignes.append(sssom)
        # Une colonne facultative que personne ne remplit n'est pas écrite (reviewer_id d'une table non relue).
        colonnes = [c for c in COLONNES if c in ("subject_id", "predicate_id", "object_id", "mapping_justification")
                    or any(ligne.get(c) for ligne in lignes)]
        fichiers[f"{DOSSIER}/{nom}.sssom.tsv"] = ecrire_sssom(m, colonnes, lignes)
    return fichiers


def relire(fichiers: dict[str, str]) -> list[TableSSSOM]:
    return [analyser_sssom(Path(chemin), texte) for chemin, texte in sorted(fichiers.items())]


def lire_tables(donnees: Path) -> list[TableSSSOM]:
    return [lire_sssom(chemin) for chemin in fichiers_sssom(donnees)]


def controler_alignements(tables: Tables, rapport: Rapport) -> None:
    """Une table d'alignement sans en-tête (pas de mapping_set_id, de licence ou de préfixes), une cible sans
    préfixe connu, une confiance hors de [0, 1], une correspondance en double."""
    entetes: dict[str, dict[str, Ligne]] = {}
    for ligne in tables.get("Tables d'alignement", []):
        entetes.setdefault(ligne.texte("Table"), {})[ligne.texte("Clé")] = ligne
    for nom, cles in entetes.items():
        for requise in ("mapping_set_id", "license"):
            if requise not in cles:
                rapport.ajouter("Tables d'alignement", None, "Clé", f"la table « {nom} » n'a pas de ligne « {requise} »")
    vues: dict[tuple[str, str, str, str], int] = {}
    for ligne in tables.get("Alignements", []):
        nom = ligne.texte("Table")
        if nom not in entetes:
            rapport.ajouter("Alignements", ligne.numero, "Table", f"« {nom} » n'est pas décrite dans la feuille "
                            "Tables d'alignement")
            continue
        prefixes = {c.removeprefix(PREFIXE) for c in entetes[nom] if c.startswith(PREFIXE)} | {"sssom", "semapv", "skos"}
        cible = ligne.texte("Cible")
        if cible != AUCUNE and cible.partition(":")[0] not in prefixes:
            rapport.ajouter("Alignements", ligne.numero, "Cible", f"« {cible} » : préfixe absent de la table « {nom} » "
                            f"({', '.join(sorted(prefixes))})")
        confiance = ligne.texte("Confiance")
        if confiance:
            try:
                hors = not 0 <= float(confiance.replace(",", ".")) <= 1
            except ValueError:
                hors = True
            if hors:
                rapport.ajouter("Alignements", ligne.numero, "Confiance", f"« {confiance} » : un nombre entre 0 et 1")
        cle = (nom, ligne.texte(CODE_METIER), ligne.texte("Relation"), cible)
        if cle in vues:
            rapport.ajouter("Alignements", ligne.numero, "Cible", f"correspondance en double (déjà ligne {vues[cle]})")
        vues.setdefault(cle, ligne.numero)
