"""Chaque chiffre imprimé dans la section I de la source est dans le graphe, tel qu'imprimé, avec la valeur
calculée à côté et une note quand elles diffèrent (issue 10, point 5). Les attendus sont relus dans le
texte source et recalculés ici à partir des lignes des métiers du tableau I.4, pas de la publication."""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from cartographie.vocab import CMA

# Un chiffre : « 2 799 », « 50,68% », « 61,55 % », « 122 ».
NOMBRE = re.compile(r"\d{1,3}(?: \d{3})+(?![\d,])|\d+(?:,\d+)?(?: ?%)?")
# Ce qui, dans la section I, n'est pas un chiffre imprimé : codes de métier en tête de ligne, codes de
# famille (« 01 - »), numéros de section (« I.4 », « 1.1 »), date de l'en-tête, renvoi au chapitre 4.
NON_CHIFFRES = re.compile(r"^\s*\d{4}\b|\b\d-\d\b|\b\d{1,2} ?- |\b[I1]\.\d\b|\d+/\d+/\d+|chapitre \d|^\s*0\d\s*$")


def _section_i(lignes_source: list[str]) -> range:
    debut = next(i for i, t in enumerate(lignes_source) if "Divers non" in t)  # premier graphique de la section I
    fin = next(i for i, t in enumerate(lignes_source) if t.strip().startswith("II - Guide pratique"))
    return range(debut, fin)


def _chiffres_du_texte(lignes_source: list[str]) -> Counter:
    chiffres: Counter = Counter()
    for i in _section_i(lignes_source):
        ligne = NON_CHIFFRES.sub(lambda m: " " * len(m.group(0)), lignes_source[i])
        for nombre in NOMBRE.findall(ligne):
            chiffres[(i + 1, nombre)] += 1
    return chiffres


def _chiffres_du_graphe(publication: Graph) -> Counter:
    return Counter((int(publication.value(c, CMA.ligneSource)), str(publication.value(c, CMA.texteImprime)))
                   for c in publication.subjects(RDF.type, CMA.ChiffreImprime))


def test_chaque_chiffre_de_la_section_i_est_dans_le_graphe(publication: Graph, lignes_source: list[str]):
    du_texte, du_graphe = _chiffres_du_texte(lignes_source), _chiffres_du_graphe(publication)
    assert len(du_texte) > 150
    assert du_graphe == du_texte


def test_la_valeur_imprimee_est_celle_du_texte(publication: Graph):
    for c in publication.subjects(RDF.type, CMA.ChiffreImprime):
        texte = str(publication.value(c, CMA.texteImprime))
        attendu = Decimal(texte.replace("%", "").replace(" ", "").replace(",", "."))
        assert publication.value(c, CMA.valeurImprimee).toPython() == attendu, c


def _tableau_i4(lignes_source: list[str]) -> tuple[dict[str, int], dict[int, tuple[str, str]]]:
    """Les effectifs des 39 métiers imprimés, et les lignes de sous-total (effectif, %) par numéro de ligne."""
    metiers, totaux = {}, {}
    for i in range(346, 497):
        if m := re.match(r"^(\d{4}) .+? (\d{1,3}(?: \d{3})?) \d+,\d{2}% \d\s*$", lignes_source[i]):
            metiers[m.group(1)] = int(m.group(2).replace(" ", ""))
        elif m := re.match(r"^(\d{1,3}(?: \d{3})?) (\d+,\d{2})%\s*$", lignes_source[i]):
            totaux[i + 1] = (m.group(1), m.group(2))
    return metiers, totaux


def _pour_cent(effectif: int, branche: int = 5523) -> Decimal:
    return (Decimal(effectif) * 100 / branche).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _valeurs(publication: Graph, ligne: int) -> list[tuple[str, Decimal, Decimal | None]]:
    return sorted((str(publication.value(c, CMA.texteImprime)), publication.value(c, CMA.valeurImprimee).toPython(),
                   v.toPython() if (v := publication.value(c, CMA.valeurCalculee)) is not None else None)
                  for c in publication.subjects(CMA.ligneSource, None)
                  if int(publication.value(c, CMA.ligneSource)) == ligne)


def test_les_sous_totaux_imprimes_a_cote_des_sommes(publication: Graph, lignes_source: list[str]):
    metiers, totaux = _tableau_i4(lignes_source)
    supports = sum(n for code, n in metiers.items() if code[:2] in ("06", "07", "08", "09"))
    ventile = sum(metiers.values())
    assert (supports, ventile) == (819, 4961)
    assert totaux[468] == ("818", "14,81") and totaux[470] == ("4 960", "89,81")
    assert _valeurs(publication, 468) == [("14,81%", Decimal("14.81"), _pour_cent(supports)),
                                          ("818", Decimal(818), Decimal(supports))]
    assert _valeurs(publication, 470) == [("4 960", Decimal(4960), Decimal(ventile)),
                                          ("89,81%", Decimal("89.81"), _pour_cent(ventile))]


@pytest.mark.parametrize(("ligne", "code"), [(453, "0802"), (460, "0902")])
def test_les_pourcentages_mal_arrondis(publication: Graph, lignes_source: list[str], ligne: int, code: str):
    metiers, _ = _tableau_i4(lignes_source)
    imprime = re.search(r"(\d+,\d{2})%", lignes_source[ligne - 1]).group(1)
    pourcentage = [v for v in _valeurs(publication, ligne) if v[0].endswith("%")]
    assert pourcentage == [(f"{imprime}%", Decimal(imprime.replace(",", ".")), _pour_cent(metiers[code]))]
    assert pourcentage[0][1] != pourcentage[0][2]


def test_une_note_exactement_quand_imprime_et_calcule_different(publication: Graph):
    ecarts = 0
    for c in publication.subjects(RDF.type, CMA.ChiffreImprime):
        calcule = publication.value(c, CMA.valeurCalculee)
        differe = calcule is not None and calcule.toPython() != publication.value(c, CMA.valeurImprimee).toPython()
        ecarts += differe
        assert differe == ((c, SKOS.note, None) in publication), c
    # 818, 4 960, leurs deux pourcentages, les quatre pourcentages mal arrondis du tableau et trois du graphique.
    assert ecarts == 11


def test_chaque_chiffre_calculable_a_sa_valeur_calculee(publication: Graph):
    for c in publication.subjects(RDF.type, CMA.ChiffreImprime):
        calculable = (c, CMA.observationImprimee, None) in publication or (c, CMA.classeDenombree, None) in publication
        assert ((c, CMA.valeurCalculee, None) in publication) == calculable, c
