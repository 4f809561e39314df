"""Le catalogue de requêtes et la liaison des paramètres : ce que l'utilisateur tape ne peut pas
changer une requête, et chaque erreur est dite en français."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE, ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql.catalogue import Parametre, Requete, catalogue, lier, terme, verifier_lecture_seule

INJECTION = '0102" } ; DROP ALL ; #'


def parametres_d_exemple(exemple: str) -> dict[str, str]:
    return dict(re.findall(r"--param (\w+)=(\S+)", exemple))


@pytest.fixture(scope="module")
def requetes() -> dict[str, Requete]:
    return catalogue(Projet.par_defaut().requetes)


def test_chaque_requete_a_son_en_tete(requetes: dict[str, Requete]):
    assert set(requetes) >= {"effectifs", "fiche", "mobilites", "mobilites-accessibles", "mobilites-aretes",
                              "passerelles", "passerelles-proches", "langues"}
    for requete in requetes.values():
        assert requete.titre and requete.description and requete.exemple, requete.nom
        assert set(parametres_d_exemple(requete.exemple)) == {p.nom for p in requete.parametres if not p.facultatif}, requete.nom


def test_injection_refusee_comme_code_et_echappee_comme_texte():
    with pytest.raises(ErreurEntree, match="n'est pas un code de métier"):
        terme(Parametre("metier", "code-metier", ""), INJECTION)
    echappe = terme(Parametre("t", "texte", ""), INJECTION).n3()
    assert echappe == '"0102\\" } ; DROP ALL ; #"'


def test_le_parametre_entre_dans_un_bloc_values(requetes: dict[str, Requete]):
    texte = lier(requetes["fiche"], {"metier": "0102"})
    # La nomenclature, facultative, absente : UNDEF, la variable reste libre.
    assert 'VALUES (?metier ?nomenclature) { ("0102" UNDEF) }' in texte
    assert "# @parametres" not in texte
    texte = lier(requetes["fiche"], {"metier": "0102", "nomenclature": "https://w3id.org/metiers-assistance/id/nomenclature"})
    assert 'VALUES (?metier ?nomenclature) { ("0102" <https://w3id.org/metiers-assistance/id/nomenclature>) }' in texte


def test_injection_par_la_cli(capsys):
    assert main(["query", "fiche", "--param", f"metier={INJECTION}"]) == SORTIE_ENTREE_INVALIDE
    assert "n'existe pas" in capsys.readouterr().err


@pytest.mark.parametrize(("arguments", "message"), [
    (["query", "fich"], "requête inconnue « fich » ; vouliez-vous dire : fiche"),
    (["query", "fiche", "--param", "code=0102"], "paramètre inconnu code (attendus : metier, nomenclature)"),
    (["query", "fiche"], "paramètre manquant metier"),
    (["query", "fiche", "--param", "metier"], "la forme attendue est NOM=VALEUR"),
    (["fiche", "0199"], "le métier « 0199 » n'existe pas ; les plus proches : 0107"),
    (["fiche", "chargé d'accueil"], "les plus proches : 0101 Chargé(e) d'accueil d'assistance"),
    (["query", "langues", "--endpoint", "http://127.0.0.1:9/query"],
     "serveur SPARQL injoignable à http://127.0.0.1:9/query"),
])
def test_mauvaises_demandes(capsys, arguments, message):
    assert main(arguments) == SORTIE_ENTREE_INVALIDE
    erreur = capsys.readouterr().err
    assert message in erreur
    assert "Traceback" not in erreur


@pytest.mark.parametrize(("texte", "message"), [
    ("DROP ALL", "seules les requêtes de lecture"),
    ("INSERT DATA { <a:a> <a:b> <a:c> }", "seules les requêtes de lecture"),
    ("LOAD <http://example.org/x.ttl>", "seules les requêtes de lecture"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE refusé"),
    ("SELECT * WHERE { ?s ?p ?o } GARBAGE", "requête SPARQL invalide"),
])
def test_requete_utilisateur_en_lecture_seule(tmp_path: Path, capsys, texte, message):
    fichier = tmp_path / "ma-requete.rq"
    fichier.write_text(texte, encoding="utf-8")
    assert main(["query", str(fichier)]) == SORTIE_ENTREE_INVALIDE
    assert message in capsys.readouterr().err
    with pytest.raises(ErreurEntree):
        verifier_lecture_seule(texte, "x")


def test_requete_utilisateur_acceptee(tmp_path: Path, capsys):
    fichier = tmp_path / "compte.rq"
    fichier.write_text("PREFIX cma: <https://w3id.org/metiers-assistance/def#>\n"
                       "SELECT (COUNT(?f) AS ?n) WHERE { ?f a cma:FicheMetier }", encoding="utf-8")
    assert main(["query", str(fichier), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\r\n9\r\n"


def test_liste_des_requetes(capsys):
    assert main(["requetes"]) == 0
    sortie = capsys.readouterr().out
    assert "passerelles" in sortie and "--param source=… --param cible=…" in sortie


@pytest.mark.parametrize("format_", ["json", "csv", "tsv"])
def test_formats_w3c_lus_par_un_autre_outil(capsys, format_):
    """Les sorties json, csv et tsv sont relues par les analyseurs de résultats SPARQL de rdflib."""
    import io

    from rdflib.query import Result

    assert main(["query", "langues", "--format", format_]) == 0
    sortie = capsys.readouterr().out
    resultat = Result.parse(io.BytesIO(sortie.encode("utf-8")) if format_ != "tsv" else io.StringIO(sortie), format=format_)
    lignes = list(resultat)
    assert len(lignes) == 8
    codes = {str(ligne[0]) for ligne in lignes}
    assert "0101" in codes and "0104" not in codes
