"""La construction : déterministe, à jour dans export/, et qui refuse les mauvaises entrées
sans toucher à la publication précédente."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.construction.construire import contenus_publies
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE, SORTIE_NON_CONFORME
from cartographie.projet import Projet


def _instantane(dossier: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(dossier.iterdir()) if p.is_file()}


def test_deux_constructions_donnent_des_fichiers_identiques(construction, tmp_path: Path):
    """Deux interprètes, deux graines de hachage (celle du processus de la suite, tirée au hasard, et une autre,
    fixée) : l'ordre des ensembles et des dictionnaires de chaînes change d'un processus à l'autre, et aucun octet
    de la publication ne doit en dépendre."""
    graine = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    fait = subprocess.run([sys.executable, "-m", "cartographie", "build", "--sortie", str(tmp_path / "autre")],
                          env={**os.environ, "PYTHONHASHSEED": graine}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert fait.returncode == 0, fait.stderr.decode()
    ici = {nom: contenu.encode("utf-8") for nom, contenu in contenus_publies(construction).items()}
    assert _instantane(tmp_path / "autre") == ici
    assert set(ici) >= {"cartographie.nt", "cartographie.ttl", "cartographie.jsonld"}


def test_la_publication_commitee_est_a_jour(construction):
    """export/ est versionné (comme les artefacts d'une release ODK) : il doit suivre les sources."""
    contenus = contenus_publies(construction)
    for nom, contenu in contenus.items():
        publie = (Projet.par_defaut().export / nom).read_text(encoding="utf-8")
        assert publie == contenu, f"export/{nom} est périmé : lancez `make`"


def _casser(projet: Projet, fichier: str, avant: str, apres: str) -> None:
    chemin = projet.racine / fichier
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


CAS = {
    "turtle mal formé": (
        "donnees/nomenclature.ttl", "cma:effectif 2799 ;", "cma:effectif 2799 ;;; ]",
        SORTIE_ENTREE_INVALIDE, r"nomenclature\.ttl, ligne \d+ : syntaxe turtle invalide",
    ),
    "effectif 12a": (
        "donnees/nomenclature.ttl", "cma:effectif 2799 ;", 'cma:effectif "12a"^^xsd:integer ;',
        SORTIE_ENTREE_INVALIDE, r"nomenclature\.ttl, ligne \d+ : valeur « 12a » invalide pour le type xsd:integer",
    ),
    "famille inconnue": (
        "donnees/nomenclature.ttl", "cma:famille id:famille-01 .", "cma:famille id:famille-10 .",
        SORTIE_NON_CONFORME, r"La famille indiquée n'existe pas",
    ),
    # L'extrait se charge dans un fil pendant la lecture des données : son erreur revient quand même, code 2.
    "extrait des référentiels tronqué": (
        "donnees/referentiels/rome-rncp.nt", "<http://data.europa.eu/esco/concept-scheme/isco> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2004/02/skos/core#ConceptScheme> .",
        "<http://data.europa.eu/esco/concept-scheme/isco> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
        SORTIE_ENTREE_INVALIDE, r"rome-rncp\.nt : N-Triples invalide",
    ),
    # rudof lit les formes dans son fil, pendant que la construction écrit en mémoire : erreur, code 2, rien d'écrit.
    "formes illisibles": (
        "shapes/cartographie.shapes.ttl", "sh:property cmash:AlignementRomeShape , cmash:AlignementEscoShape .",
        "sh:property cmash:AlignementRomeShape , cmash:AlignementEscoShape ;;; ]",
        SORTIE_ENTREE_INVALIDE, r"cartographie\.shapes\.ttl, ligne \d+ : formes SHACL illisibles par rudof \(\] is not a valid subject",
    ),
    "code dupliqué": (
        "donnees/nomenclature.ttl", 'skos:notation "0103"', 'skos:notation "0102"',
        SORTIE_NON_CONFORME, r"Le code 0102 est porté par un autre métier",
    ),
}


@pytest.mark.parametrize("cas", sorted(CAS))
def test_mauvaise_entree_message_code_et_export_intact(copie_projet: Projet, capsys, cas):
    fichier, avant, apres, code, message = CAS[cas]
    _casser(copie_projet, fichier, avant, apres)
    export_avant = _instantane(copie_projet.export)
    assert main(["--racine", str(copie_projet.racine), "build"]) == code
    assert re.search(message, capsys.readouterr().err)
    assert _instantane(copie_projet.export) == export_avant
    assert not [p for p in copie_projet.export.iterdir() if p.name.startswith(".")]


def test_validate_rapport_lisible_avec_fichier(copie_projet: Projet, capsys):
    _casser(copie_projet, "donnees/nomenclature.ttl", "cma:effectif 305 ;", "cma:effectif -305 ;")
    fichier = copie_projet.donnees / "nomenclature.ttl"
    assert main(["--racine", str(copie_projet.racine), "validate",
                 str(copie_projet.ontologie), str(copie_projet.donnees)]) == SORTIE_NON_CONFORME
    sortie = capsys.readouterr().out
    assert "Un effectif doit être un entier positif ou nul" in sortie
    assert "id:observation-2007-0103" in sortie
    assert str(fichier) in sortie
    assert "valeur    : -305" in sortie


def test_validate_de_la_publication_est_conforme(capsys):
    assert main(["validate", str(Projet.par_defaut().export / "cartographie.ttl")]) == 0
    assert "Conforme" in capsys.readouterr().out
