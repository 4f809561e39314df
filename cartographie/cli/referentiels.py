"""Commandes des référentiels : importer, aligner, aligner-esco, precision, extraire-referentiels.

Les exports officiels ne sont pas dans le dépôt : l'utilisateur donne le dossier où il les a
téléchargés ; sans lui, le message dit quel export télécharger et où.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cartographie.cli.commun import afficher, options_format, projet
from cartographie.erreurs import SORTIE_OK
from cartographie.sparql.resultats import Resultat, Terme

# Imports dans chaque commande, comme dans construction.py : les commandes de lecture démarrent sans eux.


def _importer(args: argparse.Namespace) -> int:
    from cartographie.sources.importer import importer

    sortie = args.sortie or projet(args).construction / "referentiels"
    bilan = importer(args.referentiel, args.dossier, sortie, args.certifinfo)
    entites = ", ".join(f"{n} {c.rsplit('#', 1)[-1]}" for c, n in sorted(bilan.classes.items()))
    print(f"{bilan.referentiel} {bilan.version} : {bilan.triplets} triplets dans {bilan.fichier} ({entites}).")
    return SORTIE_OK


def _extraire_referentiels(args: argparse.Namespace) -> int:
    from cartographie.sources.extrait import extraire_referentiels

    p = projet(args)
    graphe, fiches = extraire_referentiels(p, args.imports or p.construction / "referentiels")
    print(f"{len(graphe)} triplets pour {fiches} fiches ROME alignées dans {p.extrait.parent}.")
    return SORTIE_OK


def _aligner(args: argparse.Namespace) -> int:
    from cartographie.alignement.pipeline import aligner

    resultat = aligner(projet(args), args.rome, args.sortie, args.par_metier, args.seuil)
    print(f"{len(resultat.candidats)} candidats pour {len({c.code_metier for c in resultat.candidats})} métiers "
          f"dans {resultat.sortie} ; précision : `cartographie precision`.")
    print("Métiers de réglage à fiche détaillée, premier candidat juste selon le signal :")
    for methode, (bons, total) in resultat.signaux.items():
        print(f"  {methode:<22} {bons}/{total}")
    return SORTIE_OK


def _aligner_esco(args: argparse.Namespace) -> int:
    from cartographie.alignement.esco import aligner_esco

    candidats, sortie = aligner_esco(projet(args), args.rome, args.table, args.sortie)
    print(f"{len(candidats)} correspondances ESCO candidates pour {len({c.sujet for c in candidats})} métiers "
          f"dans {sortie} ; la table relue est donnees/alignements/esco.sssom.tsv.")
    return SORTIE_OK


def _precision(args: argparse.Namespace) -> int:
    from cartographie.alignement.pipeline import mesurer_precision

    lignes = [ligne.en_ligne() for ligne in mesurer_precision(projet(args), args.candidats)]
    variables = list(lignes[0])
    afficher(Resultat(variables, [{v: Terme("literal", ligne[v]) for v in variables} for ligne in lignes]), args.format)
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    importer_ = commandes.add_parser("importer", help="convertit un export ROME, RNCP ou ESCO officiel en RDF")
    importer_.add_argument("referentiel", choices=["rome", "rncp", "esco"])
    importer_.add_argument("dossier", type=Path, nargs="?", help="dossier de l'export officiel téléchargé")
    importer_.add_argument("--certifinfo", type=Path, help="dossier de l'extrait Certif Info (titres et niveaux RNCP)")
    importer_.add_argument("--sortie", type=Path, help="dossier de sortie (défaut : build/referentiels/)")
    importer_.set_defaults(action=_importer)

    aligner_ = commandes.add_parser("aligner", help="candidats d'alignement des métiers sur les appellations ROME")
    aligner_.add_argument("--rome", type=Path, help="dossier de l'export ROME 4.0 téléchargé")
    aligner_.add_argument("--sortie", type=Path,
                          help="table SSSOM écrite (défaut : donnees/alignements/candidats/rome.sssom.tsv)")
    aligner_.add_argument("--par-metier", type=int, default=5, help="candidats gardés par métier (défaut : 5)")
    aligner_.add_argument("--seuil", type=float, default=75, help="score minimal de 0 à 100 (défaut : 75)")
    aligner_.set_defaults(action=_aligner)

    esco = commandes.add_parser(
        "aligner-esco", help="candidats ESCO par chaînage : alignement ROME relu, puis table ROME ↔ ESCO")
    esco.add_argument("--rome", type=Path, help="dossier de l'export ROME 4.0 téléchargé")
    esco.add_argument("--table", type=Path, help="dossier de la table ROME ↔ ESCO (*mapping_esco_rome*.csv)")
    esco.add_argument("--sortie", type=Path, help="table SSSOM écrite (défaut : donnees/alignements/candidats/esco.sssom.tsv)")
    esco.set_defaults(action=_aligner_esco)

    precision_ = commandes.add_parser(
        "precision", parents=[options_format()],
        help="précision du premier candidat contre l'alignement relu, sur les métiers non vus au réglage")
    precision_.add_argument("--candidats", type=Path, help="table SSSOM des candidats (défaut : celle de donnees/)")
    precision_.set_defaults(action=_precision)

    extraire_ref = commandes.add_parser(
        "extraire-referentiels", help="écrit donnees/referentiels/ : l'extrait ROME/RNCP lié aux alignements")
    extraire_ref.add_argument("--imports", type=Path, help="dossier des imports (défaut : build/referentiels/)")
    extraire_ref.set_defaults(action=_extraire_referentiels)
