"""La branche est une donnée : hors du lecteur du texte de 2009, rien dans `cartographie/` ne nomme la
branche Assistance, ses codes de métiers ou de familles, ni les intitulés de ses métiers. Les noms
interdits sont lus dans les données de la branche, pas recopiés ici."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib.namespace import RDF, SKOS

from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA

PAQUET = Path(__file__).parents[1] / "cartographie"
# Le lecteur du document de 2009 est propre à cette source : lui seul peut la nommer.
LECTEUR_2009 = {PAQUET / "sources" / "document2009.py", PAQUET / "sources" / "fiches2009.py"}


def _noms_de_la_branche() -> tuple[set[str], set[str]]:
    donnees = charger([Projet.par_defaut().donnees / "nomenclature.ttl"])
    codes = {str(donnees.value(m, SKOS.notation)) for m in donnees.subjects(RDF.type, CMA.Metier)}
    intitules = {str(donnees.value(m, SKOS.prefLabel)) for classe in (CMA.Metier, CMA.FamilleMetiers)
                 for m in donnees.subjects(RDF.type, classe)}
    return codes, intitules


def test_rien_dans_le_code_ne_nomme_la_branche() -> None:
    codes, intitules = _noms_de_la_branche()
    assert len(codes) == 39 and "Chargé(e) d'assistance" in intitules
    motif_codes = re.compile(r"(?<![\w.])(" + "|".join(sorted(codes)) + r")(?![\w.])")
    trouves = []
    for fichier in sorted(PAQUET.rglob("*.py")):
        if fichier in LECTEUR_2009 or "ressources" in fichier.relative_to(PAQUET).parts:
            continue
        for numero, ligne in enumerate(fichier.read_text(encoding="utf-8").splitlines(), start=1):
            ou = f"{fichier.relative_to(PAQUET.parent)}:{numero}"
            if re.search(r"\bAssistance\b", ligne):
                trouves.append(f"{ou} : « Assistance »")
            trouves += [f"{ou} : code « {m.group(1)} »" for m in motif_codes.finditer(ligne)]
            trouves += [f"{ou} : intitulé « {i} »" for i in intitules if i in ligne]
    assert not trouves, "\n".join(trouves)
