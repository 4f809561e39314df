"""Commandes du site : site (construit le site statique), serve (le sert avec ses IRI et /sparql)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from cartographie.cli.commun import option_projet, projet
from cartographie.erreurs import SORTIE_OK
from cartographie.sparql.moteurs import DELAI_REQUETE, LIMITE_LIGNES

PORT = 8000


def _port(texte: str) -> int:
    try:
        port = int(texte)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port invalide « {texte[:20]} » (un entier de 1 à 65535)") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port invalide {port} (un entier de 1 à 65535)")
    return port


def _site(args: argparse.Namespace) -> int:
    from cartographie.site.pages import construire_site

    p = projet(args)
    if args.publication is not None:
        p = replace(p, sortie=args.publication)
    sortie = args.out or p.construction / "site"
    bilan = construire_site(p, sortie)
    print(f"Site écrit dans {sortie} : {bilan.pages} pages, {bilan.fichiers} fichiers.")
    return SORTIE_OK


def _serve(args: argparse.Namespace) -> int:
    from cartographie.site.serveur import Configuration, serveur
    from cartographie.sparql.moteurs import verifier_bornes

    verifier_bornes(args.delai, args.limite)
    p = projet(args)
    dossier = args.site or p.construction / "site"
    http = serveur(Configuration(dossier, p.publies, args.delai, args.limite), args.port)
    print(f"Site et données servis sur http://127.0.0.1:{http.server_address[1]}/ (point d'accès SPARQL : /sparql). "
          "Ctrl-C pour arrêter.", flush=True)
    try:
        http.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        http.server_close()
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    site = commandes.add_parser("site", parents=[option_projet()],
                                help="construit le site statique (pages, recherche, IRI, vocabulaire)")
    site.add_argument("--out", type=Path, help="dossier du site (défaut : build/site)")
    site.add_argument("--publication", type=Path, metavar="DOSSIER",
                      help="la publication construite à lire (défaut : export/ du projet, ou le --sortie du build)")
    site.set_defaults(action=_site)

    serve = commandes.add_parser("serve", help="sert le site, ses IRI par négociation de contenu et /sparql sur 127.0.0.1")
    serve.add_argument("--port", type=_port, default=PORT, help=f"port d'écoute (défaut : {PORT})")
    serve.add_argument("--site", type=Path, help="dossier du site construit (défaut : build/site)")
    serve.add_argument("--delai", type=float, default=DELAI_REQUETE, metavar="S",
                       help=f"durée maximale d'une requête SPARQL en secondes (défaut : {DELAI_REQUETE:g})")
    serve.add_argument("--limite", type=int, default=LIMITE_LIGNES, metavar="N",
                       help=f"nombre maximal de lignes d'un résultat SPARQL (défaut : {LIMITE_LIGNES})")
    serve.set_defaults(action=_serve)
