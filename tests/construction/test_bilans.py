"""Les bilans des certifications (ontologie/regles/referentiels/), recomptés ici en Python à partir des triplets
eux-mêmes : les alignements de la publication et les chemins de certification de l'extrait, lu par pyoxigraph sans
magasin ni SPARQL."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from cartographie.construction.construire import Construction
from cartographie.projet import Projet
from cartographie.vocab import CMA

FORTES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)


@pytest.fixture(scope="module")
def extrait() -> dict[str, dict]:
    """Les chemins (fiche → {chemin: (certification, pertinence)}), les certifications inactives et les niveaux."""
    chemins: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    inactives, niveaux = set(), defaultdict(set)
    for t in ox.parse(path=str(Projet.par_defaut().extrait), format=ox.RdfFormat.N_TRIPLES):
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if p in (str(CMA.ficheRome), str(CMA.certification), str(CMA.pertinence)):
            chemins[s][p].append(o)
        elif p == str(CMA.actif) and o == "false":
            inactives.add(s)
        elif p == str(CMA.niveauEqf):
            niveaux[s].add(o)
    par_fiche: dict[str, dict[str, tuple[str, Decimal]]] = defaultdict(dict)
    for chemin, valeurs in chemins.items():
        if str(CMA.ficheRome) in valeurs:
            (fiche,), (certification,), (pertinence,) = (valeurs[str(p)] for p in (CMA.ficheRome, CMA.certification,
                                                                                    CMA.pertinence))
            par_fiche[fiche][chemin] = (certification, Decimal(pertinence))
    return {"par_fiche": par_fiche, "inactives": inactives, "niveaux": niveaux}


def _actives(extrait: dict, fiches: set[str]) -> set[str]:
    return {c for f in fiches for c, _ in extrait["par_fiche"].get(f, {}).values() if c not in extrait["inactives"]}


def test_bilan_de_chaque_metier_recompte(construction: Construction, extrait: dict):
    publication: Graph = construction.publication
    metiers = set(publication.subjects(CMA.famille))
    assert len(metiers) == 39
    for metier in metiers:
        alignables = {metier, *publication.subjects(CMA.metierRegroupant, metier)}
        fortes = {str(f) for a in alignables for p in FORTES for f in publication.objects(a, p)}
        faibles = {str(f) for a in alignables for f in publication.objects(a, SKOS.relatedMatch)}
        retenues = _actives(extrait, fortes | faibles)
        connues = {c for c in retenues if extrait["niveaux"][c]}
        requis = {str(n) for n in publication.objects(metier, CMA.niveauRequis)}
        attendu = (len(retenues), len(_actives(extrait, fortes)), len(connues),
                   len({c for c in connues if extrait["niveaux"][c] & requis}))
        publie = tuple(int(publication.value(metier, p)) for p in (
            CMA.nombreCertificationsRetenues, CMA.nombreCertificationsFortes,
            CMA.nombreCertificationsNiveauConnu, CMA.nombreCertificationsAuNiveau))
        assert publie == attendu, metier
    # Le bilan n'est pas vide : des métiers ont des certifications, et certains au niveau demandé.
    assert sum(int(n) for n in publication.objects(None, CMA.nombreCertificationsAuNiveau)) > 0


def test_chaque_fiche_alignee_a_son_nombre_et_son_chemin_le_plus_pertinent(construction: Construction, extrait: dict):
    publication = construction.publication
    alignees = {str(f) for p in (*FORTES, SKOS.relatedMatch) for f in publication.objects(None, p)
                if str(f).startswith("https://w3id.org/metiers-assistance/ref/rome/")}
    assert alignees
    for fiche in alignees:
        chemins = {ch: (c, pe) for ch, (c, pe) in extrait["par_fiche"].get(fiche, {}).items()
                   if c not in extrait["inactives"]}
        nombre = publication.value(URIRef(fiche), CMA.nombreCertificationsRetenues)
        assert int(nombre) == len({c for c, _ in chemins.values()}), fiche
        meilleurs = list(publication.objects(URIRef(fiche), CMA.cheminLePlusPertinent))
        if not chemins:
            assert meilleurs == []
            continue
        assert len(meilleurs) == 1, fiche
        assert chemins[str(meilleurs[0])][1] == max(pe for _, pe in chemins.values()), fiche

