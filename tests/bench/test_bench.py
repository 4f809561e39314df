"""Le bench lui-même n'est pas dans la suite (il se lance à la main) ; ses pièces le sont : les branches
synthétiques, la mesure dans un processus fils et l'exposant."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from cartographie.bench.bench import Configuration, exposant
from cartographie.bench.mesure import Mesure, dans_un_fils, mesurer
from cartographie.bench.synthese import PROPRES, branches
from cartographie.construction.construire import charger_donnees, lire_extrait
from cartographie.construction.inferer import inferer
from cartographie.construction.rudof import valider_rudof
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, DCAT, ID


@pytest.fixture(scope="module")
def donnees() -> Graph:
    return charger_donnees([Projet.par_defaut().donnees])[0]


def test_trois_branches(donnees: Graph):
    trois = branches(donnees, 3)
    # La description de la branche (son jeu de données et son catalogue) n'est pas copiée : la publication
    # en décrit un seul.
    decrits = set(donnees.subjects(RDF.type, DCAT.Dataset)) | set(donnees.subjects(RDF.type, DCAT.Catalog))
    assert decrits
    propres = {t for t in donnees if any(str(x).startswith(PROPRES) for x in t) and t[0] not in decrits}
    # Chaque copie réécrit les triplets qui nomment une ressource propre ; les autres (vocabulaire,
    # référentiels) sont partagés.
    assert len(trois) == len(donnees) + 2 * len(propres)
    assert set(trois.subjects(RDF.type, DCAT.Dataset)) == set(donnees.subjects(RDF.type, DCAT.Dataset))
    metier = ID["branche-002/metier-0102"]
    assert (metier, SKOS.prefLabel, donnees.value(ID["metier-0102"], SKOS.prefLabel)) in trois
    # Le même code, dans la nomenclature de la copie.
    assert trois.value(metier, SKOS.notation) == Literal("0102")
    assert trois.value(metier, SKOS.inScheme) == ID["branche-002/nomenclature"]
    assert not [o for o in trois.objects(metier, None) if str(o).startswith(f"{ID}metier-")]


def test_effectifs_perturbes_a_20_pourcent_et_reproductibles(donnees: Graph):
    une, autre = branches(donnees, 2), branches(donnees, 2)
    assert set(une) == set(autre)
    for observation, effectif in donnees.subject_objects(CMA.effectif):
        copie = une.value(ID[f"branche-001/{str(observation).removeprefix(str(ID))}"], CMA.effectif)
        assert isinstance(copie, Literal)
        assert 0.8 * int(effectif) - 1 <= int(copie) <= 1.2 * int(effectif) + 1


def test_mesure_dans_un_fils():
    mesure = mesurer(lambda liste: liste.append(1), lambda: [], 3)
    assert len(mesure.durees) == 3 and mesure.pic_mio > 0 and not mesure.erreur
    echec = mesurer(lambda _: 1 / 0, lambda: None, 3)
    assert not echec.durees and "ZeroDivisionError" in echec.erreur
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        dans_un_fils(lambda: 1 / 0)


def test_exposant():
    def echelle(n: int, secondes: float) -> Configuration:
        return Configuration(f"échelle {n}", n, etapes={"x": Mesure((secondes,), 1)})

    assert exposant([echelle(10, 2.0), echelle(100, 20.0)]) == pytest.approx(1.0)
    assert exposant([echelle(10, 2.0), echelle(100, 2.0 * 10**1.5)]) == pytest.approx(1.5)
    assert exposant([echelle(10, 2.0)]) is None
    assert math.isfinite(exposant([echelle(10, 1.0), echelle(100, 3.0)]))


# Dans un nouvel interpréteur, comme `cartographie bench` : le bench mesure chaque étape dans un fils de `fork`,
# et un fils d'un processus de la suite qui a déjà validé par rudof ne peut plus s'en servir (construction/rudof.py).
PIPELINE = """
import json, sys
from pathlib import Path
from cartographie.bench.bench import Banc, Configuration
from cartographie.bench.mesure import dans_un_fils
from cartographie.construction.construire import charger_donnees
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import ID
projet = Projet.par_defaut()
configuration = Configuration("base", 1)
banc, dossier = Banc(projet, 1, lambda _: None), Path(sys.argv[1])
# La branche, sa nomenclature et une fiche : les mêmes étapes sur une entrée quatre fois plus petite (5 s au lieu de 10).
partie = [projet.donnees / "branche.ttl", projet.donnees / "nomenclature.ttl", projet.donnees / "fiches" / "0101.ttl"]
dans_un_fils(lambda: banc.ecrire_entrees(charger_donnees(partie).graphe, dossier, "base"))
publication = charger([banc.pipeline(configuration, dossier, "base", 1)])
print(json.dumps({
    "etapes": {nom: [m.erreur, len(m.durees)] for nom, m in configuration.etapes.items()},
    "referentiels_decrits": (ID["jeu-de-donnees-referentiels"], None, None) in publication,
    "triplets": [configuration.triplets, len(publication)],
}))
"""


def test_le_pipeline_du_bench_mesure_chaque_etape_sans_echec(tmp_path):
    """Le bench appelle les fonctions de la construction : quand leur signature change, ses étapes doivent
    échouer ici, pas au milieu d'une mesure d'une heure (régression : `description(publication, True)`)."""
    fini = subprocess.run([sys.executable, "-c", PIPELINE, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert fini.returncode == 0, fini.stderr
    resultat = json.loads(fini.stdout.splitlines()[-1])
    etapes = resultat["etapes"]
    attendues = {"déductions (bilans compris)", "SHACL pySHACL (référence)", "SHACL rudof (lecture comprise)",
                 "export Turtle (pyoxigraph, trié)", "export N-Triples", "export JSON-LD"}
    assert attendues <= set(etapes)
    assert not {nom: erreur for nom, (erreur, _) in etapes.items() if erreur}
    assert all(durees for _, durees in etapes.values())
    # La description DCAT compte l'extrait : le jeu des référentiels y est décrit.
    assert resultat["referentiels_decrits"]
    triplets, publies = resultat["triplets"]
    assert triplets == publies


def test_deux_branches_synthetiques_sont_conformes_aux_formes(donnees: Graph):
    """Une publication de plusieurs branches est valide : chaque copie garde ses codes, uniques dans sa
    nomenclature (régression : les codes retypés par branche violaient la forme des métiers)."""
    projet = Projet.par_defaut()
    ontologie = charger([projet.ontologie])
    deux = branches(donnees, 2)
    deux += ontologie
    deux += inferer(ontologie, deux, projet.regles)
    deux += lire_extrait(projet.extrait)[1]
    assert valider_rudof([deux], projet.formes) == []
