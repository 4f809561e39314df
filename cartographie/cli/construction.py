"""Commandes de construction : build, validate, extraire."""

from __future__ import annotations

import argparse
from pathlib import Path

from cartographie.cli.commun import option_projet, projet
from cartographie.erreurs import SORTIE_NON_CONFORME, SORTIE_OK

# Les bibliothèques de construction (pySHACL, owlrl, rdflib) s'importent dans chaque commande : les
# commandes de lecture, qui n'en ont pas besoin, démarrent sans elles (voir docs/performances.md).


def _build(args: argparse.Namespace) -> int:
    from cartographie.construction.construire import publier

    construction = publier(projet(args), args.sortie, moteur=args.moteur)
    sortie = args.sortie or projet(args).export
    print(f"Publication écrite dans {sortie} : {len(construction.publication)} triplets "
          f"dont {len(construction.deductions)} déduits ; conforme aux formes SHACL.")
    return SORTIE_OK


def _validate(args: argparse.Namespace) -> int:
    from cartographie.construction.verifier import valider_fichiers

    p = projet(args)
    nombre, violations = valider_fichiers(p, args.fichiers or [p.export / "cartographie.ttl"], args.moteur)
    if violations:
        for violation in violations:
            print(violation.en_texte())
        print(f"\n{len(violations)} violation(s).")
        return SORTIE_NON_CONFORME
    print(f"Conforme : {nombre} triplets validés.")
    return SORTIE_OK


def _extraire(args: argparse.Namespace) -> int:
    from cartographie.sources.fiches2009 import extraire

    p = projet(args)
    graphes = extraire(p, args.source)
    print(f"{len(graphes)} fichiers écrits dans {p.donnees / 'fiches'}.")
    return SORTIE_OK


def _option_moteur(commande: argparse.ArgumentParser) -> None:
    # Les noms seuls : importer construire.py tirerait rdflib dans toutes les commandes.
    commande.add_argument("--moteur", choices=("rudof", "pyshacl"), default="rudof",
                          help="moteur SHACL : rudof (défaut, Rust) ou pyshacl, la référence, aux mêmes verdicts")


def ajouter(commandes: argparse._SubParsersAction) -> None:
    build = commandes.add_parser("build", parents=[option_projet()], help="construit, valide et écrit la publication")
    build.add_argument("--sortie", type=Path, help="dossier de sortie (défaut : export/)")
    _option_moteur(build)
    build.set_defaults(action=_build)

    validate = commandes.add_parser("validate", help="valide des fichiers RDF avec les formes SHACL")
    validate.add_argument("fichiers", nargs="*", type=Path,
                          help="fichiers ou dossiers (défaut : export/cartographie.ttl)")
    _option_moteur(validate)
    validate.set_defaults(action=_validate)

    extraire_ = commandes.add_parser(
        "extraire", help="relit les fiches Métiers dans le texte source et écrit donnees/fiches/*.ttl")
    extraire_.add_argument("--source", type=Path, help="texte extrait du PDF de 2009 (défaut : celui de donnees/sources/)")
    extraire_.set_defaults(action=_extraire)
