"""Lecture et écriture SSSOM : l'en-tête YAML lu comme le lit sssom-py, les contrôles des lignes, et les
lignes produites par la machine (score de similarité dans [0, 1])."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cartographie.alignement.candidats import Candidat, combiner, table_candidats
from cartographie.erreurs import ErreurEntree
from cartographie.io.sssom import ecrire_sssom, lire_sssom

ENTETE = """# curie_map:
#   cmaid: https://w3id.org/metiers-assistance/id/
#   rome460: https://w3id.org/metiers-assistance/ref/rome/v460/
# mapping_set_id: https://example.org/essai.sssom.tsv
# license: https://www.etalab.gouv.fr/licence-ouverte-open-licence/
# creator_id:
#   - cmaid:equipe-cartographie
# comment: >-
#   Un commentaire plié
#   sur deux lignes.
"""
COLONNES = "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tmapping_tool\tsimilarity_score\tcomment\n"


def _table(tmp_path: Path, lignes: str, entete: str = ENTETE) -> Path:
    chemin = tmp_path / "essai.sssom.tsv"
    chemin.write_text(entete + COLONNES + lignes, encoding="utf-8")
    return chemin


def test_l_entete_est_lu_par_yaml_comme_sssom_py(tmp_path: Path):
    """sssom-py (parsers._read_pandas_and_metadata) ôte les « # » de tête et confie le reste à yaml.safe_load :
    listes et blocs pliés sont lus, ce que l'ancien lecteur ligne à ligne ne savait pas faire."""
    attendu = yaml.safe_load("\n".join(ligne.lstrip("#") for ligne in ENTETE.splitlines()))
    table = lire_sssom(_table(tmp_path, "cmaid:metier-0101\tskos:broadMatch\trome460:M1614\tsemapv:ManualMappingCuration\t0.9\t\t\tlu\n"))
    assert table.metadonnees == attendu
    assert table.metadonnees["creator_id"] == ["cmaid:equipe-cartographie"]
    assert table.metadonnees["comment"] == "Un commentaire plié sur deux lignes."
    assert table.correspondances() == [("https://w3id.org/metiers-assistance/id/metier-0101",
                                        "http://www.w3.org/2004/02/skos/core#broadMatch",
                                        "https://w3id.org/metiers-assistance/ref/rome/v460/M1614")]


@pytest.mark.parametrize(("ligne", "message"), [
    ("cmaid:metier-0101\tskos:closeMatch\trome460:M1614\tsemapv:LexicalMatching\t\tcartographie aligner\t1.064\t\n",
     "ligne 12, colonne similarity_score : score de similarité « 1.064 » hors de [0, 1]"),
    ("cmaid:metier-0101\tskos:closeMatch\trome460:M1614\tsemapv:LexicalMatching\t\t\t0.8\tx\n",
     "ligne 12 : un score de similarité sans mapping_tool"),
    ("cmaid:metier-0101\tskos:closeMatch\trome460:M1614\tsemapv:ManualMappingCuration\t0.8\t\t\t\n",
     "ligne 12 : chaque alignement relu doit dire pourquoi"),
    ("cmaid:metier-0101\tskos:closeMatch\trome460:M1614\tsemapv:ManualMappingCuration\t0.8\t\t\tx\n"
     "cmaid:metier-0101\tskos:closeMatch\trome460:M1614\tsemapv:ManualMappingCuration\t0.7\t\t\ty\n",
     "ligne 13 : correspondance en double"),
])
def test_lignes_refusees(tmp_path: Path, ligne: str, message: str):
    with pytest.raises(ErreurEntree, match=message.replace("[", r"\[").replace("]", r"\]")):
        lire_sssom(_table(tmp_path, ligne))


def test_entete_yaml_invalide_nomme_sa_ligne(tmp_path: Path):
    fautif = ENTETE.replace("#   - cmaid:equipe-cartographie", "#   - [cmaid:equipe")
    with pytest.raises(ErreurEntree, match=r"essai\.sssom\.tsv, en-tête ligne \d+ : en-tête YAML invalide"):
        lire_sssom(_table(tmp_path, "", fautif))


def test_ecrire_puis_relire(tmp_path: Path):
    metadonnees = {"curie_map": {"cmaid": "https://w3id.org/metiers-assistance/id/"},
                   "mapping_set_id": "https://example.org/x.sssom.tsv", "license": "https://example.org/licence",
                   "comment": "Écrit puis relu : « guillemets » et deux-points : compris."}
    ligne = {"subject_id": "cmaid:a", "predicate_id": "skos:exactMatch", "object_id": "cmaid:b",
             "mapping_justification": "semapv:ManualMappingCuration", "comment": "a = b"}
    chemin = tmp_path / "x.sssom.tsv"
    chemin.write_text(ecrire_sssom(metadonnees, list(ligne), [ligne]), encoding="utf-8")
    table = lire_sssom(chemin)
    assert table.metadonnees == metadonnees
    assert table.lignes == [ligne]


def test_les_candidats_ont_un_score_de_similarite_entre_0_et_1(tmp_path: Path):
    """Régression : le score combiné était lexical + 25 × contenu, publié divisé par 100 ; un intitulé
    identique (100) et un contenu proche (0,256) donnaient 1.064. La combinaison est maintenant une
    moyenne pondérée, et les lignes de la machine portent mapping_tool et similarity_score."""
    assert combiner(100, 1.0) == pytest.approx(100)
    assert combiner(100, 0.256) <= 100
    candidats = [Candidat("0202", "Assistant(e) de régulation médicale", "D1436", "ARM", round(combiner(100, 0.256), 1),
                          ("assistant de regulation medicale ≈ assistant de regulation medicale",))]
    chemin = tmp_path / "candidats.sssom.tsv"
    chemin.write_text(table_candidats(candidats, "v460", "2026-11-28"), encoding="utf-8")
    (ligne,) = lire_sssom(chemin, ("mapping_tool", "similarity_score")).lignes
    assert ligne["mapping_tool"] == "cartographie aligner"
    assert 0 <= float(ligne["similarity_score"]) <= 1
    assert "confidence" not in ligne
