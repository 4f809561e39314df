"""Interface en ligne de commande `cartographie`.

Mince par construction : chaque commande analyse ses arguments, appelle une fonction de la
bibliothèque et affiche. Un module par groupe de commandes ; un nouveau groupe s'ajoute à `GROUPES`.

Codes de sortie : 0 succès ; 1 données non conformes (SHACL, contrôles qualité) ; 2 entrée
invalide (fichier illisible, paramètre inconnu, service injoignable). Les erreurs connues
s'affichent en français, sans trace de pile.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from cartographie.cli import actualisation, bench, classeur, construction, referentiels, requetes, site
from cartographie.erreurs import SORTIE_ENTREE_INVALIDE, ErreurCartographie, cite, inattendue

GROUPES = (construction, requetes, referentiels, site, bench, actualisation, classeur)


def _version() -> str:
    # importlib.metadata coûte ~30 ms à l'import (email, zipfile…) : chargé seulement pour --version.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cartographie")
    except PackageNotFoundError:
        return "inconnue"


class _Version(argparse.Action):
    """`--version` d'argparse, mais la version n'est cherchée que si l'option est donnée : l'action
    standard la veut dès la construction de l'analyseur, c'est-à-dire à chaque commande."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"cartographie {_version()}")
        parser.exit()


class _Analyseur(argparse.ArgumentParser):
    """argparse en français, et une erreur d'usage qui sort avec le code 2 sans trace."""

    # argparse n'est traduit que par gettext ; ses trois titres suffisent à franciser l'aide.
    _TITRES = (("usage: ", "utilisation : "), ("positional arguments:", "arguments :"), ("options:", "options :"))

    def format_help(self) -> str:
        return self._franciser(super().format_help())

    def format_usage(self) -> str:
        return self._franciser(super().format_usage())

    def _franciser(self, texte: str) -> str:
        for anglais, francais in self._TITRES:
            texte = texte.replace(anglais, francais)
        return texte

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : {cite(message, 300)}\n")


def analyseur() -> argparse.ArgumentParser:
    parser = _Analyseur(
        prog="cartographie",
        description="Base de connaissances liées d'une cartographie des métiers : construire, valider, interroger, publier.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument("--version", action=_Version, help="affiche la version et quitte")
    parser.add_argument("--racine", type=Path, help="dossier du projet (ontologie/, donnees/, shapes/, requetes/)")
    commandes = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE",
                                      parser_class=_Analyseur)
    for groupe in GROUPES:
        groupe.ajouter(commandes)
    return parser


# Une commande crée des centaines de milliers d'objets (termes et graphes rdflib, triplets pyoxigraph) qui ne forment
# presque pas de cycles : aux seuils par défaut, le ramasse-miettes cyclique de Python les parcourait 326 fois pendant
# un build (0,11 s sur 2 s), et bien davantage à 100 branches. Il passe 100 fois moins souvent ; les cycles sont
# toujours ramassés, et la mémoire est la même (mesures : docs/performances.md).
SEUILS_RAMASSE_MIETTES = (100_000, 50, 50)


def main(argv: Sequence[str] | None = None) -> int:
    gc.set_threshold(*SEUILS_RAMASSE_MIETTES)
    args = analyseur().parse_args(argv)
    try:
        return int(args.action(args))
    except ErreurCartographie as e:
        print(f"Erreur : {e.message}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception as e:  # le dernier rempart, promis par le README : code 2, sans trace
        print(f"Erreur : {inattendue(e)}", file=sys.stderr)
        return SORTIE_ENTREE_INVALIDE


if __name__ == "__main__":
    sys.exit(main())
