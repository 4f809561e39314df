"""rudof, second moteur SHACL, contre pySHACL, la référence : même verdict sur la publication, et mêmes
ressources en faute sur une copie où l'on a mis trois défauts (un par famille de contrainte : SHACL Core,
contrainte SPARQL sur un autre nœud, référence pendante)."""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SKOS, XSD

from cartographie.construction.construire import Construction
from cartographie.construction.rudof import valider_rudof
from cartographie.construction.valider import valider
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID


def _fautes(violations: list) -> set[str]:
    return {v.ressource for v in violations}


def test_meme_verdict_sur_la_publication(publication: Graph):
    assert valider_rudof(publication, Projet.par_defaut().formes) == []


def test_memes_ressources_en_faute(construction: Construction):
    casse = Graph()
    casse += construction.validee
    casse.set((ID["observation-2007-0103"], CMA.effectif, Literal(-305, datatype=XSD.integer)))
    casse.set((ID["metier-0103"], SKOS.notation, Literal("0102")))
    casse.set((ID["metier-0105"], CMA.famille, ID["famille-10"]))
    reference = valider(casse, charger([Projet.par_defaut().formes]))
    rudof = valider_rudof(casse, Projet.par_defaut().formes)
    attendues = {"id:observation-2007-0103", "id:metier-0102", "id:metier-0103"}
    assert attendues <= _fautes(reference)
    assert _fautes(rudof) == _fautes(reference)
    francais = {v.message for v in rudof}
    assert any("Un effectif doit être un entier positif ou nul" in m for m in francais), francais
