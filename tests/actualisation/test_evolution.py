"""L'évolution 2007 → 2008 sur la fixture importée, comparée à des chiffres calculés ici à la main : ceux de 2007
sont ceux du tableau I.4 de la source, ceux de 2008 la somme des lignes de `attendu.tsv` par métier visé."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.rapports.evolution import evolution, graphiques
from cartographie.sparql.catalogue import catalogue
from cartographie.sparql.moteurs import Embarque
from cartographie.vocab import CMA, ID

# Tableau I.4 imprimé (source, l. 347-497) : quelques métiers et une famille.
EFFECTIFS_2007 = {"0101": 91, "0102": 2799, "0105": 13, "0502": 80, "0906": 20}
FAMILLE_05_2007 = 103


@pytest.fixture(scope="module")
def projet(projet_2008: Projet) -> Projet:
    """La copie publiée avec la fixture 2008 importée (`tests/conftest.py`)."""
    return projet_2008


def _lignes(projet: Projet, de: str, a: str) -> dict[tuple[str, str], dict[str, str]]:
    resultat = evolution(projet, Embarque(projet.publies), de, a)
    return {(ligne["niveau"].valeur, ligne["code"].valeur if "code" in ligne else ligne["intitule"].valeur):
            {k: t.valeur for k, t in ligne.items()} for ligne in resultat.lignes}


def test_metiers_familles_ecarts_et_pourcentages(projet, attendu_2008):
    lignes = _lignes(projet, "2007-07-01", "2008-07-01")
    for code, avant in EFFECTIFS_2007.items():
        apres = attendu_2008.get(code, 0)
        ligne = lignes[("métier", code)]
        assert (int(ligne["effectifDe"]), int(ligne["effectifA"]), int(ligne["ecart"])) == (avant, apres, apres - avant)
        # Au dixième, la moitié vers +∞ (ROUND de SPARQL) : -8,75 % → -8,7 %.
        assert Decimal(ligne["evolution"]) == Decimal(math.floor(Decimal(apres - avant) * 1000 / avant + Decimal("0.5"))) / 10
    famille = lignes[("famille", "05")]
    assert (int(famille["effectifDe"]), int(famille["effectifA"])) == (FAMILLE_05_2007, attendu_2008["0501"] + attendu_2008["0502"])


def test_apparus_disparus(projet):
    assert _lignes(projet, "2007-07-01", "2008-07-01")[("métier", "0105")]["constat"] == "disparu"
    assert _lignes(projet, "2008-07-01", "2007-07-01")[("métier", "0105")]["constat"] == "apparu"
    assert _lignes(projet, "2007-07-01", "2008-07-01")[("métier", "0102")]["constat"] == ""


def test_part_non_affectee(projet, attendu_2008):
    lignes = _lignes(projet, "2007-07-01", "2008-07-01")
    non_ventile = lignes[("total", "Effectifs non affectés à un métier (non ventilés)")]
    total_2008 = sum(attendu_2008.values())
    assert int(non_ventile["effectifDe"]) == 563 and int(non_ventile["effectifA"]) == attendu_2008["non ventilé"]
    part = Decimal(attendu_2008["non ventilé"]) * 10000 / total_2008
    assert Decimal(non_ventile["partA"]) == Decimal(math.floor(part + Decimal("0.5"))) / 100
    assert int(lignes[("total", "Effectif total")]["effectifA"]) == total_2008


def test_un_graphique_svg_par_famille(projet):
    resultat = evolution(projet, Embarque(projet.publies), "2007-07-01", "2008-07-01")
    svgs = graphiques(resultat, "2007-07-01", "2008-07-01")
    assert sorted(svgs) == [f"0{i}" for i in range(1, 10)]
    racine = ET.fromstring(svgs["05"])
    textes = [t.text for t in racine.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t and t.startswith("0502 ") for t in textes) and "80" in textes
    assert len(list(racine.iter("{http://www.w3.org/2000/svg}rect"))) == 2 + 2 * 2  # légende + deux barres par métier


def test_la_tranche_importee_respecte_les_contraintes_du_cube(projet):
    """Les 21 contraintes d'intégrité du W3C (requetes/qualite/cube-ic-*.rq) et le contrôle des termes non
    déclarés ne renvoient rien sur une publication qui contient les effectifs déclarés de 2008."""
    # Les observations sont dans la cartographie ; l'extrait des référentiels n'y ajoute rien (et 4 s de lecture).
    publication = charger([projet.export / "cartographie.nt"])
    observations = set(publication.subjects(CMA.societe, None))
    assert len(observations) > 100  # la tranche est bien dans la publication
    controles = {nom: r for nom, r in catalogue(projet.requetes / "qualite").items()
                 if nom.startswith("cube-ic-") or nom == "terme-non-declare"}
    assert len(controles) == 22
    # Posées à Oxigraph, comme les contrôles qualité de la CLI (l'évaluateur de rdflib y mettait 3 minutes).
    magasin = Embarque(projet.publies)
    violations = {nom: len(magasin.select(r.texte).lignes) for nom, r in controles.items()}
    assert violations == dict.fromkeys(controles, 0)
    # Un effectif déclaré n'a ni part de la branche ni nombre de sociétés, et les parts de 2007 restent celles
    # du tableau I.4 : 2 799 salariés de 0102 sur 5 523 dans la branche, 50,68 %.
    assert not any((o, CMA.part, None) in publication or (o, CMA.nombreSocietes, None) in publication for o in observations)
    assert publication.value(ID["observation-2007-0102"], CMA.part).toPython() == Decimal("50.68")
