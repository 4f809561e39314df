"""Ce que les commandes partagent : le projet, les options d'interrogation et l'affichage des résultats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cartographie.projet import Projet
from cartographie.sparql.moteurs import DELAI_REQUETE, LIMITE_LIGNES, Moteur, moteur
from cartographie.sparql.resultats import FORMATS, FORMATS_MACHINE, Resultat, reunir


def projet(args: argparse.Namespace) -> Projet:
    p = Projet.par_defaut(args.racine)
    return p.avec_branche(args.projet) if getattr(args, "projet", None) else p


def option_projet() -> argparse.ArgumentParser:
    """`--projet` : le dossier (ou le classeur) d'une branche ; vocabulaire, formes et requêtes sont partagés."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--projet", type=Path, metavar="DOSSIER",
                        help="dossier d'une branche (donnees/ ou un classeur), ou son classeur .xlsx/.ods ; "
                             "défaut : le dépôt")
    return option


def moteur_de(args: argparse.Namespace) -> Moteur:
    return moteur(projet(args), args.endpoint, args.graph, args.delai, args.limite)


def options_distantes() -> argparse.ArgumentParser:
    distant = argparse.ArgumentParser(add_help=False, parents=[option_projet()])
    distant.add_argument("--endpoint", metavar="URL", help="point d'accès SPARQL 1.1 (défaut : magasin embarqué)")
    distant.add_argument("--graph", metavar="IRI", help="graphe nommé à interroger sur le serveur")
    distant.add_argument("--delai", type=float, default=DELAI_REQUETE, metavar="S",
                         help=f"durée maximale d'une requête en secondes (défaut : {DELAI_REQUETE:g})")
    distant.add_argument("--limite", type=int, default=LIMITE_LIGNES, metavar="N",
                         help=f"nombre maximal de lignes lues (défaut : {LIMITE_LIGNES})")
    return distant


def options_format() -> argparse.ArgumentParser:
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=sorted(FORMATS), default="table", help="format de sortie")
    return formats


def afficher(resultat: Resultat, format_: str) -> None:
    sys.stdout.write(FORMATS[format_](resultat))


def afficher_parties(parties: list[tuple[str, Resultat]], format_: str) -> None:
    """Des tableaux titrés : l'un après l'autre pour un lecteur, réunis en un seul document (format long,
    colonne `partie`) pour un format machine."""
    if format_ in FORMATS_MACHINE:
        afficher(reunir(parties) if len(parties) > 1 else parties[0][1], format_)
        return
    for rang, (intitule, resultat) in enumerate(parties):
        if rang:
            titre(intitule, format_)
        afficher(resultat, format_)


def titre(texte: str, format_: str) -> None:
    print(f"\n**{texte}**\n" if format_ == "md" else f"\n{texte}\n")
