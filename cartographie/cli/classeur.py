"""Commandes du classeur : `classeur exporter`, `classeur importer`, `classeur schema`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cartographie.cli.commun import option_projet, projet
from cartographie.erreurs import SORTIE_OK


def _exporter(args: argparse.Namespace) -> int:
    from cartographie.classeur import exporter

    tables = exporter(projet(args), args.out)
    comptes = ", ".join(f"{nom} {len(lignes)}" for nom, lignes in tables.items())
    print(f"Classeur écrit dans {args.out} : {comptes}.")
    return SORTIE_OK


def _importer(args: argparse.Namespace) -> int:
    from cartographie.classeur import importer

    graphes, tables = importer(projet(args), args.classeur, args.sortie)
    triplets = sum(len(g) for g in graphes.values())
    print(f"{len(graphes)} fichiers Turtle ({triplets} triplets) et {len(tables)} table(s) SSSOM écrits dans "
          f"{args.sortie}.")
    return SORTIE_OK


def _schema(args: argparse.Namespace) -> int:
    from cartographie.classeur import colonnes_en_markdown, schema

    if args.format == "md":
        print(colonnes_en_markdown(projet(args)), end="")
        return SORTIE_OK
    texte = json.dumps(schema(projet(args)), ensure_ascii=False, indent=1) + "\n"
    if args.out:
        args.out.write_text(texte, encoding="utf-8")
        print(f"Data Package écrit dans {args.out}.")
    else:
        print(texte, end="")
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    classeur = commandes.add_parser("classeur", help="la carte d'une branche dans un classeur (XLSX, ODS, CSV)")
    actions = classeur.add_subparsers(dest="action_classeur", required=True, metavar="ACTION")

    exporter_ = actions.add_parser("exporter", parents=[option_projet()],
                                   help="écrit la carte du projet dans un classeur .xlsx (ou un dossier de CSV)")
    exporter_.add_argument("--out", type=Path, required=True, metavar="FICHIER",
                           help="classeur .xlsx à écrire, ou dossier pour un CSV par feuille")
    exporter_.set_defaults(action=_exporter)

    importer_ = actions.add_parser("importer", parents=[option_projet()],
                                   help="contrôle un classeur et écrit ses fichiers Turtle et SSSOM, disposés comme donnees/")
    importer_.add_argument("classeur", type=Path, help="classeur .xlsx ou .ods, ou dossier de CSV")
    importer_.add_argument("--sortie", type=Path, required=True, metavar="DOSSIER", help="dossier des données à écrire")
    importer_.set_defaults(action=_importer)

    schema = actions.add_parser("schema", help="le Data Package (Table Schema frictionless) des feuilles du classeur")
    schema.add_argument("--out", type=Path, metavar="FICHIER", help="fichier JSON à écrire (défaut : la sortie)")
    schema.add_argument("--format", choices=("json", "md"), default="json",
                        help="json : le Data Package ; md : les colonnes de chaque feuille, pour la documentation")
    schema.set_defaults(action=_schema)
