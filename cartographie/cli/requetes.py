"""Commandes d'interrogation : requetes, query, effectifs, fiche, mobilites, qualite, publier."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cartographie.cli.commun import afficher, afficher_parties, moteur_de, options_distantes, options_format, projet
from cartographie.erreurs import SORTIE_NON_CONFORME, SORTIE_OK, ErreurEntree
from cartographie.rapports.effectifs import rapport_effectifs
from cartographie.rapports.fiche import fiche_en_json, fiche_en_texte, structure_fiche
from cartographie.sparql.catalogue import NOMENCLATURE, catalogue, controles_qualite, executer
from cartographie.sparql.distant import GRAPHE_PUBLICATION, publier_graphe
from cartographie.sparql.resultats import FORMATS_MACHINE, en_table


def _parametres(valeurs: list[str]) -> dict[str, str]:
    parametres = {}
    for valeur in valeurs:
        nom, egal, contenu = valeur.partition("=")
        if not egal or not nom:
            raise ErreurEntree(f"paramètre « {valeur} » : la forme attendue est NOM=VALEUR (ex. metier=1203).")
        parametres[nom.strip()] = contenu.strip()
    return parametres


def _requetes(args: argparse.Namespace) -> int:
    for requete in catalogue(projet(args).requetes).values():
        parametres = " ".join(f"[--param {p.nom}=…]" if p.facultatif else f"--param {p.nom}=…" for p in requete.parametres)
        print(f"{requete.nom:<24} {requete.titre}")
        if parametres:
            print(f"{'':<24} {parametres}")
    return SORTIE_OK


def _query(args: argparse.Namespace) -> int:
    afficher(executer(projet(args), moteur_de(args), args.nom, _parametres(args.param)), args.format)
    return SORTIE_OK


def _effectifs(args: argparse.Namespace) -> int:
    afficher_parties(rapport_effectifs(projet(args), moteur_de(args), args.format in FORMATS_MACHINE, args.rapprochement),
                     args.format)
    return SORTIE_OK


def _fiche(args: argparse.Namespace) -> int:
    valeurs = {"metier": args.code, **({NOMENCLATURE: args.nomenclature} if args.nomenclature else {})}
    # Le code est nommé comme la commande l'écrit (« fiche : le métier … »), non comme le paramètre de la requête.
    noms = {NOMENCLATURE: "--nomenclature", "metier": "fiche"}
    fiche = structure_fiche(executer(projet(args), moteur_de(args), "fiche", valeurs, noms))
    if args.format == "json":
        sys.stdout.write(fiche_en_json(args.code, fiche))
    else:
        sys.stdout.write(fiche_en_texte(args.code, fiche, markdown=args.format == "md"))
    return SORTIE_OK


def _mobilites(args: argparse.Namespace) -> int:
    from cartographie.rapports.mobilites import mobilites

    afficher_parties(mobilites(projet(args), moteur_de(args), args.code, args.pas, args.vers, args.nomenclature),
                     args.format)
    return SORTIE_OK


def _qualite(args: argparse.Namespace) -> int:
    echecs = 0
    for requete, resultat in controles_qualite(projet(args), moteur_de(args)):
        etat = "ok" if not resultat.lignes else f"ÉCHEC ({len(resultat.lignes)} ligne(s))"
        print(f"{etat:<22} {requete.nom} : {requete.titre}")
        if resultat.lignes:
            echecs += 1
            sys.stdout.write(en_table(resultat))
    print(f"\n{echecs} contrôle(s) en échec." if echecs else "\nTous les contrôles qualité passent.")
    return SORTIE_NON_CONFORME if echecs else SORTIE_OK


def _publier(args: argparse.Namespace) -> int:
    fichiers = args.fichier or projet(args).publies
    if not args.fichier and not fichiers[0].is_file():
        raise ErreurEntree(f"{fichiers[0]} : introuvable ; lancez d'abord `cartographie build`.")
    graphe = args.graph or GRAPHE_PUBLICATION
    publier_graphe(args.endpoint, fichiers, graphe)
    print(f"{', '.join(str(f) for f in fichiers)} publié(s) dans le graphe <{graphe}> de {args.endpoint}.")
    return SORTIE_OK


def ajouter(commandes: argparse._SubParsersAction) -> None:
    distant, formats = options_distantes(), options_format()

    requetes = commandes.add_parser("requetes", help="liste les requêtes du catalogue")
    requetes.set_defaults(action=_requetes)

    query = commandes.add_parser("query", parents=[distant, formats], help="exécute une requête du catalogue")
    query.add_argument("nom", help="nom d'une requête du catalogue, ou chemin d'un fichier .rq (lecture seule)")
    query.add_argument("--param", action="append", default=[], metavar="NOM=VALEUR", help="paramètre")
    query.set_defaults(action=_query)

    effectifs = commandes.add_parser("effectifs", parents=[distant, formats],
                                     help="tableau I.4 lu dans le graphe, chiffres calculés et imprimés côte à côte")
    effectifs.add_argument("--rapprochement", action="store_true",
                           help="seulement les chiffres imprimés (section I) qui diffèrent des chiffres calculés")
    effectifs.set_defaults(action=_effectifs)

    fiche = commandes.add_parser("fiche", parents=[distant], help="affiche la fiche d'un métier")
    fiche.add_argument("code", help="code du métier, quatre chiffres (ex. 1203)")
    fiche.add_argument("--format", choices=["texte", "json", "md"], default="texte")
    fiche.add_argument("--nomenclature", metavar="IRI",
                       help="nomenclature du métier, dans une base de plusieurs branches (voir docs/serveurs.md)")
    fiche.set_defaults(action=_fiche)

    mobilites_ = commandes.add_parser("mobilites", parents=[distant, formats],
                                      help="évolutions d'un métier, accessibles en N pas, plus courts chemins")
    mobilites_.add_argument("code", help="code du métier de départ")
    mobilites_.add_argument("--pas", type=int, default=2, help="nombre maximal d'évolutions (défaut : 2)")
    mobilites_.add_argument("--vers", metavar="CODE", help="métier d'arrivée pour les plus courts chemins")
    mobilites_.add_argument("--nomenclature", metavar="IRI",
                            help="nomenclature des métiers, dans une base de plusieurs branches (voir docs/serveurs.md)")
    mobilites_.set_defaults(action=_mobilites)

    qualite = commandes.add_parser("qualite", parents=[distant],
                                   help="contrôles SPARQL qui ne doivent renvoyer aucune ligne")
    qualite.set_defaults(action=_qualite)

    publier_ = commandes.add_parser("publier", help="charge la publication dans un serveur (Graph Store, PUT)")
    publier_.add_argument("--endpoint", required=True, metavar="URL",
                          help="point d'accès Graph Store (Oxigraph : http://hote:port/store)")
    publier_.add_argument("--graph", metavar="IRI", help=f"graphe nommé (défaut : {GRAPHE_PUBLICATION})")
    publier_.add_argument("--fichier", type=Path, action="append",
                          help="fichier à publier, répétable (défaut : export/cartographie.nt et export/referentiels.nt)")
    publier_.set_defaults(action=_publier)
