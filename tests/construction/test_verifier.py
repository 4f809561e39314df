"""`validate` valide une publication intacte telle quelle, sans rdflib ni déductions, et tout le reste après les
déductions de la construction (construction/verifier.py)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from cartographie.cli import main
from cartographie.construction.verifier import fiches_de_l_extrait, publication_intacte
from cartographie.erreurs import SORTIE_NON_CONFORME
from cartographie.projet import Projet

EXPORT = Projet.par_defaut().export
# L'observation 2007 du métier 0103 : 305 salariés (fiche 0103 du document source), 5,52 % de la branche, part
# que la construction déduit de l'effectif (cma:part n'est dans aucun fichier de donnees/).
EFFECTIF_0103 = ('<https://w3id.org/metiers-assistance/id/observation-2007-0103> '
                 '<https://w3id.org/metiers-assistance/def#effectif> "305"^^<http://www.w3.org/2001/XMLSchema#integer> .\n')
PART_0103 = ('<https://w3id.org/metiers-assistance/id/observation-2007-0103> '
             '<https://w3id.org/metiers-assistance/def#part> "5.52"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')
AUTRE = '<https://w3id.org/metiers-assistance/id/observation-2007-0103> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .\n'


def _triplets(source: ox.Store | list[ox.Quad]) -> set[tuple[object, object, object]]:
    return {(t.subject, t.predicate, t.object) for t in source}  # type: ignore[union-attr]


def test_les_fiches_de_l_extrait_sont_celles_que_trouve_une_requete():
    """Le filtre par lignes rend exactement ce que rend la requête CONSTRUCT sur tout l'extrait chargé."""
    octets = (EXPORT / "referentiels.nt").read_bytes()
    magasin = ox.Store()
    magasin.bulk_load(octets, format=ox.RdfFormat.N_TRIPLES)
    attendu = magasin.query("""CONSTRUCT { ?fiche a ?type ; <http://www.w3.org/2004/02/skos/core#inScheme> ?schema }
        WHERE { VALUES ?cible { <https://w3id.org/metiers-assistance/def#FicheRome> <http://data.europa.eu/esco/model#Occupation> }
                ?fiche a ?cible, ?type . OPTIONAL { ?fiche <http://www.w3.org/2004/02/skos/core#inScheme> ?schema } }""")
    trouve = _triplets(fiches_de_l_extrait(octets))
    assert trouve == _triplets(attendu)  # type: ignore[arg-type]
    assert {o for _, p, o in trouve if p.value.endswith("#type")} == {
        ox.NamedNode("https://w3id.org/metiers-assistance/def#FicheRome"),
        ox.NamedNode("http://data.europa.eu/esco/model#Occupation")}


def test_seul_un_sujet_type_fiche_rome_ou_occupation_est_retenu():
    """b n'a pas le type d'une fiche : son schéma n'entre pas, même si un littéral cite le type d'une fiche."""
    texte = (b'<http://e/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/metiers-assistance/def#FicheRome> .\n'
             b'<http://e/a> <http://www.w3.org/2004/02/skos/core#inScheme> <http://e/rome> .\n'
             b'<http://e/b> <http://www.w3.org/2004/02/skos/core#inScheme> <http://e/rome> .\n'
             b'<http://e/b> <http://e/p> "<https://w3id.org/metiers-assistance/def#FicheRome> ." .\n')
    assert {(t.subject.value, t.predicate.value.rsplit("#", 1)[1]) for t in fiches_de_l_extrait(texte)} == {
        ("http://e/a", "type"), ("http://e/a", "inScheme")}


@pytest.mark.parametrize("fichier", ["cartographie.ttl", "cartographie.nt"])
def test_la_publication_ecrite_par_build_est_intacte(fichier: str):
    lus = publication_intacte([EXPORT / fichier])
    assert lus is not None
    assert len(set(lus)) == sum(1 for _ in ox.parse(path=EXPORT / "cartographie.nt", format=ox.RdfFormat.N_TRIPLES))


def test_ni_les_donnees_ni_plusieurs_fichiers_ni_un_jsonld_ne_sont_une_publication_intacte():
    projet = Projet.par_defaut()
    assert publication_intacte([projet.donnees]) is None
    assert publication_intacte([projet.donnees / "nomenclature.ttl"]) is None
    assert publication_intacte([EXPORT / "cartographie.ttl", EXPORT / "deductions.ttl"]) is None
    assert publication_intacte([EXPORT / "cartographie.jsonld"]) is None


def _publication_modifiee(copie_projet: Projet, *remplacements: tuple[str, str]) -> Path:
    fichier = copie_projet.racine / "publication.nt"
    texte = (EXPORT / "cartographie.nt").read_text(encoding="utf-8")
    for avant, apres in remplacements:
        assert avant in texte
        texte = texte.replace(avant, apres)
    fichier.write_text(texte, encoding="utf-8")
    return fichier


def test_une_publication_modifiee_repasse_par_les_deductions(copie_projet: Projet, capsys):
    """Sans la part déduite d'une observation, le compte VoID n'est plus celui du fichier : la construction
    redéduit la part et la publication est conforme. Validée telle quelle, elle ne le serait pas (test suivant)."""
    fichier = _publication_modifiee(copie_projet, (PART_0103, ""))
    assert publication_intacte([fichier]) is None
    assert main(["--racine", str(copie_projet.racine), "validate", str(fichier)]) == 0
    assert "Conforme" in capsys.readouterr().out


def test_une_publication_intacte_est_validee_telle_quelle(copie_projet: Projet, capsys):
    """Même compte de triplets, mais la part déduite remplacée par un autre triplet et l'effectif rendu négatif :
    validée sans déductions, chaque faute est rapportée comme pour les données (ressource, message de la forme,
    valeur, fichier), code 1."""
    fichier = _publication_modifiee(copie_projet, (PART_0103, AUTRE),
                                    (EFFECTIF_0103, EFFECTIF_0103.replace('"305"', '"-305"')))
    assert publication_intacte([fichier]) is not None
    code = main(["--racine", str(copie_projet.racine), "validate", str(fichier)])
    sortie = capsys.readouterr().out
    assert code == SORTIE_NON_CONFORME, sortie
    assert sortie.count("ressource : id:observation-2007-0103") == 2
    assert "exactement une part de la branche (cma:part)" in sortie
    assert "Un effectif doit être un entier positif ou nul" in sortie
    assert "valeur    : -305" in sortie
    assert sortie.count(f"fichier   : {fichier}") == 2
    assert "\n2 violation(s)." in sortie
