"""Interface en ligne de commande `cartographie`.

Codes de sortie : 0 succès ; 1 données non conformes (SHACL, contrôles qualité) ; 2 entrée
invalide (fichier illisible, paramètre inconnu, service injoignable). Les erreurs connues
s'affichent en français, sans trace de pile.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rdflib.namespace import OWL, RDF

from .charger import charger
from .construire import Projet, charger_donnees, publier
from .erreurs import SORTIE_NON_CONFORME, SORTIE_OK, ErreurCartographie
from .espaces import SOURCE
from .exporter import en_turtle, publier_fichiers
from .fiches import entete_turtle, fichiers_des_fiches
from .inferer import inferer
from .source import lire_fiches
from .valider import valider


def _build(args: argparse.Namespace) -> int:
    projet = Projet(args.racine)
    construction = publier(projet, args.sortie)
    sortie = args.sortie or projet.export
    print(f"Publication écrite dans {sortie} : {len(construction.publication)} triplets "
          f"dont {len(construction.deductions)} déduits ; conforme aux formes SHACL.")
    return SORTIE_OK


def _validate(args: argparse.Namespace) -> int:
    projet = Projet(args.racine)
    fichiers = args.fichiers or [projet.export / "cartographie.ttl"]
    donnees, origines = charger_donnees(fichiers)
    if (None, RDF.type, OWL.Ontology) not in donnees:
        donnees += charger([projet.ontologie])
    donnees += inferer(donnees, donnees, projet.regles)
    violations = valider(donnees, charger([projet.formes]), origines)
    if violations:
        for violation in violations:
            print(violation.en_texte())
        print(f"\n{len(violations)} violation(s).")
        return SORTIE_NON_CONFORME
    print(f"Conforme : {len(donnees)} triplets validés.")
    return SORTIE_OK


def _extraire(args: argparse.Namespace) -> int:
    projet = Projet(args.racine)
    nomenclature = charger([projet.donnees / "nomenclature.ttl"])
    graphes = fichiers_des_fiches(lire_fiches(args.source), nomenclature)
    publier_fichiers(projet.donnees / "fiches", {
        nom: entete_turtle() + en_turtle(graphe) for nom, graphe in graphes.items()
    })
    print(f"{len(graphes)} fichiers écrits dans {projet.donnees / 'fiches'}.")
    return SORTIE_OK


def analyseur() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cartographie",
        description="Base de connaissances de la cartographie des métiers de l'Assistance.",
    )
    parser.add_argument("--racine", type=Path, default=Projet().racine,
                        help="dossier du projet (ontologie/, donnees/, shapes/, requetes/)")
    commandes = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    build = commandes.add_parser("build", help="construit, valide et écrit la publication")
    build.add_argument("--sortie", type=Path, help="dossier de sortie (défaut : export/)")
    build.set_defaults(action=_build)

    validate = commandes.add_parser("validate", help="valide des fichiers RDF avec les formes SHACL")
    validate.add_argument("fichiers", nargs="*", type=Path,
                          help="fichiers ou dossiers (défaut : export/cartographie.ttl)")
    validate.set_defaults(action=_validate)

    extraire = commandes.add_parser(
        "extraire", help="relit les fiches Métiers dans le texte source et écrit donnees/fiches/*.ttl")
    extraire.add_argument("--source", type=Path, default=SOURCE, help="texte extrait du PDF de 2009")
    extraire.set_defaults(action=_extraire)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = analyseur().parse_args(argv)
    try:
        return int(args.action(args))
    except ErreurCartographie as e:
        print(f"Erreur : {e.message}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
