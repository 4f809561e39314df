"""Commande de mesure : bench (à la main, pas dans les tests)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from cartographie.cli.commun import projet
from cartographie.erreurs import SORTIE_OK, ErreurEntree


def _echelles(texte: str) -> list[int]:
    try:
        echelles = [int(n) for n in texte.split(",") if n.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"« {texte} » : attendu des nombres de branches séparés par des virgules (ex. 1,10,100)") from None
    if any(n < 1 for n in echelles):
        raise argparse.ArgumentTypeError(f"« {texte} » : un nombre de branches est au moins 1")
    return echelles


def _bench(args: argparse.Namespace) -> int:
    from cartographie.bench.bench import bench, en_tableau, exposant, rapports_plancher

    if args.reference is not None and not args.reference.is_dir():
        raise ErreurEntree(f"{args.reference} : dossier introuvable (attendu : le dossier des exports officiels "
                           "rome-france-travail/, rncp-france-competences/, certifinfo-carif-oref/).")
    memoire = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    print(f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, {memoire:.0f} Gio, "
          f"Python {platform.python_version()} ; charge moyenne {os.getloadavg()[0]:.1f}", flush=True)
    configurations = bench(projet(args), args.echelle, args.repetitions, args.reference, args.serveur,
                           progression=lambda m: print(m, file=sys.stderr, flush=True))
    print()
    print(en_tableau(configurations))
    for nom, rapport in rapports_plancher(configurations[0]).items():
        print(f"{nom} / plancher : {rapport:.2f}".replace(".", ","))
    for c in configurations:
        if c.memoire_serveur_mio:
            print(f"Pic mémoire du serveur Oxigraph ({c.nom}) : {c.memoire_serveur_mio} Mio")
    if (e := exposant(configurations)) is not None:
        print(f"Exposant ajusté log(t100/t10)/log 10 : {e:.2f}".replace(".", ","))
    if args.json:
        args.json.write_text(json.dumps([c.en_json() for c in configurations], ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
        print(f"Mesures écrites dans {args.json}.")
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    bench = commandes.add_parser("bench", help="mesure chaque étape (médianes, pic mémoire), à l'échelle de N branches")
    bench.add_argument("--echelle", type=_echelles, default=[], metavar="N,N,…",
                       help="nombres de branches synthétiques à mesurer (ex. 1,10,100)")
    bench.add_argument("--repetitions", type=int, default=5, metavar="N", help="exécutions par étape (défaut : 5)")
    bench.add_argument("--json", type=Path, metavar="FICHIER", help="écrit les mesures en JSON")
    bench.add_argument("--reference", type=Path, metavar="DOSSIER",
                       help="exports officiels (ROME, RNCP, Certif Info) : ajoute l'import complet et l'alignement")
    bench.add_argument("--serveur", action="store_true",
                       help="publie aussi chaque jeu dans un serveur Oxigraph local et y pose le catalogue")
    bench.set_defaults(action=_bench)
