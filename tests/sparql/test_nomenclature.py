"""Dans un magasin de plusieurs branches, un code désigne un métier par nomenclature : les requêtes qui prennent un
code acceptent la nomenclature (`--param nomenclature=IRI`), facultative. L'oracle : la même requête sur la
publication d'une seule branche."""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph as ox
import pytest

from cartographie.bench.synthese import branche
from cartographie.cli import main
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE, ErreurEntree
from cartographie.io.oxigraph import quads
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.sparql.catalogue import NOMENCLATURE, catalogue, executer
from cartographie.sparql.moteurs import Embarque

PROJET = Projet.par_defaut()
BASE = "https://w3id.org/metiers-assistance/id/nomenclature"
COPIE = "https://w3id.org/metiers-assistance/id/branche-001/nomenclature"
PETITE = "https://exemple.org/petite/nomenclature"
# Chaque requête qui désigne un métier par son code, et des valeurs où elle rend des lignes.
PAR_CODE = {
    "fiche": {"metier": "0102"},
    "mobilites": {"metier": "0102"},
    "mobilites-accessibles": {"metier": "0102"},
    "passerelles-proches": {"metier": "0102"},
    "passerelles": {"source": "0102", "cible": "0103"},
    "certifications": {"metier": "0102"},
}


class _Magasin(Embarque):
    """Un magasin déjà rempli, derrière la même interface que la publication chargée par la CLI."""

    def __init__(self, magasin: ox.Store) -> None:
        self.magasin = magasin


# La publication et l'extrait des référentiels (les certifications y sont), comme les lit la CLI.
PUBLIES = [PROJET.export / "cartographie.nt", PROJET.export / "referentiels.nt"]


@pytest.fixture(scope="module")
def une_branche() -> Embarque:
    return Embarque(PUBLIES)


@pytest.fixture(scope="module")
def deux_branches() -> Embarque:
    """La publication, sa copie sous `id:branche-001/` (bench/synthese.py) et l'extrait, commun aux deux."""
    magasin = Embarque(PUBLIES).magasin
    magasin.extend(quads(branche(charger([PUBLIES[0]]), 1, random.Random(2009))))
    # Une troisième nomenclature, d'un seul métier (0001) : les codes de la base n'y sont pas.
    magasin.update(f"""PREFIX cma: <https://w3id.org/metiers-assistance/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA {{ <{PETITE}> a skos:ConceptScheme .
          <{PETITE}-0001> a cma:Metier ; skos:notation "0001" ; skos:prefLabel "Seul métier"@fr ; skos:inScheme <{PETITE}> }}""")
    return _Magasin(magasin)


def _lignes(moteur: Embarque, nom: str, valeurs: dict[str, str]) -> Counter[tuple[str, ...]]:
    resultat = executer(PROJET, moteur, nom, valeurs)
    return Counter(tuple(ligne[v].valeur if v in ligne else "" for v in resultat.variables) for ligne in resultat.lignes)


def test_les_requetes_par_code_acceptent_la_nomenclature():
    requetes = catalogue(PROJET.requetes)
    avec = {nom for nom, r in requetes.items() if any(p.type == "code-metier" for p in r.parametres)}
    assert avec == set(PAR_CODE)
    for nom in avec:
        (nomenclature,) = [p for p in requetes[nom].parametres if p.nom == NOMENCLATURE]
        assert nomenclature.type == "iri" and nomenclature.facultatif, nom


@pytest.mark.parametrize("nom", sorted(PAR_CODE))
def test_la_nomenclature_rend_les_lignes_d_une_seule_branche(une_branche: Embarque, deux_branches: Embarque, nom: str):
    attendu = _lignes(une_branche, nom, PAR_CODE[nom])
    assert attendu, f"{nom} : aucune ligne sur la publication"
    assert _lignes(deux_branches, nom, {**PAR_CODE[nom], NOMENCLATURE: BASE}) == attendu
    # La copie a les mêmes fiches, les mêmes compétences et les mêmes alignements que la base.
    assert _lignes(deux_branches, nom, {**PAR_CODE[nom], NOMENCLATURE: COPIE}) == attendu


def test_sans_nomenclature_un_code_designe_le_metier_de_chaque_branche(une_branche: Embarque, deux_branches: Embarque):
    attendu = _lignes(une_branche, "fiche", {"metier": "0102"})
    assert _lignes(deux_branches, "fiche", {"metier": "0102"}) == Counter({ligne: 2 * n for ligne, n in attendu.items()})


@pytest.mark.parametrize(("valeur", "message"), [
    ("https://exemple.org/aucune", "paramètre nomenclature : la nomenclature <https://exemple.org/aucune> ne contient aucun métier"),
    ("pas un iri", "n'est pas un IRI http\\(s\\) absolu"),
    ("https://e.org/a> } ; DROP ALL ; #", "n'est pas un IRI http\\(s\\) absolu"),
])
def test_une_nomenclature_inconnue_ou_invalide_est_refusee(une_branche: Embarque, valeur: str, message: str):
    with pytest.raises(ErreurEntree, match=message):
        executer(PROJET, une_branche, "fiche", {"metier": "0102", NOMENCLATURE: valeur})


def test_un_code_d_une_autre_nomenclature_est_refuse(deux_branches: Embarque):
    """0102 existe dans la base et la copie, pas dans la petite nomenclature : refusé, et les codes proposés
    sont ceux de la petite nomenclature."""
    with pytest.raises(ErreurEntree, match=f"le métier « 0102 » n'existe pas dans la nomenclature <{PETITE}> ; "
                                           "les plus proches : 0001 Seul métier"):
        executer(PROJET, deux_branches, "fiche", {"metier": "0102", NOMENCLATURE: PETITE})
    assert executer(PROJET, deux_branches, "fiche", {"metier": "0001", NOMENCLATURE: PETITE}).lignes


def test_la_fiche_de_chaque_metier_dans_sa_nomenclature(une_branche: Embarque, deux_branches: Embarque):
    """Chacune des branches de l'union de `fiche` choisit le métier dans la nomenclature : pour les 39 codes,
    les rubriques d'une seule branche (une branche sans son filtre doublerait ses lignes pour certains codes)."""
    codes = [ligne["code"].valeur for ligne in une_branche.select(
        "PREFIX cma: <https://w3id.org/metiers-assistance/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?code WHERE { ?m a cma:Metier ; skos:notation ?code }").lignes]
    assert len(codes) == 39
    for code in codes:
        attendu = _lignes(une_branche, "fiche", {"metier": code})
        assert attendu, code
        for nomenclature in (BASE, COPIE):
            assert _lignes(deux_branches, "fiche", {"metier": code, NOMENCLATURE: nomenclature}) == attendu, code


def test_la_commande_fiche_prend_la_nomenclature(capsys):
    assert main(["fiche", "0102"]) == 0
    seule = capsys.readouterr().out
    assert main(["fiche", "0102", "--nomenclature", BASE]) == 0
    assert capsys.readouterr().out == seule
    assert main(["fiche", "0102", "--nomenclature", PETITE]) == SORTIE_ENTREE_INVALIDE
    assert f"--nomenclature : la nomenclature <{PETITE}> ne contient aucun métier." in capsys.readouterr().err


def test_les_mobilites_d_une_branche_dans_une_base_de_deux(une_branche: Embarque, deux_branches: Embarque):
    """Les métiers accessibles et les plus courts chemins se calculent sur les évolutions de la nomenclature
    demandée ; sans elle, le code désigne deux métiers et la commande demande laquelle."""
    from cartographie.rapports.mobilites import mobilites

    def lignes(moteur: Embarque, nomenclature: str | None) -> list[tuple[str, list[tuple[str, ...]]]]:
        return [(titre, [tuple(t.valeur for t in ligne.values()) for ligne in r.lignes])
                for titre, r in mobilites(PROJET, moteur, "0101", 3, "0103", nomenclature)]

    attendu = lignes(une_branche, None)
    assert all(parties for _, parties in attendu)
    assert lignes(deux_branches, BASE) == attendu
    with pytest.raises(ErreurEntree, match="métier de départ 0101 : ce code désigne 2 métiers, un par nomenclature"):
        lignes(deux_branches, None)


def test_mobilites_rome_joint_deux_metiers_d_une_meme_branche(une_branche: Embarque, deux_branches: Embarque):
    """Régression : les fiches ROME sont communes à toutes les branches, et la requête joignait un métier d'une branche
    aux métiers de l'autre alignés sur la même fiche (lignes « dans le ROME seulement » d'un métier vers sa propre copie
    ou vers un métier dont sa branche cite déjà l'évolution ; à 100 branches, 9,3 s). La copie ne change aucun code :
    deux branches rendent les lignes d'une seule."""
    seule = set(_lignes(une_branche, "mobilites-rome", {}))
    assert any(ligne[-1] == "dans le ROME seulement" for ligne in seule)
    assert set(_lignes(deux_branches, "mobilites-rome", {})) == seule
