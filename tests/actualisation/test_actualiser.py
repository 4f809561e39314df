"""L'import des effectifs déclarés, de bout en bout sur la fixture de la deuxième année
(`tests/fixtures/actualisation/2008/`, faite par `scripts/generer-effectifs annee`), et chaque mauvaise entrée
refusée avec son message, sans rien écrire.

`attendu.tsv` donne pour chaque ligne le métier que le générateur a visé (vide : un intitulé hors
nomenclature, qui doit rester « à affecter ») : c'est l'intention du générateur, pas une sortie du moteur."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib import Graph, Literal, URIRef

from cartographie.actualisation.actualiser import actualiser
from cartographie.cli import main
from cartographie.erreurs import ErreurEntree
from cartographie.io.sssom import lire_sssom
from cartographie.projet import Projet
from cartographie.sparql.moteurs import Embarque
from cartographie.vocab import CMA, ID, SDMX_DIMENSION

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "actualisation" / "2008"
AUJOURD_HUI = date(2009, 6, 30)
ENTETE = "Société;Date de référence;Intitulé d'emploi interne;Code métier;Effectif"


def _fichiers() -> list[Path]:
    return sorted(p for p in FIXTURE.iterdir() if p.name != "attendu.tsv")


def _attendu() -> list[dict[str, str]]:
    with (FIXTURE / "attendu.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _importer(projet: Projet, fichiers: list[Path], **options):
    return actualiser(projet, Embarque(projet.publies), fichiers, aujourd_hui=AUJOURD_HUI, **options)


def _csv(dossier: Path, nom: str, *lignes: str, encodage: str = "utf-8") -> Path:
    chemin = dossier / nom
    chemin.write_bytes("\r\n".join([ENTETE, *lignes]).encode(encodage))
    return chemin


def _rien_ecrit(projet: Projet) -> bool:
    return not (projet.donnees / "effectifs").exists() and not (projet.donnees / "correspondances").exists()


@pytest.fixture(scope="module")
def importe(tmp_path_factory: pytest.TempPathFactory, copier_projet):
    """La fixture importée une fois pour les tests qui lisent le résultat, ou vérifient qu'un nouvel import ne
    change rien (1,5 s l'import)."""
    projet = copier_projet(tmp_path_factory.mktemp("actualiser"))
    return projet, _importer(projet, _fichiers())


@pytest.fixture
def importe_a_modifier(copie_projet: Projet):
    return copie_projet, _importer(copie_projet, _fichiers())


def test_chaque_intitule_range_comme_le_generateur_l_a_voulu(importe):
    _, bilan = importe
    obtenu = {(a.ligne.fichier.name, a.ligne.intitule): a.code or "" for a in bilan.affectations}
    attendu = {(ligne["fichier"], ligne["intitule"]): ligne["code"] for ligne in _attendu()}
    assert obtenu == attendu


def test_origine_des_affectations(importe):
    _, bilan = importe
    par_fichier = defaultdict(set)
    for a in bilan.affectations:
        par_fichier[a.ligne.fichier.name].add(a.origine)
    # Europ Assistance remplit la colonne Code métier, sauf pour ses intitulés hors nomenclature.
    assert par_fichier["europ-assistance-2008-07-01.xlsx"] == {"code donné", "à affecter"}
    assert par_fichier["acta-2008-07-01.xlsx"] == {"moteur", "à affecter"}


def test_liste_a_affecter_avec_trois_candidats(importe):
    _, bilan = importe
    a_affecter = sorted((a.ligne.fichier.name, a.ligne.intitule) for a in bilan.affectations if a.code is None)
    assert a_affecter == sorted((ligne["fichier"], ligne["intitule"]) for ligne in _attendu() if not ligne["code"])
    assert all(len(a.candidats) == 3 for a in bilan.affectations if a.code is None)


def test_tranche_datee_et_sommes(importe):
    projet, _ = importe
    tranche = Graph().parse(projet.donnees / "effectifs" / "2008-07-01.ttl")
    par_societe = defaultdict(int)
    for observation in tranche.subjects(CMA.societe, None):
        assert tranche.value(observation, SDMX_DIMENSION.refPeriod) == Literal(date(2008, 7, 1))
        par_societe[str(tranche.value(observation, CMA.societe))] += int(tranche.value(observation, CMA.effectif))
    # Chaque société déclare la somme de ses lignes, à affecter compris (en non ventilé).
    attendu = defaultdict(int)
    identifiants = {"europ": "europ-assistance", "mondial": "mondial-assistance", "axa": "axa-assistance",
                    "inter": "inter-mutuelles-assistance", "mutuaide": "mutuaide-assistance", "fidelia": "fidelia",
                    "acta": "acta", "garantie": "garantie-assistance", "delta": "delta-services"}
    for ligne in _attendu():
        attendu[str(ID[f"societe-{identifiants[ligne['fichier'].split('-')[0]]}"])] += int(ligne["effectif"])
    assert par_societe == attendu
    non_ventile = sum(int(tranche.value(o, CMA.effectif)) for o in tranche.subjects(CMA.perimetre, ID["perimetre-non-ventile"]))
    assert non_ventile == sum(int(ligne["effectif"]) for ligne in _attendu() if not ligne["code"])
    assert tranche.value(None, CMA.perimetre, ID["metier-0105"]) is None  # 0105 a disparu en 2008


def test_correspondances_sssom_par_societe(importe):
    projet, _ = importe
    europ = lire_sssom(projet.donnees / "correspondances" / "europ-assistance.sssom.tsv")
    assert {ligne["mapping_justification"] for ligne in europ.lignes} == {"semapv:ManualMappingCuration"}
    acta = lire_sssom(projet.donnees / "correspondances" / "acta.sssom.tsv")
    assert {ligne["mapping_justification"] for ligne in acta.lignes} == {"semapv:LexicalMatching"}
    assert all(0 < float(ligne["similarity_score"]) <= 1 and ligne["mapping_tool"] for ligne in acta.lignes)


def test_reimport_ne_change_rien(importe):
    projet, _ = importe
    avant = {p: p.read_bytes() for p in projet.donnees.rglob("*") if p.is_file()}
    bilan = _importer(projet, _fichiers())
    assert bilan.ecrits == []
    assert {p: p.read_bytes() for p in projet.donnees.rglob("*") if p.is_file()} == avant


def test_la_correspondance_confirmee_prime_sur_le_moteur(importe_a_modifier):
    projet, _ = importe_a_modifier
    table = projet.donnees / "correspondances" / "acta.sssom.tsv"
    lignes = table.read_text(encoding="utf-8").splitlines()
    [ligne] = [i for i, texte in enumerate(lignes) if "\tSuperviseur\t" in texte]
    colonnes = lignes[ligne].split("\t")
    colonnes[3] = "cmaid:metier-0302"  # la société range ses superviseurs en coordinateurs de plateaux
    lignes[ligne] = "\t".join(colonnes)
    table.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    bilan = _importer(projet, [FIXTURE / "acta-2008-07-01.xlsx"], remplacer=True)
    [superviseur] = [a for a in bilan.affectations if a.ligne.intitule == "Superviseur"]
    assert (superviseur.code, superviseur.origine) == ("0302", "correspondance de la société")


def test_deja_importee_autrement_refusee_sans_remplacer(importe, tmp_path):
    projet, _ = importe
    autre = _csv(tmp_path, "acta.csv", "Acta;01/07/2008;Superviseur;;99")
    with pytest.raises(ErreurEntree, match=r"acta au 01/07/2008 : déjà importée avec d'autres effectifs"):
        _importer(projet, [autre])


# Mauvaises entrées : le message, et rien d'écrit. ------------------------------------------------------------

@pytest.mark.parametrize(("lignes", "message"), [
    (["Acme Assistance;01/07/2008;Standardiste;;3"],
     "x.csv, ligne 2, colonne 1 (colonne « Société ») : société inconnue « Acme Assistance » (sociétés de la branche : Acta,"),
    (["Acta;01/07/2008;Standardiste;;-3"], "x.csv, ligne 2, colonne 5 (colonne « Effectif ») : effectif négatif « -3 »."),
    (["Acta;01/07/2008;Standardiste;;trois"],
     "x.csv, ligne 2, colonne 5 (colonne « Effectif ») : « trois » n'est pas un effectif (nombre entier de personnes attendu)."),
    (["Acta;01/07/2008;Standardiste;;2,5"], "« 2,5 » n'est pas un effectif"),
    (["Acta;01/07/2008;Standardiste;;3", "Acta;01/07/2008;STANDARDISTE;;4"],
     "x.csv, ligne 3, colonne 3 (colonne « Intitulé d'emploi interne ») : ligne en double : même société, même date et même "
     "intitulé « STANDARDISTE » qu'à la ligne 2."),
    (["Acta;01/07/2031;Standardiste;;3"],
     "x.csv, ligne 2, colonne 2 (colonne « Date de référence ») : date 01/07/2031 postérieure à aujourd'hui (30/06/2009)."),
    (["Acta;le premier juillet;Standardiste;;3"], "« le premier juillet » n'est pas une date"),
    (["Acta;01/07/2008;Standardiste;0199;3"], "code métier inconnu « 0199 »"),
])
def test_ligne_refusee(copie_projet, tmp_path, lignes, message):
    with pytest.raises(ErreurEntree) as e:
        _importer(copie_projet, [_csv(tmp_path, "x.csv", *lignes)])
    assert message in e.value.message
    assert _rien_ecrit(copie_projet)


def test_toutes_les_erreurs_de_tous_les_fichiers(copie_projet, tmp_path):
    a = _csv(tmp_path, "a.csv", "Acme;01/07/2008;Standardiste;;3", "Acta;01/07/2008;Superviseur;;-1")
    b = _csv(tmp_path, "b.csv", "Acta;01/07/2008;Comptable;;x")
    with pytest.raises(ErreurEntree) as e:
        _importer(copie_projet, [a, b])
    assert e.value.message.startswith("3 problème(s), rien n'a été écrit :")
    assert "a.csv, ligne 2" in e.value.message and "a.csv, ligne 3" in e.value.message and "b.csv, ligne 2" in e.value.message


def test_colonne_manquante(copie_projet, tmp_path):
    chemin = tmp_path / "x.csv"
    chemin.write_text("Société;Intitulé d'emploi interne;Effectif\nActa;Standardiste;3\n", encoding="utf-8")
    with pytest.raises(ErreurEntree, match=r"x\.csv, ligne 1 : colonne\(s\) « Date de référence » absente\(s\)"):
        _importer(copie_projet, [chemin])
    assert _rien_ecrit(copie_projet)


@pytest.mark.parametrize(("octets", "message"), [
    (b"", r"x\.csv : fichier vide\."),
    (ENTETE.encode() + b"\r\n", r"x\.csv : aucune ligne d'effectif sous l'en-tête\."),
    ((ENTETE + "\r\nActa;01/07/2008;Standardiste;;3").encode("utf-16"), r"x\.csv : encodage UTF-16"),
    (ENTETE.encode("cp1252") + b"\r\nActa;01/07/2008;Standardiste \x81;;3", r"x\.csv, ligne 2 : octet 0x81 illisible"),
])
def test_fichier_refuse(copie_projet, tmp_path, octets, message):
    chemin = tmp_path / "x.csv"
    chemin.write_bytes(octets)
    with pytest.raises(ErreurEntree, match=message):
        _importer(copie_projet, [chemin])
    assert _rien_ecrit(copie_projet)


def test_fichier_de_50_mo(copie_projet, tmp_path):
    chemin = tmp_path / "gros.xlsx"
    with chemin.open("wb") as f:
        f.truncate(50_000_000)
    with pytest.raises(ErreurEntree, match=r"gros\.xlsx : fichier trop volumineux \(50,0 Mo ; au plus 20 Mo\)"):
        _importer(copie_projet, [chemin])
    assert _rien_ecrit(copie_projet)


@pytest.mark.parametrize(("preparer", "message"), [
    (lambda f: f.cell(2, 5, "=2+1"), "formules jamais calculées en E2"),
    (lambda f: f.merge_cells("A2:A3"), "cellules fusionnées A2:A3"),
])
def test_classeur_refuse(copie_projet, tmp_path, preparer, message):
    classeur = Workbook()
    feuille = classeur.active
    feuille.append(ENTETE.split(";"))
    feuille.append(["Acta", date(2008, 7, 1), "Standardiste", None, 3])
    feuille.append([None, date(2008, 7, 1), "Superviseur", None, 2])
    preparer(feuille)
    classeur.save(tmp_path / "x.xlsx")
    with pytest.raises(ErreurEntree, match=message):
        _importer(copie_projet, [tmp_path / "x.xlsx"])
    assert _rien_ecrit(copie_projet)


def test_deux_fichiers_en_desaccord(copie_projet, tmp_path):
    a = _csv(tmp_path, "a.csv", "Acta;01/07/2008;Standardiste;;3")
    b = _csv(tmp_path, "b.csv", "Acta;2008-07-01;Standardiste;;4")
    with pytest.raises(ErreurEntree, match=r"Acta au 01/07/2008 : les fichiers a\.csv, b\.csv déclarent des effectifs différents"):
        _importer(copie_projet, [a, b])
    assert _rien_ecrit(copie_projet)
    # Deux fichiers qui disent la même chose ne sont pas une erreur.
    shutil.copy(a, tmp_path / "c.csv")
    _importer(copie_projet, [a, tmp_path / "c.csv"])


def test_ligne_de_commande(copie_projet, tmp_path, capsys):
    mauvais = _csv(tmp_path, "x.csv", "Acta;01/07/2008;Standardiste;;-3")
    assert main(["--racine", str(copie_projet.racine), "actualiser", str(mauvais)]) == 2
    erreur = capsys.readouterr().err
    assert "effectif négatif" in erreur and "Traceback" not in erreur
    assert _rien_ecrit(copie_projet)


def test_shacl_refuse_une_societe_inconnue_dans_une_tranche(importe):
    """La tranche écrite est contrôlée par les formes ; une société inventée (tranche modifiée à la main) est refusée."""
    from cartographie.construction.valider import valider
    from cartographie.io.rdf import charger

    projet, _ = importe
    graphe = charger([projet.ontologie, projet.donnees / "nomenclature.ttl", projet.donnees / "societes.ttl",
                      projet.donnees / "effectifs"])
    observation = next(graphe.subjects(CMA.societe, ID["societe-acta"]))
    graphe.set((observation, CMA.societe, URIRef(str(ID) + "societe-inconnue")))
    messages = {v.message for v in valider(graphe, charger([projet.formes]))}
    assert "Un effectif déclaré l'est par exactement une société connue de la branche (donnees/societes.ttl)." in messages
