"""Commandes de l'actualisation : trouver (le métier d'un intitulé d'emploi)."""

from __future__ import annotations

import argparse

from cartographie.cli.commun import afficher, moteur_de, options_distantes, options_format, projet
from cartographie.erreurs import SORTIE_OK


def _trouver(args: argparse.Namespace) -> int:
    # rapidfuzz seulement pour cette commande : les autres commandes de lecture démarrent sans lui.
    from cartographie.actualisation.correspondance import en_resultat, trouver

    reponse = trouver(projet(args), moteur_de(args), args.intitule, args.nombre)
    if args.format in ("table", "md"):
        retenu = reponse.attribue
        print(f"« {args.intitule} » → " + (f"{retenu.code} {retenu.metier}" if retenu else
                                            "à affecter (score trop faible ou trop proche du suivant)"))
    afficher(en_resultat(reponse), args.format)
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    commande = commandes.add_parser("trouver", parents=[options_distantes(), options_format()],
                                    help="les métiers les plus proches d'un intitulé d'emploi, avec leur score")
    commande.add_argument("intitule", help="l'intitulé d'emploi, tel qu'écrit (ex. « hôtesse d'accueil »)")
    commande.add_argument("--nombre", type=int, default=3, metavar="N", help="nombre de métiers affichés (défaut : 3)")
    commande.set_defaults(action=_trouver)
