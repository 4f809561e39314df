"""`cartographie bench` : le temps et la mémoire de chaque étape, sur la base, la base avec l'extrait des
référentiels, et N branches synthétiques (voir `synthese.py`).

Chaque étape est mesurée dans un processus fils (`mesure.py`) : médiane de plusieurs exécutions et pic de
mémoire résidente. La commande de lecture est mesurée en processus entier, à côté de son plancher (un
script nu qui charge la publication dans pyoxigraph et pose la même question) mesuré dans la même
exécution : le rapport des deux résiste mieux à une machine chargée que les secondes.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from cartographie.bench.mesure import Mesure, dans_un_fils, mesurer, mesurer_processus
from cartographie.bench.serveur import serveur_oxigraph
from cartographie.bench.synthese import branches
from cartographie.construction.construire import charger_donnees, deduire, lire_extrait, publier
from cartographie.construction.decrire import description
from cartographie.construction.rudof import valider_rudof
from cartographie.construction.valider import valider
from cartographie.io.rdf import charger, en_jsonld, en_ntriples, en_turtle_trie
from cartographie.projet import Projet
from cartographie.sparql.catalogue import NOMENCLATURE, Requete, catalogue, lier
from cartographie.sparql.distant import GRAPHE_PUBLICATION, Distant, publier_graphe
from cartographie.sparql.moteurs import Embarque

Progression = Callable[[str], None]

# Le plancher d'une commande de lecture : ce qu'elle ne peut pas éviter de faire (charger la publication,
# poser sa requête principale), dans un script nu, qui charge comme le magasin embarqué (`moteurs.Embarque`).
# argv : la requête déjà liée, puis les fichiers.
PLANCHER = """
import sys, pyoxigraph as ox
magasin = ox.Store()
for fichier in sys.argv[2:]:
    magasin.load(path=fichier, format=ox.RdfFormat.N_TRIPLES, lenient=True)
solutions = magasin.query(open(sys.argv[1], encoding="utf-8").read())
print(len([[s[v] for v in solutions.variables] for s in solutions]))
"""

# Les commandes de lecture mesurées en processus entier : (nom, arguments, requête du plancher, paramètres).
LECTURES = (
    ("fiche (métier de référence)", ["fiche", "{code}"], "fiche", {"metier": "{code}"}),
    ("query langues", ["query", "langues"], "langues", {}),
    ("effectifs", ["effectifs"], "effectifs", {}),
    ("mobilites (métier de référence)", ["mobilites", "{code}"], "mobilites", {"metier": "{code}"}),
    ("trouver", ["trouver", "hôtesse d'accueil"], "intitules-recherche", {}),
)
CLI = "CLI "
# Le métier de référence ({code} ci-dessus) : celui dont la fiche a le plus d'éléments, lu dans la publication
# pour qu'un bench se lance sur n'importe quelle branche.
REFERENCE = """PREFIX cma: <https://w3id.org/metiers-assistance/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
SELECT ?code (COUNT(?element) AS ?n) WHERE {
  ?m a cma:Metier ; skos:notation ?code ; cma:fiche ?fiche .
  ?m ?p ?element . ?element schema:position ?position .
} GROUP BY ?code ORDER BY DESC(?n) ?code LIMIT 1"""


# La nomenclature de la branche du projet : dans un magasin de N branches, les requêtes qui prennent un code de
# métier le cherchent là, comme le ferait un intégrateur (sinon le code désigne un métier par branche).
NOMENCLATURE_DU_PROJET = """PREFIX cma: <https://w3id.org/metiers-assistance/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?nomenclature WHERE { ?m a cma:Metier ; skos:inScheme ?nomenclature } ORDER BY ?nomenclature LIMIT 1"""


def reference_et_nomenclature(publies: list[Path]) -> tuple[str, str]:
    """Le métier de référence et la nomenclature du projet, lus dans sa publication chargée une fois."""
    magasin = Embarque(publies).magasin

    def premiere(requete: str, variable: str) -> str:
        solutions = list(magasin.query(requete))  # type: ignore[arg-type]
        return solutions[0][variable].value if solutions else ""

    return premiere(REFERENCE, "code"), premiere(NOMENCLATURE_DU_PROJET, "nomenclature")


PLANCHER_ETAPE = "plancher "
CONSTRUCTION = "construction complète (build)"
# pySHACL, la référence, n'est plus un moteur de la construction : mesuré jusqu'à 10 branches (au-delà, des
# minutes pour une étape que rien n'exécute), à côté du total plutôt que dedans.
PYSHACL = "SHACL pySHACL (référence)"
PYSHACL_JUSQUA = 10


def _hors_total(nom: str) -> bool:
    return nom in (CONSTRUCTION, PYSHACL) or nom.startswith((CLI, PLANCHER_ETAPE))


@dataclass
class Configuration:
    """Une ligne du tableau : ce qui a été mesuré sur un jeu de données."""

    nom: str
    branches: int
    triplets: int = 0
    etapes: dict[str, Mesure] = field(default_factory=dict)
    memoire_serveur_mio: int = 0

    @property
    def memoire_mio(self) -> int:
        return max((m.pic_mio for m in self.etapes.values()), default=0)

    @property
    def total(self) -> float:
        """La somme des étapes, sans les mesures qui en recouvrent d'autres (build, processus entiers)."""
        return sum(m.mediane for nom, m in self.etapes.items() if m.durees and not _hors_total(nom))

    def en_json(self) -> dict[str, object]:
        return {"configuration": self.nom, "branches": self.branches, "triplets": self.triplets,
                "etapes": {nom: round(m.mediane, 6) for nom, m in self.etapes.items() if m.durees},
                "memoire_mio": self.memoire_mio,
                **({"memoire_serveur_mio": self.memoire_serveur_mio} if self.memoire_serveur_mio else {}),
                **({"erreurs": {nom: m.erreur for nom, m in self.etapes.items() if m.erreur}}
                   if any(m.erreur for m in self.etapes.values()) else {})}


def _exemple(requete: Requete, nomenclature: str) -> str:
    valeurs = dict(re.findall(r"--param (\w+)=(\S+)", requete.exemple))
    if nomenclature and any(p.nom == NOMENCLATURE for p in requete.parametres):
        valeurs[NOMENCLATURE] = nomenclature
    return lier(requete, valeurs)


class Banc:
    def __init__(self, projet: Projet, repetitions: int, progression: Progression, serveur: bool = False) -> None:
        self.projet = projet
        self.serveur = serveur
        self.repetitions = repetitions
        self.progression = progression
        self.requetes = catalogue(projet.requetes)
        self.code_reference, self.nomenclature = reference_et_nomenclature(projet.publies)

    def etape(self, configuration: Configuration, nom: str, executer: Callable, preparer: Callable = lambda: None,
              repetitions: int | None = None) -> None:
        mesure = mesurer(executer, preparer, repetitions or self.repetitions)
        self._noter(configuration, nom, mesure)

    def _noter(self, configuration: Configuration, nom: str, mesure: Mesure) -> None:
        configuration.etapes[nom] = mesure
        etat = f"ÉCHEC {mesure.erreur}" if mesure.erreur else f"{mesure.mediane * 1000:10.1f} ms"
        self.progression(f"  {configuration.nom:<14} {nom:<40} {etat}  {mesure.pic_mio} Mio")

    def ecrire_entrees(self, donnees: Graph, dossier: Path, nom: str) -> None:
        """Écrit ce que lisent les étapes de `pipeline` : `donnees-NOM.nt`, la publication sans sa description
        augmentée des fiches ROME de l'extrait (`a-valider-NOM.nt`, l'entrée de SHACL) et la publication décrite
        (`publication-NOM.nt`, l'entrée des exports et des requêtes)."""
        p = self.projet
        ontologie = charger([p.ontologie])
        extrait = lire_extrait(p.extrait)
        referentiels, fiches_rome, comptes, _ = extrait
        (dossier / f"donnees-{nom}.nt").write_text(en_ntriples(donnees), encoding="utf-8")
        publication = ontologie + donnees + deduire(ontologie, donnees, p, extrait)
        # Les fiches ROME à la suite de la publication, sans copier le graphe (un million de triplets à 100 branches).
        (dossier / f"a-valider-{nom}.nt").write_text(en_ntriples(publication) + en_ntriples(fiches_rome), encoding="utf-8")
        publication += description(publication, referentiels, comptes)
        (dossier / f"publication-{nom}.nt").write_text(en_ntriples(publication), encoding="utf-8")

    def pipeline(self, configuration: Configuration, dossier: Path, nom: str, repetitions: int) -> Path:
        """Déductions (bilans compris), SHACL et exports des entrées écrites par `ecrire_entrees` ; rend le fichier
        de la publication. Chaque étape lit son entrée dans son fils : le parent ne tient aucun graphe de N branches, dont
        chaque fils hériterait dans son pic de mémoire."""
        p = self.projet
        a_valider, publication = dossier / f"a-valider-{nom}.nt", dossier / f"publication-{nom}.nt"
        self.etape(configuration, "déductions (bilans compris)", lambda e: deduire(e[0], e[1], p, e[2]),
                   lambda: (charger([p.ontologie]), charger([dossier / f"donnees-{nom}.nt"]), lire_extrait(p.extrait)),
                   repetitions=repetitions)
        if configuration.branches <= PYSHACL_JUSQUA:
            self.etape(configuration, PYSHACL, lambda e: valider(*e),
                       lambda: (charger([a_valider]), charger([p.formes])), repetitions=repetitions)
        self.etape(configuration, "SHACL rudof (lecture comprise)",
                   lambda _: valider_rudof(a_valider, p.formes), repetitions=repetitions)
        configuration.triplets = _lignes(publication)
        for etape, ecrire in (("export Turtle (pyoxigraph, trié)", en_turtle_trie), ("export N-Triples", en_ntriples),
                              ("export JSON-LD", en_jsonld)):
            self.etape(configuration, etape, ecrire, lambda: charger([publication]), repetitions=repetitions)
        return publication

    def requetes_embarquees(self, configuration: Configuration, fichiers: list[Path], repetitions: int) -> None:
        self.etape(configuration, "chargement pyoxigraph", lambda _: Embarque(fichiers), repetitions=repetitions)
        for nom, requete in self.requetes.items():
            texte = _exemple(requete, self.nomenclature)
            self.etape(configuration, f"requête {nom}", lambda magasin, t=texte: magasin.select(t),
                       lambda: Embarque(fichiers), repetitions=max(repetitions, 5))

    def requetes_serveur(self, configuration: Configuration, fichiers: list[Path], dossier: Path,
                         repetitions: int) -> None:
        """La même publication dans un serveur Oxigraph local : envoi par le protocole Graph Store, puis
        chaque requête du catalogue par le protocole SPARQL."""
        with serveur_oxigraph(dossier / f"oxigraph-{configuration.branches}-{len(fichiers)}") as serveur:
            self.etape(configuration, "serveur : publication (Graph Store)",
                       lambda _: publier_graphe(f"{serveur.url}/store", fichiers, delai=3600), repetitions=1)
            distant = Distant(f"{serveur.url}/query", GRAPHE_PUBLICATION, delai=3600)
            for nom, requete in self.requetes.items():
                texte = _exemple(requete, self.nomenclature)
                self.etape(configuration, f"serveur : requête {nom}", lambda d, t=texte: d.select(t),
                           lambda: distant, repetitions=max(repetitions, 5))
        configuration.memoire_serveur_mio = serveur.pic_mio

    def base(self, dossier: Path) -> list[Configuration]:
        p = self.projet
        base = Configuration("base", 1)
        self.etape(base, "lecture", lambda _: (charger([p.ontologie]), charger_donnees([p.donnees]),
                                               charger([p.formes]), lire_extrait(p.extrait)))
        dans_un_fils(lambda: self.ecrire_entrees(charger_donnees([p.donnees]).graphe, dossier, "base"))
        self.pipeline(base, dossier, "base", self.repetitions)
        self.etape(base, CONSTRUCTION,
                   lambda _: publier(p, dossier / "export", progression=lambda _: None))
        publies = [p.export / "cartographie.nt"]
        self.requetes_embarquees(base, publies, self.repetitions)
        self.lecture_cli(base, dossier)
        self.construction_cli(base, dossier)
        avec_extrait = Configuration("base+extrait", 1, base.triplets + _lignes(p.export / "referentiels.nt"))
        self.requetes_embarquees(avec_extrait, [*publies, p.export / "referentiels.nt"], self.repetitions)
        if self.serveur:
            self.requetes_serveur(avec_extrait, [*publies, p.export / "referentiels.nt"], dossier, self.repetitions)
        return [base, avec_extrait]

    def lecture_cli(self, configuration: Configuration, dossier: Path) -> None:
        """Chaque commande de lecture en processus entier, et son plancher mesuré juste à côté."""
        publies = [str(f) for f in self.projet.publies]
        repetitions = max(self.repetitions, 5)
        racine = ["--racine", str(self.projet.racine)]
        code = self.code_reference
        for nom, arguments_, requete, parametres_ in LECTURES:
            arguments = [a.replace("{code}", code) for a in arguments_]
            parametres = {k: v.replace("{code}", code) for k, v in parametres_.items()}
            texte = dossier / f"plancher-{requete}.rq"
            texte.write_text(lier(self.requetes[requete], parametres), encoding="utf-8")
            self._noter(configuration, f"{PLANCHER_ETAPE}{nom}",
                        mesurer_processus([sys.executable, "-c", PLANCHER, str(texte), *publies], repetitions))
            self._noter(configuration, f"{CLI}{nom}",
                        mesurer_processus([sys.executable, "-m", "cartographie", *racine, *arguments], repetitions))

    def construction_cli(self, configuration: Configuration, dossier: Path) -> None:
        """`build` (dans un dossier à part) et `validate` de la publication, en processus entiers : ce que
        l'utilisateur attend dans sa boucle « modifier, construire, valider »."""
        racine = ["--racine", str(self.projet.racine)]
        for nom, arguments in (("build", ["build", "--sortie", str(dossier / "export-cli")]),
                               ("validate (publication)", ["validate"])):
            self._noter(configuration, f"{CLI}{nom}", mesurer_processus(
                [sys.executable, "-m", "cartographie", *racine, *arguments], max(self.repetitions, 5)))

    def referentiels(self, configuration: Configuration, reference: Path, dossier: Path) -> None:
        from cartographie.alignement.pipeline import aligner
        from cartographie.sources.importer import importer

        rome, rncp, certifinfo = (reference / d for d in ("rome-france-travail", "rncp-france-competences",
                                                          "certifinfo-carif-oref"))
        self.etape(configuration, "import ROME", lambda _: importer("rome", rome, dossier / "rome"), repetitions=1)
        self.etape(configuration, "import RNCP",
                   lambda _: importer("rncp", rncp, dossier / "rncp", certifinfo if certifinfo.is_dir() else None),
                   repetitions=1)
        self.etape(configuration, "alignement", lambda _: aligner(self.projet, rome, dossier / "candidats.sssom.tsv"),
                   repetitions=1)

    def echelle(self, n: int, dossier: Path) -> Configuration:
        p = self.projet
        configuration = Configuration(f"échelle {n}", n)
        repetitions = 1 if n >= 50 else min(self.repetitions, 3)
        source = dossier / f"donnees-{n}.nt"
        dans_un_fils(lambda: self.ecrire_entrees(branches(charger_donnees([p.donnees]).graphe, n), dossier, str(n)))
        self.etape(configuration, "lecture", lambda _: charger([source]), repetitions=repetitions)
        publie = self.pipeline(configuration, dossier, str(n), repetitions)
        self.requetes_embarquees(configuration, [publie, p.export / "referentiels.nt"], repetitions)
        if self.serveur:
            self.requetes_serveur(configuration, [publie, p.export / "referentiels.nt"], dossier, repetitions)
        return configuration


def _lignes(fichier: Path) -> int:
    with fichier.open("rb") as f:
        return sum(1 for ligne in f if ligne.strip())


def bench(projet: Projet, echelles: list[int], repetitions: int = 5, reference: Path | None = None,
          serveur: bool = False, progression: Progression = lambda _: None) -> list[Configuration]:
    """Mesure la base, la base avec l'extrait, puis chaque échelle ; `reference` (dossier des exports
    officiels ROME, RNCP, Certif Info) ajoute l'import complet et l'alignement ; `serveur` ajoute la
    publication et les requêtes dans un serveur Oxigraph local."""
    banc = Banc(projet, repetitions, progression, serveur)
    with tempfile.TemporaryDirectory(prefix="cartographie-bench-") as tmp:
        dossier = Path(tmp)
        configurations = banc.base(dossier)
        if reference is not None:
            banc.referentiels(configurations[0], reference, dossier)
        for n in echelles:
            configurations.append(banc.echelle(n, dossier))
    return configurations


def exposant(configurations: list[Configuration]) -> float | None:
    """log(t100 / t10) / log 10 sur le coût total, si les deux échelles ont été mesurées."""
    totaux = {c.branches: c.total for c in configurations if c.nom.startswith("échelle")}
    if 10 in totaux and 100 in totaux and totaux[10] > 0:
        return math.log(totaux[100] / totaux[10]) / math.log(10)
    return None


def en_tableau(configurations: list[Configuration]) -> str:
    """Le tableau Markdown : une ligne par étape, une colonne par configuration (médianes en ms)."""
    etapes = list(dict.fromkeys(nom for c in configurations for nom in c.etapes))
    lignes = ["| étape | " + " | ".join(c.nom for c in configurations) + " |",
              "|---|" + "---:|" * len(configurations)]

    def cellule(c: Configuration, nom: str) -> str:
        mesure = c.etapes.get(nom)
        if mesure is None:
            return ""
        return "échec" if mesure.erreur else f"{mesure.mediane * 1000:.1f}".replace(".", ",")

    for nom in etapes:
        lignes.append(f"| {nom} | " + " | ".join(cellule(c, nom) for c in configurations) + " |")
    totaux = " | ".join(f"{c.total * 1000:.0f}" for c in configurations)
    lignes.append(f"| **total des étapes (ms, sans build ni processus entiers)** | {totaux} |")
    lignes.append("| triplets | " + " | ".join(str(c.triplets) for c in configurations) + " |")
    lignes.append("| pic mémoire (Mio) | " + " | ".join(str(c.memoire_mio) for c in configurations) + " |")
    return "\n".join(lignes) + "\n"


def rapports_plancher(configuration: Configuration) -> dict[str, float]:
    """Pour chaque commande de lecture : processus entier / plancher, dans la même exécution."""
    rapports = {}
    for nom, *_ in LECTURES:
        cli, plancher = configuration.etapes.get(f"{CLI}{nom}"), configuration.etapes.get(f"{PLANCHER_ETAPE}{nom}")
        if cli and plancher and cli.durees and plancher.durees:
            rapports[nom] = cli.mediane / plancher.mediane
    return rapports
