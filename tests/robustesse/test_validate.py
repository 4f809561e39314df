"""`validate` ne dit pas « Conforme » sur rien, signale tous les fichiers illisibles à la fois, et une
violation nomme le fichier qui porte la faute (issue 11, points 6, 7 et 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.construction.construire import construire
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE
from cartographie.projet import Projet


@pytest.mark.parametrize("nom", ["vide", "x.ttl"])
def test_un_dossier_sans_fichier_rdf_est_une_erreur(tmp_path: Path, capsys, nom):
    dossier = tmp_path / nom
    dossier.mkdir()
    (dossier / "notes.txt").write_text("pas du RDF", encoding="utf-8")
    assert main(["validate", str(dossier)]) == SORTIE_ENTREE_INVALIDE
    sortie = capsys.readouterr()
    assert f"{nom} : dossier sans fichier RDF" in sortie.err
    assert "Conforme" not in sortie.out


def test_tous_les_fichiers_illisibles_sont_signales(tmp_path: Path, capsys):
    (tmp_path / "a.ttl").write_text("@prefix : <http://e/> .\n:a :b\n", encoding="utf-8")
    (tmp_path / "b.ttl").write_text("@prefix : <http://e/> .\n:a :b :c :d .\n", encoding="utf-8")
    (tmp_path / "c.ttl").write_text("@prefix : <http://e/> .\n:a :b :c .\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == SORTIE_ENTREE_INVALIDE
    erreur = capsys.readouterr().err
    assert "2 fichiers illisibles" in erreur
    assert "a.ttl, ligne 3 : fin de document inattendue" in erreur
    assert "b.ttl, ligne 2 : syntaxe turtle invalide" in erreur
    assert "c.ttl" not in erreur


def test_une_propriete_manquante_est_signalee_ou_la_ressource_est_definie(copie_projet: Projet):
    nomenclature = copie_projet.donnees / "nomenclature.ttl"
    texte = nomenclature.read_text(encoding="utf-8")
    ligne = "skos:notation \"0102\" ; skos:prefLabel \"Chargé(e) d'assistance\"@fr ; cma:famille id:famille-01 ."
    assert ligne in texte
    nomenclature.write_text(texte.replace(ligne, ligne.replace(" ; cma:famille id:famille-01", "")), encoding="utf-8")
    violations = construire(copie_projet, progression=lambda _: None).violations
    famille = [v for v in violations if v.ressource == "id:metier-0102" and "cma:famille" in v.message]
    assert len(famille) == 1
    assert famille[0].fichier == str(nomenclature)


def test_une_valeur_fautive_est_signalee_dans_le_fichier_qui_la_porte(copie_projet: Projet):
    """La ressource est définie dans nomenclature.ttl, mais l'intitulé anglais fautif est écrit dans la fiche."""
    fiche = copie_projet.donnees / "fiches" / "0102.ttl"
    fiche.write_text(fiche.read_text(encoding="utf-8")
                     + '\nid:metier-0102 skos:prefLabel "Assistance agent"@en .\n', encoding="utf-8")
    violations = construire(copie_projet, progression=lambda _: None).violations
    anglais = [v for v in violations if v.ressource == "id:metier-0102" and v.valeur == "Assistance agent"]
    assert anglais and all(v.fichier == str(fiche) for v in anglais)


@pytest.mark.parametrize("moteur", ["pyshacl", "rudof"])
def test_validate_par_chaque_moteur_nomme_la_faute_et_son_fichier(copie_projet: Projet, capsys, moteur):
    """`validate --moteur rudof` rend le même rapport que pySHACL : la ressource, le message français de
    la forme et le fichier qui porte la valeur fautive ; code de sortie 1 (données non conformes)."""
    fiche = copie_projet.donnees / "fiches" / "0102.ttl"
    fiche.write_text(fiche.read_text(encoding="utf-8")
                     + '\nid:metier-0102 skos:prefLabel "Assistance agent"@en .\n', encoding="utf-8")
    code = main(["--racine", str(copie_projet.racine), "validate", "--moteur", moteur, str(copie_projet.donnees)])
    sortie = capsys.readouterr().out
    assert code == 1, sortie
    assert "ressource : id:metier-0102" in sortie
    assert "valeur    : Assistance agent" in sortie
    assert f"fichier   : {fiche}" in sortie


def test_validate_rudof_de_la_publication_est_conforme(capsys):
    assert main(["validate", "--moteur", "rudof", str(Projet.par_defaut().export / "cartographie.nt")]) == 0
    assert "Conforme" in capsys.readouterr().out
