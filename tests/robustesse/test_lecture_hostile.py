"""Un document mal formé est refusé avec une erreur française qui nomme le fichier et la ligne,
et le code de sortie 2 ; un BOM, lui, est accepté."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.io.rdf import charger_fichier

PREFIXES = "@prefix cma: <https://w3id.org/metiers-assistance/def#> .\n@prefix id: <https://w3id.org/metiers-assistance/id/> .\n"
CAS = {
    "turtle mal formé": ("x.ttl", PREFIXES + "id:a cma:effectif 3 ;;\n  cma:b .\nid:c id:d", "x.ttl, ligne 4 : syntaxe turtle invalide"),
    "n-triples mal formé": ("x.nt", '<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> "sans fin .\n',
                            "x.nt, ligne 2 : fin de document inattendue"),
    "json invalide": ("x.jsonld", '{\n  "@id": "http://e/a",\n  "http://e/b": [1, 2,\n}\n', "x.jsonld, ligne 4 : JSON invalide"),
    "rdf/xml invalide": ("x.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<oups>\n</rdf:RDF>\n',
                         "x.rdf, ligne 4 : XML invalide"),
    "latin-1": ("x.ttl", None, "x.ttl, ligne 3 : octet 0xe9 invalide en UTF-8"),
    "fichier vide": ("x.ttl", "", "x.ttl : fichier vide"),
    "IRI avec espace": ("x.ttl", PREFIXES + "id:a cma:famille <https://w3id.org/metiers-assistance/id/famille 01> .\n",
                        "x.ttl, ligne 3 : IRI invalide « https://w3id.org/metiers-assistance/id/famille 01 »"),
    "entier 12a": ("x.ttl", PREFIXES + '\nid:a cma:effectif "12a"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
                   "x.ttl, ligne 4 : valeur « 12a » invalide pour le type xsd:integer"),
    "date 2007-13-45": ("x.ttl", PREFIXES + 'id:a cma:dateReference "2007-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
                        "valeur « 2007-13-45 » invalide pour le type xsd:date"),
    "extension inconnue": ("x.csv", "a;b\n", "extension « .csv » non reconnue"),
}


def _ecrire(dossier: Path, nom: str, contenu: str | None) -> Path:
    chemin = dossier / nom
    if contenu is None:
        chemin.write_bytes((PREFIXES + 'id:a cma:texte "Chargé" .\n').encode("latin-1"))
    else:
        chemin.write_text(contenu, encoding="utf-8")
    return chemin


@pytest.mark.parametrize("cas", sorted(CAS))
def test_document_refuse_avec_fichier_et_ligne(tmp_path: Path, capsys, cas):
    nom, contenu, message = CAS[cas]
    chemin = _ecrire(tmp_path, nom, contenu)
    assert main(["validate", str(chemin)]) == 2
    erreur = capsys.readouterr().err
    assert message in erreur, erreur
    assert str(tmp_path) in erreur and "Traceback" not in erreur


def test_bom_accepte(tmp_path: Path):
    chemin = tmp_path / "bom.ttl"
    chemin.write_bytes(b"\xef\xbb\xbf" + (PREFIXES + 'id:a cma:texte "é" .\n').encode("utf-8"))
    assert len(charger_fichier(chemin)) == 1


def test_fichier_introuvable(capsys):
    assert main(["validate", "/nulle/part.ttl"]) == 2
    assert "/nulle/part.ttl : fichier introuvable" in capsys.readouterr().err
