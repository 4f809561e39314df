"""La construction du site statique : chaque page rendue par un gabarit Jinja2, les descriptions RDF des
ressources, l'index de recherche, la documentation du vocabulaire et les règles w3id.org."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import dossier_existant
from cartographie.io.rdf import charger, en_jsonld, en_ntriples, en_turtle
from cartographie.projet import Projet
from cartographie.rapports.evolution import graphiques as graphiques_evolution
from cartographie.texte import sans_accents
from cartographie.vocab import PREFIXES

from . import graphiques
from .chemins import espace_id, page
from .descriptions import descriptions, par_ressource
from .htaccess import htaccess, readme_w3id
from .lecture import Intitule, Site, lire
from .recherche import index_recherche
from .schema import occupation
from .vocabulaire import documentation

RELATIONS = {
    "exactMatch": "équivalent (exactMatch)",
    "closeMatch": "proche (closeMatch)",
    "broadMatch": "plus large (broadMatch)",
    "narrowMatch": "plus étroit (narrowMatch)",
    "relatedMatch": "apparenté (relatedMatch)",
}
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")
# Un aperçu de chaque résultat : le texte de la requête et ses 10 premières lignes disent ce qu'elle rend ; le
# résultat entier est à `cartographie query` et au point d'accès /sparql (à 50 lignes, la page avait 5 700 éléments).
LIGNES_REQUETE = 10
PAGE_EVOLUTION = "evolution.html"
FICHIERS_PUBLIES = {
    "cartographie.ttl": "la publication en Turtle",
    "cartographie.jsonld": "la publication en JSON-LD (contexte inclus)",
    "cartographie.nt": "la publication en N-Triples",
    "referentiels.nt": "l'extrait ROME/RNCP en N-Triples (jeu de données distinct)",
    "context.jsonld": "le contexte JSON-LD seul",
}


@dataclass(frozen=True)
class Bilan:
    fichiers: int
    pages: int


def _nombre(valeur: int | None) -> str:
    """Un entier à la française : « 2 799 » (espace insécable)."""
    return "" if valeur is None else f"{valeur:,}".replace(",", "\u00a0")


def _signe(valeur: str) -> str:
    """Un écart signé à la française : « +1 234 », « −12 » (signe moins), « 0 »."""
    if not valeur:
        return ""
    nombre = int(valeur)
    return ("+" if nombre > 0 else "\u2212" if nombre < 0 else "") + _nombre(abs(nombre))


def _pourcent(valeur: str, decimales: int, signe: bool = False) -> str:
    """Un pourcentage de la requête (« -8.7 ») à la française, au nombre de décimales donné : « −8,7 % »
    (virgule, signe moins, espace insécable)."""
    if not valeur:
        return ""
    nombre = Decimal(valeur).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    prefixe = "\u2212" if nombre < 0 else "+" if signe and nombre > 0 else ""
    return f"{prefixe}{abs(nombre)}\u00a0%".replace(".", ",")


def _date_longue(iso: str) -> str:
    jour = date.fromisoformat(iso[:10])
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


def environnement() -> Environment:
    env = Environment(loader=PackageLoader("cartographie.site", "gabarits"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["nombre"] = _nombre
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return env


class Rendu:
    """Rend les pages dans un dictionnaire {chemin relatif : contenu}."""

    def __init__(self, site: Site, date_effectifs: str) -> None:
        self.env = environnement()
        self.site = site
        self.communs = {"date_effectifs": date_effectifs, "relations": RELATIONS, "branche": site.branche,
                        "page_evolution": PAGE_EVOLUTION if site.evolution is not None else ""}
        self.contenus: dict[str, str] = {}

    def page(self, chemin: str, gabarit: str, titre: str, alternatifs: str | None = None, **contexte: object) -> None:
        base = alternatifs or "cartographie"
        racine = "../" * chemin.count("/")
        self.contenus[chemin] = self.env.get_template(gabarit).render(
            racine=racine, titre=titre, alternatifs={e: f"{base}.{e}" for e in ("ttl", "jsonld", "nt")},
            **self.communs, **contexte)


def _sans_extension(chemin: str) -> str:
    return chemin.rsplit(".", 1)[0]


def _lettre(intitule: Intitule) -> str:
    initiale = sans_accents(intitule.libelle.strip()[:1]).upper()
    return initiale if initiale.isalpha() else "#"


def _groupes_az(intitules: list[Intitule]) -> list[tuple[str, list[Intitule]]]:
    groupes: dict[str, list[Intitule]] = {}
    for intitule in intitules:
        groupes.setdefault(_lettre(intitule), []).append(intitule)
    return sorted(groupes.items())


def _proprietes(triplets: list[ox.Triple]) -> list[tuple[str, str, str]]:
    """Les propriétés d'une ressource pour sa page générique : (propriété abrégée, valeur, lien)."""
    espaces = sorted(((str(e), p) for p, e in PREFIXES.items()), key=lambda x: -len(x[0]))

    def abreger(iri: str) -> str:
        for espace, prefixe in espaces:
            if iri.startswith(espace):
                return f"{prefixe}:{iri.removeprefix(espace)}"
        return iri

    lignes = []
    for t in sorted(triplets, key=str):
        objet = t.object
        if isinstance(objet, ox.NamedNode):
            lien = page(objet.value) if objet.value.startswith(espace_id()) else ""
            lignes.append((abreger(t.predicate.value), abreger(objet.value), lien))
        else:
            lignes.append((abreger(t.predicate.value), str(getattr(objet, "value", objet)), ""))
    return lignes


def _catalogue(par_sujet: dict[str, list[ox.Triple]]) -> str:
    """L'IRI du catalogue DCAT de la publication (celle du catalogue que décrit la branche)."""
    catalogue = "http://www.w3.org/ns/dcat#Catalog"
    return next((iri for iri, triplets in sorted(par_sujet.items())
                 if any(t.predicate.value.endswith("#type") and getattr(t.object, "value", "") == catalogue
                        for t in triplets)), "")


def _pages(rendu: Rendu, site: Site, par_sujet: dict[str, list[ox.Triple]]) -> None:
    familles = {f.code: f for f in site.familles}
    total = sum(f.effectif for f in site.familles)
    rendu.page("index.html", "accueil.html", "Accueil", familles=site.familles, total=total,
               nombre_metiers=len(site.metiers),
               graphique=graphiques.barres([(f"{f.code} {f.intitule}", f.effectif, f.page) for f in site.familles]))
    for f in site.familles:
        rendu.page(f.page, "famille.html", f"{f.code} {f.intitule}", _sans_extension(f.page), famille=f,
                   fil=[{"href": "index.html", "texte": "Accueil"}],
                   graphique=graphiques.barres([(f"{m.code} {m.intitule}", m.effectif or 0, m.page) for m in f.metiers]))
    pages_par_iri = {m.iri: m for m in site.metiers.values()}
    for m in site.metiers.values():
        famille = familles[m.famille]
        origines = [(pages_par_iri[o].intitule, pages_par_iri[o].page) for o in site.entrees.get(m.iri, [])
                    if o in pages_par_iri]
        cibles = [(f"{intitule} ({code})" if code else intitule, href) for code, intitule, href in site.evolutions.get(m.iri, [])]
        rendu.page(m.page, "metier.html", m.intitule, _sans_extension(m.page), metier=m, famille=famille,
                   fil=[{"href": "index.html", "texte": "Accueil"}, {"href": famille.page, "texte": famille.intitule}],
                   description=m.definition[:300], jsonld=occupation(m, famille, site.branche),
                   graphe=graphiques.mobilites((m.intitule, m.page), origines, cibles),
                   origines=[o for o, _ in origines], cibles=[c for c, _ in cibles])
    for a in site.autres:
        regroupant = site.metiers.get(a.regroupant)
        fil = [{"href": "index.html", "texte": "Accueil"}]
        if regroupant is not None:
            fil.append({"href": regroupant.page, "texte": regroupant.intitule})
        rendu.page(a.page, "autre.html", a.intitule, _sans_extension(a.page), autre=a, regroupant=regroupant, fil=fil)
    for c in site.competences:
        rendu.page(c.page, "competence.html", c.libelle, _sans_extension(c.page), competence=c,
                   fil=[{"href": "index.html", "texte": "Accueil"}])
    for iri, triplets in par_sujet.items():
        chemin = page(iri)
        if chemin not in rendu.contenus:
            titre = site.ressources.get(iri) or iri.removeprefix(espace_id())
            rendu.page(chemin, "ressource.html", titre, _sans_extension(chemin), iri=iri,
                       proprietes=_proprietes(triplets), fil=[{"href": "index.html", "texte": "Accueil"}])
    rendu.page("az.html", "az.html", "Index A–Z des intitulés", groupes=_groupes_az(site.intitules),
               nombre=len(site.intitules))
    rendu.page("recherche.html", "recherche.html", "Trouver mon métier", nombre=len(site.intitules))
    rendu.page("requetes.html", "requetes.html", "Requêtes SPARQL", requetes=site.requetes, limite=LIGNES_REQUETE)
    exemple = next(iter(site.metiers.values())).iri if site.metiers else f"{espace_id()}…"
    rendu.page("donnees.html", "donnees.html", "Les données", catalogue=_catalogue(par_sujet),
               fichiers=list(FICHIERS_PUBLIES.items()), exemple=exemple)
    rendu.contenus["404.html"] = rendu.env.get_template("404.html").render(
        racine="/", titre="Page introuvable", alternatifs={e: f"cartographie.{e}" for e in ("ttl", "jsonld", "nt")},
        **rendu.communs)


def _page_evolution(rendu: Rendu, site: Site) -> None:
    """« Évolution des effectifs » entre la première et la dernière date : le tableau de la requête `evolution`
    et les graphiques SVG par famille de la commande `cartographie evolution` (rien s'il n'y a qu'une date)."""
    if site.evolution is None:
        return
    de, a = (_date_longue(d) for d in (site.dates_effectifs[0], site.dates_effectifs[-1]))
    familles = {f.code: f for f in site.familles}
    lignes = []
    for ligne in site.evolution.lignes:
        valeurs = {cle: terme.valeur for cle, terme in ligne.items()}
        niveau, code = valeurs["niveau"], valeurs.get("code", "")
        lien = (site.metiers[code].page if niveau == "métier" and code in site.metiers else
                familles[code].page if niveau == "famille" and code in familles else "")
        lignes.append({"niveau": niveau, "code": code, "intitule": valeurs["intitule"], "lien": lien,
                       "de": _nombre(int(valeurs["effectifDe"])), "a": _nombre(int(valeurs["effectifA"])),
                       "ecart": _signe(valeurs.get("ecart", "")), "evolution": _pourcent(valeurs.get("evolution", ""), 1, True),
                       "part_de": _pourcent(valeurs.get("partDe", ""), 2), "part_a": _pourcent(valeurs.get("partA", ""), 2),
                       "constat": valeurs.get("constat", "")})
    non_ventile = next((ligne for ligne in lignes if ligne["niveau"] == "total" and ligne["code"] == ""
                        and "non affect" in ligne["intitule"]), None)
    svgs = [(familles[code] if code in familles else None, code, Markup(svg))
            for code, svg in graphiques_evolution(site.evolution, de, a).items()]
    rendu.page(PAGE_EVOLUTION, "evolution.html", "Évolution des effectifs", de=de, a=a,
               dates=(site.dates_effectifs[0], site.dates_effectifs[-1]), lignes=lignes, non_ventile=non_ventile,
               graphiques=svgs, fil=[{"href": "index.html", "texte": "Accueil"}])


def _vocabulaire(rendu: Rendu, projet: Projet) -> None:
    ontologie = charger([projet.ontologie / "cartographie.ttl"])
    rendu.contenus["def.html"] = documentation(ontologie, rendu.env.get_template("entete-vocabulaire.html").render())
    rendu.contenus["def.ttl"] = en_turtle(ontologie)
    rendu.contenus["def.nt"] = en_ntriples(ontologie)
    rendu.contenus["def.jsonld"] = en_jsonld(ontologie)


def contenus_site(projet: Projet) -> dict[str, str]:
    site = lire(projet)
    date_effectifs = _date_longue(site.date_effectifs) if site.date_effectifs else ""
    rendu = Rendu(site, date_effectifs)
    par_sujet = par_ressource(projet.publies)
    _pages(rendu, site, par_sujet)
    _page_evolution(rendu, site)
    _vocabulaire(rendu, projet)
    contenus = rendu.contenus
    contenus.update(descriptions(par_sujet))
    contenus["recherche-index.js"] = index_recherche(site.intitules)
    statique = files("cartographie.site") / "statique"
    for nom in ("style.css", "recherche.js"):
        contenus[f"statique/{nom}"] = (statique / nom).read_text(encoding="utf-8")
    for nom in FICHIERS_PUBLIES:
        if (projet.export / nom).exists():
            contenus[nom] = (projet.export / nom).read_text(encoding="utf-8")
    contenus["w3id/.htaccess"] = htaccess(titre=site.branche.titre)
    exemple = next(iter(site.metiers.values())).iri if site.metiers else f"{espace_id()}…"
    contenus["w3id/README.md"] = readme_w3id(titre=site.branche.titre, exemple=exemple)
    return contenus


def ecrire_dossier(sortie: Path, contenus: dict[str, str]) -> None:
    """Écrit le site dans un dossier voisin puis le met à la place de `sortie` : un lecteur ne voit jamais
    un site à moitié écrit, et une erreur laisse l'ancien site intact."""
    sortie = sortie.resolve()
    sortie.parent.mkdir(parents=True, exist_ok=True)
    neuf = Path(tempfile.mkdtemp(prefix=f".{sortie.name}-neuf-", dir=sortie.parent))
    try:
        for chemin, texte in sorted(contenus.items()):
            cible = neuf / chemin
            cible.parent.mkdir(parents=True, exist_ok=True)
            cible.write_text(texte, encoding="utf-8", newline="\n")
        os.chmod(neuf, 0o755)
        ancien = sortie.with_name(f".{sortie.name}-ancien")
        if ancien.exists():
            shutil.rmtree(ancien)
        if sortie.exists():
            os.replace(sortie, ancien)
        os.replace(neuf, sortie)
        shutil.rmtree(ancien, ignore_errors=True)
    except BaseException:
        shutil.rmtree(neuf, ignore_errors=True)
        raise


def construire_site(projet: Projet, sortie: Path) -> Bilan:
    dossier_existant(sortie)  # une sortie impossible est refusée avant les 5 s de construction
    contenus = contenus_site(projet)
    try:
        ecrire_dossier(sortie, contenus)
    except OSError as e:
        raise ErreurEntree(f"{sortie} : écriture du site impossible ({e.strerror or e}) ; rien n'a été modifié.") from None
    return Bilan(len(contenus), sum(1 for c in contenus if c.endswith(".html")))
