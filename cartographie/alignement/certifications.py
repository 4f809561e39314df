"""Chemins de certification : les certifications RNCP qu'ouvre une fiche ROME alignée, classées par pertinence.

Le RNCP ne cite que des codes ROME v3, plus larges que les fiches ROME 4.0 : J1108 (médecin régulateur)
n'y est atteint que par son code v3 J1102, que citent aussi des masters de recherche. Chaque chemin
(fiche ROME 4.0 → code v3 → certification citée → certification en cours au bout de sa lignée) reçoit
donc une pertinence de 0 à 1, et les raisons qui la fondent, à partir de ce que dit la certification
elle-même :

- ses codes ROME : la certification en cours cite-t-elle encore le code v3 (sinon, seul un prédécesseur
  le citait), et parmi combien de codes (une certification qui en cite cinq est moins propre à chacun) ;
- son domaine : la part, parmi les certifications qui citent le code v3, de celles qui partagent son
  groupe NSF (trois chiffres), rapportée à celle du groupe le plus représenté ; à défaut de NSF, son
  champ Formacode (deux premiers chiffres) ;
- son intitulé, quand on le connaît : proche d'une appellation de la fiche ROME 4.0, il suffit à
  la rendre pertinente (« Assistant de régulation médicale » pour D1436, dont le code v3 D1408 est
  celui de la vente à distance).

Le niveau de la certification face au niveau de recrutement de la fiche Métier dépend du métier, pas
du chemin : la requête `certifications` le combine à la pertinence du chemin (voir docs/alignements.md).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rapidfuzz import fuzz
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from cartographie.io.ntriples import iri
from cartographie.sources.referentiels import rncp_iri
from cartographie.texte import cle
from cartographie.vocab import CMA, REF

# Un intitulé à 85 % (token_set_ratio) d'une appellation de la fiche désigne le même métier.
SEUIL_INTITULE = 0.85
PERTINENCE_INTITULE = 0.9
# En dessous, le chemin n'est pas proposé : réglé sur J1108 (médecin régulateur), D1436 (ARM) et M1614
# (standardiste), où il écarte les masters de traitement du signal et de philosophie (0,26 et 0,35 avant
# le niveau) et garde l'ARM (0,9 par son intitulé).
SEUIL_PERTINENCE = 0.5


@dataclass(frozen=True)
class Chemin:
    fiche: str
    code_fiche: str
    code_v3: str
    citee: str
    certification: str
    pertinence: float
    raisons: tuple[str, ...]

    @property
    def iri(self) -> str:
        return f"{REF}rncp/chemin/{self.code_fiche}/{self.certification}"


def _valeurs(magasin: ox.Store, requete: str) -> list[tuple[str, ...]]:
    return [tuple(terme.value for terme in solution) for solution in magasin.query(requete)]


def _par(lignes: list[tuple[str, ...]]) -> dict[str, set[str]]:
    resultat: dict[str, set[str]] = defaultdict(set)
    for cle_, valeur in lignes:
        resultat[cle_].add(valeur)
    return resultat


def _numero(certification: str) -> str:
    return certification.rsplit("/", 1)[-1]


def _code(concept: str) -> str:
    return concept.rsplit("/", 1)[-1]


class Rncp:
    """Ce que l'import RNCP dit de chaque certification : codes ROME v3, NSF, Formacode, successeurs, intitulé."""

    def __init__(self, magasin: ox.Store) -> None:
        c = str(CMA)
        self.rome = _par(_valeurs(magasin, f"SELECT ?c ?v WHERE {{ ?c <{c}romeV3> ?v }}"))
        self.nsf = _par(_valeurs(magasin, f"SELECT ?c ?n WHERE {{ ?c <{c}nsf> ?n }}"))
        self.formacode = _par(_valeurs(magasin, f"SELECT ?c ?f WHERE {{ ?c <{c}formacode> ?f }}"))
        self.successeurs = _par(_valeurs(
            magasin, "SELECT ?a ?b WHERE { ?a <http://purl.org/dc/terms/isReplacedBy> ?b }"))
        skos = "http://www.w3.org/2004/02/skos/core#"
        self.libelles = dict(_valeurs(magasin, f"SELECT ?x ?l WHERE {{ ?x <{skos}prefLabel> ?l }}"))
        self.citant: dict[str, set[str]] = defaultdict(set)
        for certification, codes in self.rome.items():
            for code in codes:
                self.citant[code].add(certification)
        self._profils: dict[tuple[str, str], Counter[str]] = {}

    def profil(self, v3: str, nom: str, longueur: int) -> Counter[str]:
        """Combien de certifications citant `v3` relèvent de chaque groupe NSF ou champ Formacode."""
        if (v3, nom) not in self._profils:
            codes = self.nsf if nom == "NSF" else self.formacode
            self._profils[v3, nom] = Counter(g for c in self.citant[v3] for g in _groupes(codes.get(c, set()), longueur))
        return self._profils[v3, nom]

    def en_cours(self, certification: str, vues: frozenset[str] = frozenset()) -> set[str]:
        """Les certifications au bout de la lignée (une certification peut en remplacer plusieurs)."""
        suivantes = self.successeurs.get(certification, set()) - vues
        if not suivantes:
            return {certification}
        return set().union(*(self.en_cours(s, vues | {certification}) for s in suivantes))


def _groupes(codes: set[str], longueur: int) -> set[str]:
    return {_code(c)[:longueur] for c in codes}


def _part_du_domaine(rncp: Rncp, v3: str, citee: str, en_cours: str) -> tuple[float, str]:
    """La part relative du domaine de la certification parmi celles qui citent `v3`, et sa raison."""
    citant = rncp.citant[v3]
    for nom, codes, longueur in (("NSF", rncp.nsf, 3), ("Formacode", rncp.formacode, 2)):
        siens = _groupes(codes.get(en_cours) or codes.get(citee, set()), longueur)
        if not siens:
            continue
        profil = rncp.profil(v3, nom, longueur)
        meilleur, part = max(((g, profil[g]) for g in siens), key=lambda x: (x[1], x[0]))
        dominant = max(profil.values(), default=0) or 1
        return part / dominant, (f"{nom} {meilleur} : {part} des {len(citant)} certifications qui citent "
                                 f"{_code(v3)} sont de ce domaine")
    return 0.5, "domaine inconnu (ni NSF ni Formacode)"


def chemins(magasin: ox.Store, fiches: list[str]) -> list[Chemin]:
    """Les chemins de certification des fiches ROME `fiches` (IRI), avec leur pertinence et leurs raisons."""
    rncp = Rncp(magasin)
    valeurs = " ".join(iri(f) for f in sorted(fiches))
    skos = "http://www.w3.org/2004/02/skos/core#"
    parents = dict(_valeurs(magasin, f"SELECT ?f ?v WHERE {{ VALUES ?f {{ {valeurs} }} ?f <{skos}broadMatch> ?v . "
                                     f"?v a <{CMA}CodeRomeV3> }}"))
    appellations = _par(_valeurs(magasin, f"SELECT ?f ?l WHERE {{ VALUES ?f {{ {valeurs} }} "
                                          f"?a <{skos}broader> ?f ; a <{CMA}AppellationRome> ; <{skos}prefLabel> ?l }}"))
    resultat: list[Chemin] = []
    for fiche, v3 in sorted(parents.items()):
        noms = {cle(n) for n in appellations.get(fiche, set()) | {rncp.libelles.get(fiche, "")} if n}
        vus: set[str] = set()
        for citee in sorted(rncp.citant[v3]):
            for en_cours in sorted(rncp.en_cours(citee)):
                if en_cours in vus:
                    continue
                vus.add(en_cours)
                resultat.append(_chemin(rncp, fiche, v3, citee, en_cours, noms))
    return resultat


def _chemin(rncp: Rncp, fiche: str, v3: str, citee: str, en_cours: str, noms: set[str]) -> Chemin:
    codes = rncp.rome.get(en_cours) or rncp.rome.get(citee, set())
    cite_encore = v3 in rncp.rome.get(en_cours, set())
    rome = (1.0 if cite_encore else 0.5) / math.sqrt(max(len(codes), 1))
    raisons = [f"cite {_code(v3)} parmi {len(codes)} code(s) ROME" if cite_encore else
               f"ne cite plus {_code(v3)} : seule {_numero(citee)}, qu'elle remplace (directement ou non), le citait"]
    domaine, raison = _part_du_domaine(rncp, v3, citee, en_cours)
    raisons.append(raison)
    pertinence = 0.5 * rome + 0.5 * domaine
    titre = rncp.libelles.get(en_cours, "")
    if titre and noms:
        proche, score = max(((n, fuzz.token_set_ratio(cle(titre), n) / 100) for n in noms), key=lambda x: (x[1], x[0]))
        if score >= SEUIL_INTITULE:
            pertinence = max(pertinence, PERTINENCE_INTITULE)
            raisons.append(f"intitulé proche de l'appellation « {proche} »")
    return Chemin(fiche, _code(fiche), _code(v3), _numero(citee), _numero(en_cours), round(pertinence, 2), tuple(raisons))


def en_rdf(chemins_: list[Chemin], seuil: float = SEUIL_PERTINENCE) -> Graph:
    """Les chemins retenus (pertinence au moins égale à `seuil`) en RDF : fiche, certification en cours
    (et citée, si elle a été remplacée), pertinence et raisons. Les autres ne sont pas publiés : ils
    tripleraient l'extrait pour des certifications qu'on ne propose pas."""
    g = Graph()
    for chemin in (c for c in chemins_ if c.pertinence >= seuil):
        noeud = URIRef(chemin.iri)
        g.add((noeud, RDF.type, CMA.CheminCertification))
        g.add((noeud, CMA.ficheRome, URIRef(chemin.fiche)))
        g.add((noeud, CMA.certification, URIRef(rncp_iri(chemin.certification))))
        if chemin.citee != chemin.certification:
            g.add((noeud, CMA.certificationCitee, URIRef(rncp_iri(chemin.citee))))
        # Forme canonique (« 0.9 », « 1 ») : Oxigraph et rdflib écrivent alors le même texte.
        g.add((noeud, CMA.pertinence, Literal(Decimal(f"{chemin.pertinence:.2f}").normalize())))
        g.add((noeud, CMA.raison, Literal(" ; ".join(chemin.raisons), lang="fr")))
    return g
