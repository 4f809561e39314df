"""Le modèle de fichier que remplit une société pour déclarer ses effectifs.

Trois feuilles : « Effectifs » (les colonnes attendues par `cartographie actualiser`), « Métiers » (les 39
métiers avec leur famille et leurs autres intitulés, pour choisir un code), « Correspondances » (les intitulés
internes de la société déjà rangés, quand elle en a). En CSV, seule la première feuille existe.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from cartographie.actualisation.actualiser import societes_connues
from cartographie.actualisation.declarations import COLONNES
from cartographie.erreurs import ErreurEntree
from cartographie.io.sssom import AUCUNE, lire_sssom
from cartographie.io.tableur import Valeur
from cartographie.io.tableur_ecriture import ecrire_classeur, ecrire_csv
from cartographie.projet import DOSSIER_CORRESPONDANCES, Projet
from cartographie.sparql.catalogue import executer
from cartographie.sparql.moteurs import Moteur
from cartographie.texte import cle

NATURES_AFFICHEES = ("autre dénomination", "emploi", "métier recensé")


def feuilles_du_modele(projet: Projet, moteur: Moteur, societe: str | None = None) -> dict[str, list[list[Valeur]]]:
    """Nom de feuille → lignes (en-tête compris)."""
    metiers: dict[str, dict[str, object]] = {}
    autres: dict[str, list[str]] = defaultdict(list)
    for ligne in executer(projet, moteur, "intitules-recherche", {}).lignes:
        code = ligne["code"].valeur
        metiers.setdefault(code, {"intitule": ligne["intitule"].valeur, "famille": ligne["famille"].valeur})
        if ligne["nature"].valeur in NATURES_AFFICHEES and ligne["libelle"].valeur not in autres[code]:
            autres[code].append(ligne["libelle"].valeur)
    feuilles: dict[str, list[list[Valeur]]] = {
        "Effectifs": [list(COLONNES.values())],
        "Métiers": [["Code métier", "Intitulé du métier", "Famille", "Autres intitulés"]] + [
            [code, str(m["intitule"]), str(m["famille"]), " ; ".join(sorted(autres[code], key=cle))]
            for code, m in sorted(metiers.items())],
        "Correspondances": [["Intitulé d'emploi interne", "Code métier", "Intitulé du métier", "Justification"]],
    }
    if societe:
        connue = societes_connues(projet, moteur).get(cle(societe))
        if connue is None:
            raise ErreurEntree(f"société inconnue « {societe} ».")
        chemin = projet.donnees / DOSSIER_CORRESPONDANCES / f"{connue.identifiant}.sssom.tsv"
        if chemin.exists():
            for ligne in lire_sssom(chemin).lignes:
                if ligne["object_id"] != AUCUNE:
                    code = ligne["object_id"].removeprefix("cmaid:metier-")
                    intitule = str(metiers.get(code, {}).get("intitule", ""))
                    feuilles["Correspondances"].append([ligne["subject_label"], code, intitule,
                                                        ligne["mapping_justification"].removeprefix("semapv:")])
    return feuilles


def ecrire_modele(projet: Projet, moteur: Moteur, sortie: Path, societe: str | None = None) -> list[str]:
    """Écrit le modèle dans `sortie` (.xlsx ou .csv) ; rend les noms des feuilles écrites."""
    feuilles = feuilles_du_modele(projet, moteur, societe)
    extension = sortie.suffix.lower()
    if extension == ".xlsx":
        ecrire_classeur(sortie, feuilles)
        return list(feuilles)
    if extension == ".csv":
        ecrire_csv(sortie, feuilles["Effectifs"])
        return ["Effectifs"]
    raise ErreurEntree(f"{sortie.name} : format non pris en charge pour le modèle (attendu : .xlsx ou .csv).")
