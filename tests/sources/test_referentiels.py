"""Import du ROME et du RNCP, sur des extraits des exports officiels (`tests/fixtures/referentiels/`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from cartographie.cli import main
from cartographie.erreurs import ErreurEntree
from cartographie.io.tableaux import doubles_apostrophes
from cartographie.sources.niveaux import niveau_eqf, niveau_requis
from cartographie.sources.referentiels import rncp_iri, rome_iri, rome_v3_iri, void
from cartographie.sources.rncp import importer_rncp
from cartographie.sources.rome import importer_rome
from cartographie.vocab import CMA

FIXTURES = Path(__file__).parent.parent / "fixtures" / "referentiels"
EQF = "http://data.europa.eu/snb/eqf/"


@pytest.fixture(scope="module")
def rome(tmp_path_factory) -> tuple[Graph, object]:
    bilan = importer_rome(FIXTURES / "rome", tmp_path_factory.mktemp("rome"))
    return Graph().parse(bilan.fichier, format="nt"), bilan


@pytest.fixture(scope="module")
def rncp(tmp_path_factory) -> tuple[Graph, object]:
    bilan = importer_rncp(FIXTURES / "rncp", FIXTURES / "certifinfo" / "certif_info.csv", tmp_path_factory.mktemp("rncp"))
    return Graph().parse(bilan.fichier, format="nt"), bilan


def test_rome_compte_ce_que_dit_le_readme_des_fixtures(rome):
    graphe, bilan = rome
    assert bilan.version == "v460"
    assert bilan.classes[str(CMA.FicheRome)] == 10
    assert bilan.classes[str(CMA.AppellationRome)] == 108
    assert bilan.classes[str(CMA.MobiliteRome)] == 8
    assert bilan.triplets == len(graphe)
    assert "void:triples" in void(bilan) and "void:entities 108" in void(bilan)


def test_rome_fiche_parent_v3_et_definition(rome):
    graphe, _ = rome
    standardiste = URIRef(rome_iri("v460", "M1614"))
    assert graphe.value(standardiste, SKOS.prefLabel) == Literal("Standardiste", lang="fr")
    assert graphe.value(standardiste, SKOS.broadMatch) == URIRef(rome_v3_iri("M1601"))
    assert "oriente les interlocuteurs" in str(graphe.value(standardiste, SKOS.definition))
    assert str(standardiste) == "https://w3id.org/metiers-assistance/ref/rome/v460/M1614"


def test_rome_apostrophes_doublees_normalisees(rome):
    """`unix_texte` écrit « d''un » ; la définition importée n'en garde aucune."""
    graphe, _ = rome
    brut = (FIXTURES / "rome" / "unix_texte_v460_utf8.csv").read_text(encoding="utf-8")
    assert "''" in brut
    definitions = [str(o) for o in graphe.objects(None, SKOS.definition)]
    assert definitions and not any("''" in d for d in definitions)
    assert doubles_apostrophes("l''entreprise d''assistance") == "l'entreprise d'assistance"


def test_rome_appellations_et_mobilite(rome):
    graphe, _ = rome
    assistance = [s for s, o in graphe.subject_objects(SKOS.prefLabel) if str(o) == "Chargé / Chargée d'assistance"]
    assert [graphe.value(a, SKOS.broader) for a in assistance] == [URIRef(rome_iri("v460", "D1408"))]
    mobilites = {(str(graphe.value(m, CMA.ficheOrigine))[-5:], str(graphe.value(m, CMA.ficheCible))[-5:])
                 for m in graphe.subjects(RDF.type, CMA.MobiliteRome)}
    assert ("M1614", "D1408") in mobilites   # ligne "M1614","D1408","6" de unix_rubrique_mobilite


def test_rncp_crlf_point_virgule_succession_et_niveaux(rncp):
    graphe, bilan = rncp
    assert bilan.version == "2026-02-01"
    ancienne, nouvelle = URIRef(rncp_iri("RNCP14248")), URIRef(rncp_iri("RNCP28739"))
    # "RNCP14248";;"RNCP28739" (fichier Ancienne_Nouvelle, CRLF, « ; »)
    assert graphe.value(ancienne, DCTERMS.isReplacedBy) == nouvelle
    assert (ancienne, CMA.romeV3, URIRef(rome_v3_iri("M1601"))) in graphe
    # Kit apprentissage : RNCP28739 ; Niveau 4 ; INACTIVE ; « Chargé(e) d’accueil »
    assert graphe.value(nouvelle, CMA.niveauEqf) == URIRef(EQF + "4")
    assert graphe.value(nouvelle, CMA.actif).toPython() is False
    assert str(graphe.value(nouvelle, SKOS.prefLabel)) == "Chargé(e) d’accueil"
    libelles_v3 = {str(o) for o in graphe.objects(URIRef(rome_v3_iri("M1601")), SKOS.prefLabel)}
    assert libelles_v3 == {"Accueil et renseignements"}


def test_rncp_siret_avec_tabulation_et_certificateur(rncp):
    graphe, _ = rncp
    brut = (FIXTURES / "rncp" / "export_fiches_CSV_Certificateurs_2026_02_01.csv").read_text(encoding="utf-8")
    assert '"\t' in brut
    certificateurs = {str(o) for o in graphe.objects(None, CMA.certificateur)}
    assert certificateurs and all(not c.startswith("\t") for c in certificateurs)


@pytest.mark.parametrize(("valeur", "attendu"), [
    ("Niveau 6", 6), ("6", 6), ("NIV5", 5), ("Niveau 3", 3), ("III", 5), ("V", 3), ("I", 7), ("NR", None), ("", None),
])
def test_niveau_eqf(valeur, attendu):
    assert niveau_eqf(valeur) == attendu


@pytest.mark.parametrize(("ligne", "texte", "attendu"), [
    (1006, "Bac ou niveau équivalent acquis par l’expérience.", 4),                  # fiche 0101
    (1187, "Bac à Bac + 2 ans ou niveau équivalent acquis par l’expérience.", 4),    # fiche 0102 : le minimum
    (1427, "Bac +2 ou niveau équivalent acquis par l’expérience.", 5),               # fiche 0103
    (2391, "Diplôme de doctorat en médecine", 8),                                     # fiche 0201
    (1685, "Un diplôme d’état est exigé pour l’exercice de certains de ces métiers.", None),  # fiche 0104
    (1192, "Bonne culture générale, notamment en géographie.", None),                 # fiche 0102
])
def test_niveau_requis(ligne, texte, attendu, lignes_source):
    assert " ".join(lignes_source[ligne - 1].split()) == texte
    assert niveau_requis(texte) == attendu


def _copie(tmp_path: Path, sous_dossier: str) -> Path:
    copie = tmp_path / sous_dossier
    shutil.copytree(FIXTURES / sous_dossier, copie)
    return copie


def test_colonne_renommee_refusee(tmp_path: Path):
    dossier = _copie(tmp_path, "rome")
    fichier = dossier / "unix_referentiel_code_rome_v460_utf8.csv"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace('"libelle_rome"', '"intitule_rome"', 1), encoding="utf-8")
    with pytest.raises(ErreurEntree, match=r"unix_referentiel_code_rome_v460_utf8.csv, ligne 1 : colonne\(s\) libelle_rome absente"):
        importer_rome(dossier, tmp_path / "sortie")
    assert not (tmp_path / "sortie" / "rome-v460.nt").exists()


def test_mauvais_separateur_refuse(tmp_path: Path):
    dossier = _copie(tmp_path, "rncp")
    fichier = dossier / "export_fiches_CSV_Rome_2026_02_01.csv"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace(";", ","), encoding="utf-8")
    with pytest.raises(ErreurEntree, match="séparateur « ; » attendu, le fichier utilise « , »"):
        importer_rncp(dossier, None, tmp_path / "sortie")


def test_fichier_iso_8859_15_nomme_utf8(tmp_path: Path):
    """Le fichier NAF du ROME est en ISO-8859-15 malgré son nom : le lire en UTF-8 est refusé clairement."""
    from cartographie.io.tableaux import lire_csv

    naf = FIXTURES / "rome-naf" / "unix_arborescence_secteur_naf_v460_utf8.csv"
    assert b"\xbc" in naf.read_bytes()  # « Œ » en ISO-8859-15
    with pytest.raises(ErreurEntree, match="encodage invalide"):
        list(lire_csv(naf, ("code_rome",), ","))
    lignes = list(lire_csv(naf, ("code_rome", "libelle_rome"), ",", encodage="iso-8859-15"))
    assert any("Œnologue" in ligne["libelle_rome"] for ligne in lignes)


def test_code_rome_inconnu_refuse(tmp_path: Path):
    dossier = _copie(tmp_path, "rome")
    fichier = dossier / "unix_referentiel_appellation_v460_utf8.csv"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace('"M1614"', '"Z9999"', 1), encoding="utf-8")
    with pytest.raises(ErreurEntree, match="rattachée au code ROME inconnu Z9999"):
        importer_rome(dossier, tmp_path / "sortie")


def test_dossier_qui_n_est_pas_un_export(tmp_path: Path, capsys):
    assert main(["importer", "rome", str(tmp_path), "--sortie", str(tmp_path / "s")]) == 2
    assert "ce dossier n'est pas un export ROME 4.0" in capsys.readouterr().err


def test_importer_par_la_cli(tmp_path: Path, capsys):
    assert main(["importer", "rncp", str(FIXTURES / "rncp"), "--certifinfo", str(FIXTURES / "certifinfo"),
                 "--sortie", str(tmp_path)]) == 0
    assert (tmp_path / "rncp-2026-02-01.nt").exists() and (tmp_path / "rncp-2026-02-01.void.ttl").exists()
    assert "RNCP 2026-02-01" in capsys.readouterr().out
