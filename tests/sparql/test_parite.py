"""Parité des moteurs : chaque requête du catalogue, posée à deux moteurs indépendants — le SPARQL de
rdflib (écrit en Python) et Oxigraph (écrit en Rust), embarqué et serveur —, rend les mêmes lignes, et
en rend. Les contrôles qualité tournent sur une copie volontairement cassée, où chacun doit trouver le
défaut qu'on y a mis, sur chaque moteur.

rdflib évalue les jointures sans optimiseur : sur l'extrait entier des référentiels, `alignements` lui
prend plus d'une minute. Les moteurs reçoivent donc tous la publication entière et un extrait réduit aux
certifications qui citent les fiches ROME d'un métier ; les triplets sont les mêmes partout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from cartographie.projet import Projet
from cartographie.sparql.catalogue import Requete, catalogue, lier
from cartographie.sparql.distant import Distant, publier_graphe
from cartographie.sparql.moteurs import Embarque
from cartographie.sparql.resultats import Resultat, Terme, depuis_json
from cartographie.vocab import CMA, ID

RACINE = Projet.par_defaut().racine
METIERS_DE_L_EXTRAIT = {"0904"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SKOS_ = "http://www.w3.org/2004/02/skos/core#"
CORRESPONDANCES = {f"{SKOS_}{r}" for r in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")}


def _noms(dossier: Path) -> list[str]:
    # Seuls les noms servent à la collecte ; les requêtes sont lues par les fixtures.
    return sorted(p.stem for p in dossier.glob("*.rq"))


def _extrait_reduit(publication: Path, extrait: Path) -> bytes:
    """L'extrait des référentiels sans les certifications qui ne citent pas (elles ou leurs devancières)
    le code ROME v3 d'une fiche alignée sur un métier de METIERS_DE_L_EXTRAIT, ni les chemins qui y mènent."""
    pub = list(ox.parse(path=str(publication), format=ox.RdfFormat.N_TRIPLES))
    ext = list(ox.parse(path=str(extrait), format=ox.RdfFormat.N_TRIPLES))
    metiers = {t.subject for t in pub if t.predicate.value == f"{SKOS_}notation" and t.object.value in METIERS_DE_L_EXTRAIT}
    fiches = {t.object for t in pub if t.subject in metiers and t.predicate.value in CORRESPONDANCES}
    # ROME 4.0 → code v3 : skos:broadMatch, un lien entre deux schémas (docs/modele.md).
    v3 = {t.object for t in ext if t.subject in fiches and t.predicate.value == f"{SKOS_}broadMatch"}
    gardees = {t.subject for t in ext if t.predicate == ox.NamedNode(str(CMA.romeV3)) and t.object in v3}
    remplacantes = {t.subject: t.object for t in ext if t.predicate.value == "http://purl.org/dc/terms/isReplacedBy"}
    pile = list(gardees)
    while pile:
        suivante = remplacantes.get(pile.pop())
        if suivante is not None and suivante not in gardees:
            gardees.add(suivante)
            pile.append(suivante)
    certifications = {t.subject for t in ext if t.predicate == ox.NamedNode(str(RDF.type))
                      and t.object == ox.NamedNode(str(CMA.CertificationRncp))}
    assert gardees and certifications - gardees, "le découpage doit garder des certifications et en retirer"
    # Les chemins de certification vers une certification retirée partent avec elle.
    retires = certifications - gardees | {t.subject for t in ext if t.predicate == ox.NamedNode(str(CMA.certification))
                                          and t.object not in gardees}
    return ox.serialize([t for t in ext if t.subject not in retires], format=ox.RdfFormat.N_TRIPLES)


class Rdflib:
    """Le moteur SPARQL de rdflib, derrière la même interface que les moteurs du projet."""

    def __init__(self, graphe: Graph) -> None:
        self.graphe = graphe

    def select(self, requete: str) -> Resultat:
        return depuis_json(json.loads(self.graphe.query(requete).serialize(format="json")))


@dataclass
class Moteurs:
    rdflib: Rdflib
    embarque: Embarque
    serveur: Distant

    def tous(self) -> dict[str, Rdflib | Embarque | Distant]:
        return {"rdflib": self.rdflib, "oxigraph embarqué": self.embarque, "serveur oxigraph": self.serveur}


def _moteurs(fichiers: list[Path], url: str, graphe: str) -> Moteurs:
    rdf = Graph()
    for fichier in fichiers:
        rdf.parse(fichier, format="nt")
    publier_graphe(f"{url}/store", fichiers, graphe)
    return Moteurs(Rdflib(rdf), Embarque(fichiers), Distant(f"{url}/query", graphe))


@pytest.fixture(scope="module")
def jeu(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    export = Projet.par_defaut().export
    dossier = tmp_path_factory.mktemp("parite")
    reduit = dossier / "referentiels-reduit.nt"
    reduit.write_bytes(_extrait_reduit(export / "cartographie.nt", export / "referentiels.nt"))
    return [export / "cartographie.nt", reduit]


@pytest.fixture(scope="module")
def moteurs(jeu: list[Path], serveur_oxigraph: str) -> Moteurs:
    return _moteurs(jeu, serveur_oxigraph, "urn:test:parite")


def _comparable(resultat: Resultat, requete: Requete) -> list:
    """Les lignes sous une forme commune aux moteurs. En RDF 1.1, "x"^^xsd:string et "x" sont le même
    terme ; rdflib garde le type écrit dans le fichier, Oxigraph l'efface."""
    def simple(t: Terme | None) -> Terme | None:
        return Terme(t.type, t.valeur, t.langue, "") if t is not None and t.datatype == XSD_STRING else t

    lignes = [tuple((v, simple(t)) for v, t in ligne) for ligne in resultat.canonique(requete.ordonnee)]
    return lignes if requete.ordonnee else sorted(lignes, key=repr)


def _exemple(requete: Requete) -> str:
    return lier(requete, dict(re.findall(r"--param (\w+)=(\S+)", requete.exemple)))


@pytest.mark.parametrize("nom", _noms(RACINE / "requetes"))
def test_catalogue_memes_lignes_sur_trois_moteurs(moteurs: Moteurs, nom: str):
    requete = catalogue(RACINE / "requetes")[nom]
    texte = _exemple(requete)
    reponses = {moteur: m.select(texte) for moteur, m in moteurs.tous().items()}
    reference = reponses["oxigraph embarqué"]
    assert reference.lignes, f"{nom} ne rend aucune ligne : la comparaison ne prouverait rien"
    for moteur, reponse in reponses.items():
        assert reponse.variables == reference.variables, moteur
        assert _comparable(reponse, requete) == _comparable(reference, requete), f"{nom} : {moteur} diffère d'Oxigraph"


# Chaque défaut introduit dans la copie : le contrôle qui doit le voir, et le nœud qu'il doit nommer.
Defaut = Callable[[Graph], URIRef]


def _premier(graphe: Graph, predicat: URIRef, classe: URIRef) -> URIRef:
    return min(s for s in graphe.subjects(predicat, unique=True) if (s, RDF.type, classe) in graphe)


def _retirer(graphe: Graph, sujet: URIRef, predicat: URIRef) -> URIRef:
    avant = len(graphe)
    graphe.remove((sujet, predicat, None))
    assert len(graphe) < avant, f"{sujet} {predicat} : rien à retirer, le défaut ne serait pas introduit"
    return sujet


def _sans_frequence(g: Graph) -> URIRef:
    return _retirer(g, _premier(g, CMA.frequence, CMA.Activite), CMA.frequence)


def _sans_nature(g: Graph) -> URIRef:
    return _retirer(g, _premier(g, CMA.nature, CMA.Competence), CMA.nature)


def _cible_pendante(g: Graph) -> URIRef:
    evolution = min(g.subjects(CMA.metierCible, unique=True))
    g.set((evolution, CMA.metierCible, ID["metier-9999"]))
    return evolution


def _sans_provenance(g: Graph) -> URIRef:
    return _retirer(g, ID["fiche-0101"], PROV.wasDerivedFrom)


def _cycle(g: Graph) -> URIRef:
    enfant, parent = min(g.subject_objects(SKOS.broader, unique=True))
    g.add((parent, SKOS.broader, enfant))
    return enfant


def _alternatif_egal(g: Graph) -> URIRef:
    metier = ID["metier-0102"]
    g.add((metier, SKOS.altLabel, g.value(metier, SKOS.prefLabel)))
    return metier


def _terme_mal_ecrit(g: Graph) -> URIRef:
    # Une propriété optionnelle mal orthographiée : le contrôle façon ROBOT nomme le terme inconnu.
    terme = CMA.rattachementHierarchiqe
    g.add((ID["metier-0102"], terme, Literal("Directeur des opérations", lang="fr")))
    return terme


def _sans_effectif(g: Graph) -> URIRef:
    metier = ID["metier-0105"]
    observations = list(g.subjects(CMA.perimetre, metier))
    assert observations
    for observation in observations:
        g.remove((observation, CMA.perimetre, metier))
    return metier


def _sans_famille(g: Graph) -> URIRef:
    return _retirer(g, ID["metier-0106"], CMA.famille)


def _bilan_incoherent(g: Graph) -> URIRef:
    # Plus de certifications par alignement fort que de certifications retenues.
    metier = ID["metier-0103"]
    retenues = int(g.value(metier, CMA.nombreCertificationsRetenues))
    g.set((metier, CMA.nombreCertificationsFortes, Literal(retenues + 1)))
    return metier


DEFAUTS: dict[str, Defaut] = {
    "activite-sans-frequence": _sans_frequence,
    "bilan-certifications-incoherent": _bilan_incoherent,
    "cible-pendante": _cible_pendante,
    "competence-sans-nature": _sans_nature,
    "fiche-sans-provenance": _sans_provenance,
    "hierarchie-circulaire": _cycle,
    "libelle-prefere-et-alternatif": _alternatif_egal,
    "metier-sans-effectif": _sans_effectif,
    "metier-sans-famille": _sans_famille,
    "terme-non-declare": _terme_mal_ecrit,
}
# Les 21 contraintes d'intégrité du Data Cube (cube-ic-*) ont chacune leur petit cube cassé, sur rdflib et
# sur Oxigraph : tests/construction/test_cube.py.
CUBE_IC = "cube-ic-"


def test_chaque_controle_a_son_defaut():
    controles = set(_noms(RACINE / "requetes" / "qualite"))
    assert set(DEFAUTS) == {nom for nom in controles if not nom.startswith(CUBE_IC)}


@pytest.fixture(scope="module")
def copie_cassee(tmp_path_factory: pytest.TempPathFactory, serveur_oxigraph: str) -> tuple[Moteurs, dict[str, URIRef]]:
    graphe = Graph().parse(Projet.par_defaut().export / "cartographie.nt", format="nt")
    fautifs = {nom: defaut(graphe) for nom, defaut in DEFAUTS.items()}
    fichier = tmp_path_factory.mktemp("cassee") / "cartographie.nt"
    fichier.write_text(graphe.serialize(format="nt"), encoding="utf-8")
    return _moteurs([fichier], serveur_oxigraph, "urn:test:copie-cassee"), fautifs


@pytest.mark.parametrize("nom", [n for n in _noms(RACINE / "requetes" / "qualite") if not n.startswith(CUBE_IC)])
def test_controle_qualite_voit_le_defaut_sur_chaque_moteur(copie_cassee: tuple[Moteurs, dict[str, URIRef]], nom: str):
    moteurs, fautifs = copie_cassee
    requete = catalogue(RACINE / "requetes" / "qualite")[nom]
    reponses = {moteur: m.select(requete.texte) for moteur, m in moteurs.tous().items()}
    for moteur, reponse in reponses.items():
        nommes = {t.valeur for ligne in reponse.lignes for t in ligne.values()}
        assert str(fautifs[nom]) in nommes, f"{nom} sur {moteur} ne voit pas {fautifs[nom]}"
        assert _comparable(reponse, requete) == _comparable(reponses["rdflib"], requete), moteur
