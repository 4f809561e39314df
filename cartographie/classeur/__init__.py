"""Le classeur : toute la carte d'une branche écrite dans un tableur (XLSX, ODS ou dossier de CSV).

Comme les gabarits de ROBOT pour une ontologie de l'ODK, le classeur est une source d'édition dont la
publication est construite. Il couvre les fichiers de la branche dans `donnees/` : `branche.ttl`,
`nomenclature.ttl`, `fiches/` et les alignements relus `alignements/*.sssom.tsv` ; l'extrait des
référentiels, les candidats d'alignement et les sources restent des fichiers à part, que l'import ne
touche pas.

- `exporter` : données → tables (`depuis_graphe`) → classeur ;
- `importer` : classeur → tables contrôlées (`controle`) → graphes (`vers_graphe`) → Turtle.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

from rdflib import Graph

from cartographie.classeur import alignements
from cartographie.classeur.controle import Tables as TablesControlees
from cartographie.classeur.controle import controler
from cartographie.classeur.depuis_graphe import Tables, tables_depuis_graphe
from cartographie.classeur.format import CODE_METIER, FEUILLES, Termes, data_package, en_markdown
from cartographie.classeur.vers_graphe import graphes_depuis_tables
from cartographie.classeur.xlsx import ecrire_xlsx
from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import publier_fichiers
from cartographie.io.rdf import charger, en_turtle
from cartographie.io.sssom import en_rdf
from cartographie.io.tableur import Feuille as FeuilleLue
from cartographie.io.tableur import lire_tableur
from cartographie.projet import Projet

_ENTETE_TURTLE = "# Écrit par `cartographie classeur importer` depuis {origine} : modifiez le classeur, pas ce fichier.\n"


def fichiers_du_classeur(donnees: Path) -> list[Path]:
    """Les fichiers de `donnees/` que le classeur représente (et que l'import réécrit)."""
    fichiers = [donnees / "branche.ttl", donnees / "nomenclature.ttl", *sorted((donnees / "fiches").glob("*.ttl")),
                *alignements.fichiers_sssom(donnees)]
    return [f for f in fichiers if f.is_file()]


def _references(donnees: Graph) -> dict[str, str]:
    """IRI d'un métier ou d'un métier recensé → sa référence dans le classeur (`1203`, `1203/identifiant`)."""
    from rdflib.namespace import RDF, SKOS

    from cartographie.vocab import CMA

    references = {str(m): str(donnees.value(m, SKOS.notation)) for m in donnees.subjects(RDF.type, CMA.Metier)}
    for recense in donnees.subjects(RDF.type, CMA.MetierSpecialise):
        regroupant = str(donnees.value(recense, CMA.metierRegroupant))
        references[str(recense)] = f"{references[regroupant]}/{str(recense).removeprefix(regroupant + '-')}"
    return references


def _intitules(tables: TablesControlees) -> dict[str, str]:
    intitules = {ligne.texte("Code"): ligne.texte("Intitulé") for ligne in tables.get("Métiers", [])}
    intitules.update({f"{ligne.texte(CODE_METIER)}/{ligne.texte('Identifiant')}": ligne.texte("Intitulé")
                      for ligne in tables.get("Métiers recensés", [])})
    return intitules


def contenus_depuis_tables(tables: TablesControlees, termes: Termes) -> tuple[dict[str, Graph], dict[str, str]]:
    """Les graphes des fichiers Turtle et le texte des tables SSSOM, par chemin relatif à `donnees/`."""
    graphes = graphes_depuis_tables(tables, termes)
    base = next(ligne.texte("Valeur") for ligne in tables.get("Branche", []) if ligne.texte("Clé") == "IRI de base")
    return graphes, alignements.sssom_depuis_tables(tables, base, _intitules(tables))


def tables_du_projet(projet: Projet) -> tuple[Tables, Termes]:
    """Les tables du classeur de `projet`, vérifiées : leur import redonne exactement les mêmes triplets."""
    ontologie = charger([projet.ontologie])
    termes = Termes(ontologie)
    donnees = Graph()
    if projet.classeur is not None:
        graphes, sssom = contenus_depuis_tables(controler(lire_classeur(projet.classeur), termes.choix(),
                                                          projet.classeur.name), termes)
        for graphe in graphes.values():
            donnees += graphe
        tables_sssom = alignements.relire(sssom)
    else:
        donnees = charger([f for f in fichiers_du_classeur(projet.donnees) if f.suffix == ".ttl"])
        tables_sssom = alignements.lire_tables(projet.donnees)
    tables = tables_depuis_graphe(donnees, termes)
    tables["Alignements"], tables["Tables d'alignement"] = alignements.lignes_depuis_sssom(tables_sssom,
                                                                                          _references(donnees))
    relu = Graph()
    graphes, sssom = contenus_depuis_tables(controler(_brutes(tables), termes.choix(), "classeur exporté"), termes)
    for graphe in graphes.values():
        relu += graphe
    for table in tables_sssom:
        donnees += en_rdf(table)
    for table in alignements.relire(sssom):
        relu += en_rdf(table)
    perdus, ajoutes = set(donnees) - set(relu), set(relu) - set(donnees)
    if perdus or ajoutes:
        exemples = "\n".join(f"  {'-' if t in perdus else '+'} {' '.join(x.n3() for x in t)}"
                             for t in sorted(perdus)[:5] + sorted(ajoutes)[:5])
        raise ErreurEntree(f"le classeur ne représente pas exactement les données : {len(perdus)} triplet(s) "
                           f"perdu(s), {len(ajoutes)} ajouté(s) ; rien n'a été écrit.\n{exemples}")
    return tables, termes


def exporter(projet: Projet, sortie: Path) -> Tables:
    """Écrit la carte de `projet` dans le classeur `sortie` (.xlsx), ou un CSV par feuille si `sortie` est
    un dossier (ou n'a pas d'extension)."""
    tables, termes = tables_du_projet(projet)
    if sortie.suffix.lower() == ".xlsx":
        sortie.parent.mkdir(parents=True, exist_ok=True)
        sortie.write_bytes(ecrire_xlsx(tables, termes.choix()))
    elif not sortie.suffix:
        publier_fichiers(sortie, {f"{f.fichier}.csv": _csv(tables.get(f.nom, []), f.noms) for f in FEUILLES})
    else:
        raise ErreurEntree(f"{sortie} : extension « {sortie.suffix} » non prise en charge (.xlsx, ou un dossier "
                           "pour un CSV par feuille).")
    return tables


def lire_classeur(source: Path) -> dict[str, FeuilleLue]:
    """Les feuilles d'un classeur XLSX ou ODS, ou d'un dossier de CSV nommés comme dans le Data Package."""
    if source.is_dir():
        feuilles: dict[str, FeuilleLue] = {}
        for definition in FEUILLES:
            chemin = source / f"{definition.fichier}.csv"
            if chemin.is_file():
                feuilles[definition.nom] = lire_tableur(chemin)[0]
        if not feuilles:
            raise ErreurEntree(f"{source} : classeur vide, aucun des fichiers attendus "
                               f"({', '.join(f.fichier + '.csv' for f in FEUILLES)}).")
        return feuilles
    return {str(f.nom): f for f in lire_tableur(source)}


def contenus_du_classeur(source: Path, ontologie: Graph) -> tuple[dict[str, Graph], dict[str, str]]:
    """Les graphes des fichiers Turtle et le texte des tables SSSOM que décrit le classeur `source` ;
    ErreurEntree s'il a un problème."""
    termes = Termes(ontologie)
    return contenus_depuis_tables(controler(lire_classeur(source), termes.choix(), source.name), termes)


def graphes_du_classeur(source: Path, ontologie: Graph) -> dict[str, Graph]:
    """Les graphes des données décrites par le classeur `source`, alignements compris (réifiés comme à la
    construction) ; ErreurEntree s'il a un problème."""
    graphes, sssom = contenus_du_classeur(source, ontologie)
    return {**graphes, **{str(t.chemin): en_rdf(t) for t in alignements.relire(sssom)}}


def importer(projet: Projet, source: Path, sortie: Path) -> tuple[dict[str, Graph], dict[str, str]]:
    """Contrôle le classeur `source` puis écrit ses fichiers Turtle et ses tables SSSOM dans `sortie`,
    disposés comme `donnees/` ; rend les graphes des uns et le texte des autres. Les fiches et les tables
    qui ne sont plus dans le classeur sont retirées de `sortie`."""
    graphes, sssom = contenus_du_classeur(source, charger([projet.ontologie]))
    entete = _ENTETE_TURTLE.format(origine=source.name)
    par_dossier: dict[Path, dict[str, str]] = defaultdict(dict)
    for chemin, texte in [*((c, entete + en_turtle(g)) for c, g in graphes.items()), *sssom.items()]:
        cible = sortie / chemin
        par_dossier[cible.parent][cible.name] = texte
    for dossier, contenus in sorted(par_dossier.items()):
        publier_fichiers(dossier, contenus)
    for perime in fichiers_du_classeur(sortie):
        if perime.relative_to(sortie).as_posix() not in graphes.keys() | sssom.keys():
            perime.unlink()
    return graphes, sssom


def schema(projet: Projet) -> dict[str, object]:
    """Le Data Package qui décrit les feuilles du classeur (listes fixes lues dans l'ontologie du projet)."""
    return data_package(Termes(charger([projet.ontologie])).choix())


def colonnes_en_markdown(projet: Projet) -> str:
    return en_markdown(Termes(charger([projet.ontologie])).choix())


def _brutes(tables: Tables) -> dict[str, FeuilleLue]:
    """Les tables exportées sous la forme que rend le lecteur de tableurs (pour la vérification d'aller-retour)."""
    return {f.nom: FeuilleLue(Path("classeur exporté"), f.nom, ((1, tuple(f.noms)), *(
        (i, tuple(ligne.get(c) for c in f.noms)) for i, ligne in enumerate(tables.get(f.nom, []), start=2))))
            for f in FEUILLES}


def _csv(lignes: list[dict[str, object]], colonnes: list[str]) -> str:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, lineterminator="\n")
    ecrivain.writerow(colonnes)
    for ligne in lignes:
        ecrivain.writerow(["" if ligne.get(c) is None else ligne.get(c) for c in colonnes])
    return tampon.getvalue()
