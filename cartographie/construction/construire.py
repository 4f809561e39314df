"""La construction de la publication : charger, déduire, valider, décrire, écrire.

Tout est calculé en mémoire avant la première écriture : une entrée fautive ou une violation
laisse `export/` exactement comme il était.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from cartographie.construction.decrire import NOM, Comptes, completer_comptes, compter, description
from cartographie.construction.inferer import inferer, lancer_bilans
from cartographie.construction.valider import Origines, Violation, valider
from cartographie.construction.verifier import lire_extrait_publie
from cartographie.erreurs import ErreurEntree, ErreurValidation
from cartographie.fond import en_fond
from cartographie.io.ecriture import dossier_existant, publier_dossier
from cartographie.io.fichiers import fichier_ordinaire, fichiers_rdf
from cartographie.io.oxigraph import triplets, vers_rdflib
from cartographie.io.rdf import Lu, charger, en_jsonld, en_ntriples, en_turtle_trie, lire_tous
from cartographie.io.sssom import en_rdf, lire_sssom
from cartographie.progression import etape, suivre
from cartographie.projet import DOSSIER_CANDIDATS, DOSSIER_CORRESPONDANCES, DOSSIER_REFERENTIELS, Projet
from cartographie.vocab import contexte_jsonld


@dataclass
class Construction:
    publication: Graph
    deductions: Graph
    # La validation, lancée pendant que la construction continue (voir `lancer_validation`) : attendue à la
    # première lecture de `violations`.
    validation: Callable[[], list[Violation]]
    referentiels: str = ""
    fiches_rome: Graph = field(default_factory=Graph)
    durees: dict[str, float] = field(default_factory=dict)
    # L'image pyoxigraph de `publication` finale, tenue par ses comptes VoID (`completer_comptes`) : les écrivains
    # du Turtle, du N-Triples et du JSON-LD la reprennent. Vide, ils traduisent `publication`.
    termes: set[ox.Triple] = field(default_factory=set)

    @cached_property
    def violations(self) -> list[Violation]:
        return self.validation()

    @property
    def validee(self) -> Graph:
        """Ce que les formes ont validé : la publication et le type des fiches ROME de l'extrait."""
        return self.publication + self.fiches_rome


Progression = Callable[[str], None]


@contextmanager
def _etape(nom: str, durees: dict[str, float], progression: Progression | None) -> Iterator[None]:
    """Une étape chronométrée : affichée sur le terminal pendant qu'elle tourne (voir `progression.py`),
    et sa durée, si elle dépasse une seconde, passée à `progression`."""
    debut = time.perf_counter()
    with etape(nom):
        yield
    durees[nom] = time.perf_counter() - debut
    if progression is not None and durees[nom] >= 1.0:
        progression(f"  {nom} : {durees[nom]:.1f} s".replace(".", ","))


class Donnees(NamedTuple):
    """Les données d'une branche : leur graphe, le fichier d'où vient chaque sujet et chacune de ses propriétés (pour
    les rapports), et leur image pyoxigraph, que la construction passe aux règles, aux bilans, à rudof et aux comptes."""

    graphe: Graph
    origines: Origines
    image: list[ox.Triple]


def charger_donnees(dossiers: list[Path]) -> Donnees:
    """Les données des dossiers. Les tables d'alignement SSSOM relues (`*.sssom.tsv`, hors candidats) y entrent
    réifiées, avec leurs relations SKOS. Chaque fichier est versé une fois dans le graphe, sans graphe intermédiaire,
    et l'image d'un fichier lu par pyoxigraph est celle qu'il a lue (0,2 s de moins que lire, réunir et retraduire)."""
    graphe = Graph()
    image: list[ox.Triple] = []
    fichiers = [f for f in fichiers_rdf(dossiers) if DOSSIER_REFERENTIELS not in f.parts]
    # Ni les candidats produits par la machine, ni les correspondances des sociétés (intitulés internes →
    # métiers, écrites par `cartographie actualiser`, qui servent à l'import) ne sont publiés.
    tables = sorted(p for d in dossiers if d.is_dir() for p in d.rglob("*.sssom.tsv")
                    if DOSSIER_CANDIDATS not in p.parts and DOSSIER_CORRESPONDANCES not in p.parts)
    lus = lire_tous(suivre(fichiers, "lecture", "fichier", len(fichiers)))
    lus += [(t, Lu(list(en_rdf(lire_sssom(t))), None)) for t in tables]
    origines: Origines = {}
    for fichier, lu in lus:
        for sujet, predicat, _ in lu.triplets:
            origines.setdefault((sujet, predicat), fichier)
            if predicat == RDF.type:
                # Le fichier qui déclare le type d'un sujet est celui qui le définit : une propriété manquante
                # (cma:famille retirée de nomenclature.ttl) y est signalée, pas dans une fiche qui le cite.
                origines[(sujet, None)] = origines[(sujet, RDF.type)]
            else:
                origines.setdefault((sujet, None), fichier)
        graphe.addN((s, p, o, graphe) for s, p, o in lu.triplets)
        image += lu.image
    return Donnees(graphe, origines, image)


def donnees_du_projet(projet: Projet, ontologie: Graph) -> Donnees:
    """Les données de la branche : les fichiers de son dossier donnees/, ou son classeur lu en mémoire."""
    if projet.classeur is None:
        return charger_donnees([projet.donnees])
    from cartographie.classeur import graphes_du_classeur  # le lecteur de tableurs ne sert qu'ici

    donnees = Graph()
    for graphe in graphes_du_classeur(projet.classeur, ontologie).values():
        donnees += graphe
    return Donnees(donnees, dict.fromkeys(donnees.subjects(unique=True), projet.classeur), triplets(donnees))


def valider_graphes(graphes: list[Graph], projet: Projet, origines: Origines, moteur: str = "rudof") -> list[Violation]:
    """Les violations des formes du projet dans la réunion de `graphes` (le premier sert au contexte des
    messages : code de fiche, texte de l'élément), par rudof (Rust, 3 à 4 fois plus rapide) ou par pySHACL, la
    référence, aux mêmes verdicts (tests/construction/test_rudof.py)."""
    return lancer_validation(graphes, projet, origines, moteur)()


def lancer_validation(graphes: list[Graph], projet: Projet, origines: Origines, moteur: str = "rudof",
                      image: Iterable[ox.Triple] | None = None) -> Callable[[], list[Violation]]:
    """`valider_graphes` en deux temps : rudof valide dans un fil pendant que l'appelant continue (voir
    `rudof.lancer_rudof`) ; pySHACL, qui garde le verrou global de Python, valide tout de suite. `image` : les
    triplets pyoxigraph du premier graphe, si l'appelant les a déjà ; rudof les lit sans retraduire le graphe."""
    if moteur == "rudof":
        from cartographie.construction.rudof import lancer_rudof

        donnees = graphes if image is None else [list(image), *graphes[1:]]
        return lancer_rudof(donnees, projet.formes, origines, contexte=graphes[0])
    violations = _valider_pyshacl(graphes, projet, origines)
    return lambda: violations


def _valider_pyshacl(graphes: list[Graph], projet: Projet, origines: Origines) -> list[Violation]:
    donnees = graphes[0]
    # Les autres graphes n'entrent que le temps de la validation : `a + b` copierait tout le graphe.
    ajoutes = [t for g in graphes[1:] for t in g if t not in donnees]
    for t in ajoutes:
        donnees.add(t)
    try:
        return valider(donnees, charger([projet.formes]), origines)
    finally:
        for t in ajoutes:
            donnees.remove(t)


def deduire(ontologie: Graph, donnees: Graph, projet: Projet, extrait: Extrait | Callable[[], Extrait],
            image: list[ox.Triple] | None = None) -> Graph:
    """Les déductions de la construction : règles, formes genrées et OWL 2 RL sur les données, puis les bilans
    des certifications, que les règles de `ontologie/regles/referentiels/` tirent aussi de l'extrait (attendu
    seulement alors, s'il est encore en chargement : voir `lancer_lecture_extrait`). `image` : les triplets
    pyoxigraph de `donnees`, si l'appelant les a déjà."""
    deductions, bilans_prets = lancer_deductions(ontologie, donnees, projet, extrait, image)
    deductions += bilans_prets()
    return deductions


def lancer_deductions(ontologie: Graph, donnees: Graph, projet: Projet, extrait: Extrait | Callable[[], Extrait],
                      image: list[ox.Triple] | None = None) -> tuple[Graph, Callable[[], Graph]]:
    """`deduire` en deux temps : les déductions des données, et la fonction qui attend les bilans des
    certifications, que pyoxigraph calcule dans un fil (voir `inferer.lancer_bilans`)."""
    deductions = inferer(ontologie, donnees, projet.regles, image)
    lu = extrait if isinstance(extrait, Extrait) else extrait()
    return deductions, lancer_bilans([donnees if image is None else image, deductions], lu.magasin,
                                     projet.regles_referentiels)


def construire(projet: Projet, progression: Progression | None = None, moteur: str = "rudof") -> Construction:
    """Calcule la publication en mémoire ; n'écrit rien. La validation peut tourner encore quand la construction
    est rendue : lire `violations` l'attend."""
    durees: dict[str, float] = {}
    with _etape("lecture", durees, progression):
        extrait_en_chargement = lancer_lecture_extrait(projet.extrait)
        ontologie = charger([projet.ontologie])
        # L'image pyoxigraph des données, tirée de leur lecture : règles, bilans, rudof, comptes et écrivains la lisent.
        donnees, origines, image = donnees_du_projet(projet, ontologie)
    with _etape("déductions", durees, progression):
        deductions, bilans_prets = lancer_deductions(ontologie, donnees, projet, extrait_en_chargement, image)
        # Réunions en place (`a + b` copie tout le graphe, triplet par triplet), pendant que les bilans se calculent.
        termes = {*image, *triplets(ontologie), *triplets(deductions)}
        publication = donnees
        publication += ontologie
        publication += deductions
        faits = bilans_prets()
        deductions += faits
        publication += faits
        termes.update(triplets(faits))
    extrait = extrait_en_chargement()  # déjà lu par les bilans
    # Le type des fiches ROME de l'extrait est validé avec la publication, sans y entrer. La description, qui
    # n'est pas validée, s'écrit pendant que rudof valide : l'attente est l'étape « validation » de `publier`.
    validation = lancer_validation([publication, extrait.fiches], projet, origines, moteur, termes)
    decrite = description(publication, extrait.texte, extrait.comptes)
    publication += decrite
    termes.update(triplets(decrite))
    termes = completer_comptes(publication, termes)
    return Construction(publication, deductions, validation, extrait.texte, extrait.fiches, durees, termes)


class Extrait(NamedTuple):
    """L'extrait des référentiels : son texte N-Triples (vérifié par pyoxigraph), le type et le schéma des fiches
    ROME et des occupations ESCO qu'il contient, dont les formes ont besoin pour dire si un alignement vise un
    concept qui existe, ses comptes VoID (None sans extrait) et le magasin pyoxigraph qui le contient, où
    les règles des bilans le lisent (vide sans extrait)."""

    texte: str
    fiches: Graph
    comptes: Comptes | None
    magasin: ox.Store


def lire_extrait(chemin: Path) -> Extrait:
    """L'extrait, chargé une seule fois dans pyoxigraph (règles des bilans, comptes VoID)."""
    return lancer_lecture_extrait(chemin)()


def lancer_lecture_extrait(chemin: Path) -> Callable[[], Extrait]:
    """`lire_extrait` en deux temps : pyoxigraph charge l'extrait (17 Mo, 0,3 s) dans un fil, sans le verrou global
    de Python quand il lit le fichier lui-même ; la construction lit les données et les déduit pendant ce temps. La
    fonction rendue attend le chargement et rend l'extrait, le même à chaque appel (ou lève l'erreur de lecture)."""
    if not chemin.exists():
        vide = Extrait("", Graph(), None, ox.Store())
        return lambda: vide
    fichier_ordinaire(chemin)  # une FIFO bloquerait le fil : refusée ici, comme un dossier

    def charger_magasin() -> tuple[ox.Store, Comptes]:
        magasin = ox.Store()
        try:
            magasin.bulk_load(path=chemin, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as e:
            raise ErreurEntree(f"{chemin} : N-Triples invalide ({e}).") from None
        except OSError as e:
            raise ErreurEntree(f"{chemin} : lecture impossible ({e.strerror or e}).") from None
        # Les comptes VoID aussi dans le fil : la requête (0,1 s) s'évalue sans le verrou global.
        return magasin, compter(magasin)

    magasin_pret = en_fond(charger_magasin, "extrait")

    @cache
    def extrait() -> Extrait:
        magasin, comptes = magasin_pret()
        # Le fichier est relu pour son texte (publié tel quel) et ses fiches : 10 ms, quand charger le magasin
        # depuis des octets déjà lus garderait le verrou global et ôterait tout le bénéfice du fil.
        octets, fiches = lire_extrait_publie(chemin)
        return Extrait(octets.decode("utf-8"), vers_rdflib(fiches), comptes, magasin)

    return extrait


# Les fichiers qu'une publication précédente pouvait contenir et qui peuvent manquer à la suivante.
FACULTATIFS = frozenset({"referentiels.nt"})


def contenus_publies(construction: Construction) -> dict[str, str]:
    publication = construction.publication
    termes = construction.termes or publication
    return {
        f"{NOM}.ttl": en_turtle_trie(termes),
        f"{NOM}.nt": en_ntriples(termes),
        f"{NOM}.jsonld": en_jsonld(termes),
        "deductions.ttl": en_turtle_trie(construction.deductions),
        "context.jsonld": _json(contexte_jsonld()),
        **({"referentiels.nt": construction.referentiels} if construction.referentiels else {}),
    }


def _json(valeur: object) -> str:
    return json.dumps(valeur, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def publier(projet: Projet, sortie: Path | None = None,
            progression: Progression | None = None, moteur: str = "rudof") -> Construction:
    """Construit, refuse toute violation, puis remplace le dossier `sortie` par la publication, en une
    seule opération (voir `io/ecriture.py`)."""
    dossier_existant(sortie or projet.export)
    construction = construire(projet, progression, moteur)
    # Écrits en mémoire pendant que rudof valide ; rien ne part sur le disque avant son verdict.
    contenus = contenus_publies(construction)
    with _etape("validation", construction.durees, progression):  # l'attente, affichée et chronométrée
        violations = construction.violations
    if violations:
        raise ErreurValidation(
            f"{len(violations)} violation(s) SHACL : rien n'a été écrit.\n" + "\n".join(v.en_texte() for v in violations)
        )
    publier_dossier(sortie or projet.export, contenus, remplacables=FACULTATIFS)
    return construction
