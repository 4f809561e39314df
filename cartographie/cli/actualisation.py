"""Commandes de l'actualisation : trouver (le métier d'un intitulé d'emploi), modele-actualisation (le fichier
à remplir par une société), actualiser (l'import de ses effectifs), evolution (entre deux dates)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cartographie.cli.commun import afficher, moteur_de, options_distantes, options_format, projet
from cartographie.erreurs import SORTIE_OK

if TYPE_CHECKING:
    from cartographie.actualisation.actualiser import Bilan


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


def _modele(args: argparse.Namespace) -> int:
    from cartographie.actualisation.modele import ecrire_modele

    feuilles = ecrire_modele(projet(args), moteur_de(args), args.out, args.societe)
    print(f"Modèle écrit dans {args.out} (feuille(s) : {', '.join(feuilles)}).")
    return SORTIE_OK


def _actualiser(args: argparse.Namespace) -> int:
    from cartographie.actualisation.actualiser import actualiser

    bilan = actualiser(projet(args), moteur_de(args), args.fichiers, args.sortie, args.remplacer)
    _afficher_bilan(bilan)
    return SORTIE_OK


def _afficher_bilan(bilan: Bilan) -> None:
    origines: dict[str, int] = {}
    for a in bilan.affectations:
        origines[a.origine] = origines.get(a.origine, 0) + 1
    print(f"{len(bilan.affectations)} ligne(s) : " + ", ".join(f"{n} par {o}" if o != "à affecter" else f"{n} à affecter"
                                                              for o, n in sorted(origines.items())))
    for a in bilan.affectations:
        if a.code is None:
            candidats = " ; ".join(f"{c.code} {c.metier} ({c.score:.2f}, « {c.libelle} »)" for c in a.candidats)
            print(f"  à affecter : {a.ligne.lieu} « {a.ligne.intitule} » ({a.ligne.effectif}) — candidats : {candidats}")
    for chemin in bilan.ecrits:
        print(f"écrit : {chemin}")
    if not bilan.ecrits:
        print("Aucun changement : ces déclarations sont déjà importées.")


def _evolution(args: argparse.Namespace) -> int:
    from cartographie.rapports.evolution import ecrire_graphiques, evolution

    resultat = evolution(projet(args), moteur_de(args), args.de, args.a)
    afficher(resultat, args.format)
    if args.svg:
        for chemin in ecrire_graphiques(resultat, args.de, args.a, args.svg):
            print(f"graphique : {chemin}", file=sys.stderr)
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    distant, formats = options_distantes(), options_format()

    trouver_ = commandes.add_parser("trouver", parents=[distant, formats],
                                    help="les métiers les plus proches d'un intitulé d'emploi, avec leur score")
    trouver_.add_argument("intitule", help="l'intitulé d'emploi, tel qu'écrit (ex. « hôtesse d'accueil »)")
    trouver_.add_argument("--nombre", type=int, default=3, metavar="N", help="nombre de métiers affichés (défaut : 3)")
    trouver_.set_defaults(action=_trouver)

    modele = commandes.add_parser("modele-actualisation", parents=[distant],
                                  help="le fichier qu'une société remplit pour déclarer ses effectifs")
    modele.add_argument("--out", type=Path, required=True, metavar="FICHIER", help="fichier .xlsx (trois feuilles) ou .csv")
    modele.add_argument("--societe", metavar="NOM", help="société dont les correspondances connues remplissent la 3e feuille")
    modele.set_defaults(action=_modele)

    actualiser_ = commandes.add_parser("actualiser", parents=[distant],
                                       help="importe les effectifs déclarés par les sociétés (XLSX, ODS, CSV)")
    actualiser_.add_argument("fichiers", nargs="+", type=Path, metavar="FICHIER")
    actualiser_.add_argument("--sortie", type=Path, metavar="DOSSIER",
                             help="dossier de données à mettre à jour (défaut : donnees/ du projet)")
    actualiser_.add_argument("--remplacer", action="store_true",
                             help="remplace une déclaration déjà importée de la même société à la même date")
    actualiser_.set_defaults(action=_actualiser)

    evolution_ = commandes.add_parser("evolution", parents=[distant, formats],
                                      help="effectifs par métier, famille et groupe à deux dates : écart, %%, apparus, disparus")
    evolution_.add_argument("--de", required=True, metavar="AAAA-MM-JJ", help="première date (ex. 2007-07-01)")
    evolution_.add_argument("--a", required=True, metavar="AAAA-MM-JJ", help="seconde date (ex. 2008-07-01)")
    evolution_.add_argument("--svg", type=Path, metavar="DOSSIER", help="écrit un graphique SVG par famille dans DOSSIER")
    evolution_.set_defaults(action=_evolution)
