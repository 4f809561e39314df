"""Interface en ligne de commande `cartographie`.

Codes de sortie : 0 succès ; 1 données non conformes (SHACL, contrôles qualité) ; 2 entrée
invalide (fichier illisible, paramètre inconnu, service injoignable). Les erreurs connues
s'affichent en français, sans trace de pile.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rdflib.namespace import OWL, RDF

from .alignements import correspondances
from .aligner import (
    appellations_rome,
    candidats,
    comparer_signaux,
    contenus_rome,
    en_sssom,
    intitules_des_metiers,
    mots,
    precision,
    reclasser,
)
from .charger import charger
from .construire import Projet, charger_donnees, lire_extrait, publier
from .erreurs import SORTIE_NON_CONFORME, SORTIE_OK, ErreurCartographie, ErreurEntree, ErreurValidation
from .espaces import ID, REFERENCE, SOURCE
from .exporter import en_ntriples, en_turtle, publier_fichiers
from .fiches import entete_turtle, fichiers_des_fiches
from .inferer import inferer
from .magasins import (
    DELAI_REQUETE,
    GRAPHE_PUBLICATION,
    LIMITE_LIGNES,
    Distant,
    Isole,
    Moteur,
    publier_graphe,
)
from .rapports import (
    accessibles,
    effectifs_a_la_francaise,
    fiche_en_json,
    fiche_en_texte,
    plus_courts_chemins,
    rapprochement,
    structure_fiche,
)
from .referentiels import extrait, importer_rncp, importer_rome, void
from .requetes import Requete, catalogue, lier, lire_requete, verifier_codes, verifier_lecture_seule
from .resultats import FORMATS, Resultat, en_table
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
    # Les fiches ROME visées par les alignements sont dans l'extrait des référentiels publié à côté.
    donnees += lire_extrait(projet.export / "referentiels.nt")[1]
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


def _publies(projet: Projet) -> list[Path]:
    """Les fichiers N-Triples de la publication : les données, et l'extrait des référentiels s'il existe."""
    referentiels = projet.export / "referentiels.nt"
    return [projet.export / "cartographie.nt", *([referentiels] if referentiels.exists() else [])]


def _moteur(args: argparse.Namespace) -> Moteur:
    if args.endpoint:
        return Distant(args.endpoint, args.graph, args.delai, args.limite)
    return Isole(_publies(Projet(args.racine)), args.delai, args.limite)


def _parametres(valeurs: list[str]) -> dict[str, str]:
    parametres = {}
    for valeur in valeurs:
        nom, egal, contenu = valeur.partition("=")
        if not egal or not nom:
            raise ErreurEntree(f"paramètre « {valeur} » : la forme attendue est NOM=VALEUR (ex. metier=0102).")
        parametres[nom.strip()] = contenu.strip()
    return parametres


def _executer(args: argparse.Namespace, nom: str, parametres: dict[str, str]) -> tuple[Requete, Resultat]:
    projet = Projet(args.racine)
    candidat = Path(nom)
    if candidat.suffix == ".rq" and candidat.exists():
        requete = lire_requete(candidat)
        verifier_lecture_seule(requete.texte, str(candidat))
    else:
        requetes = catalogue(projet.requetes)
        if nom not in requetes:
            proches = difflib.get_close_matches(nom, list(requetes), n=3)
            conseil = f" ; vouliez-vous dire : {', '.join(proches)} ?" if proches else ""
            raise ErreurEntree(f"requête inconnue « {nom} »{conseil} (liste : cartographie requetes).")
        requete = requetes[nom]
    moteur = _moteur(args)
    verifier_codes(moteur, requete, parametres)
    return requete, moteur.select(lier(requete, parametres))


def _sortie(resultat: Resultat, format_: str) -> None:
    sys.stdout.write(FORMATS[format_](resultat))


def _requetes(args: argparse.Namespace) -> int:
    for requete in catalogue(Projet(args.racine).requetes).values():
        parametres = " ".join(f"--param {p.nom}=…" for p in requete.parametres)
        print(f"{requete.nom:<24} {requete.titre}")
        if parametres:
            print(f"{'':<24} {parametres}")
    return SORTIE_OK


def _query(args: argparse.Namespace) -> int:
    requete, resultat = _executer(args, args.nom, _parametres(args.param))
    _sortie(resultat, args.format)
    if requete.nom == "effectifs" and args.format in ("table", "md"):
        _rapprochement(resultat, args.format)
    return SORTIE_OK


def _rapprochement(effectifs: Resultat, format_: str) -> None:
    titre = "Rapprochement avec le tableau I.4 imprimé"
    print(f"\n**{titre}**\n" if format_ == "md" else f"\n{titre}\n")
    _sortie(rapprochement(effectifs, SOURCE.read_text(encoding="utf-8").splitlines()), format_)


def _effectifs(args: argparse.Namespace) -> int:
    _, resultat = _executer(args, "effectifs", {})
    _sortie(effectifs_a_la_francaise(resultat), args.format)
    _rapprochement(resultat, args.format)
    return SORTIE_OK


def _fiche(args: argparse.Namespace) -> int:
    _, resultat = _executer(args, "fiche", {"metier": args.code})
    fiche = structure_fiche(resultat)
    if args.format == "json":
        sys.stdout.write(fiche_en_json(args.code, fiche))
    else:
        sys.stdout.write(fiche_en_texte(args.code, fiche, markdown=args.format == "md"))
    return SORTIE_OK


def _mobilites(args: argparse.Namespace) -> int:
    _, directes = _executer(args, "mobilites", {"metier": args.code})
    _sortie(directes, args.format)
    moteur = _moteur(args)
    aretes = moteur.select(lier(catalogue(Projet(args.racine).requetes)["mobilites-aretes"], {}))
    depart = f"{ID}metier-{args.code}"
    print(f"\nMétiers accessibles en au plus {args.pas} évolution(s)\n")
    _sortie(accessibles(aretes, depart, args.pas), args.format)
    if args.vers:
        verifier_codes(moteur, catalogue(Projet(args.racine).requetes)["fiche"], {"metier": args.vers})
        print(f"\nChemins les plus courts de {args.code} à {args.vers}\n")
        _sortie(plus_courts_chemins(aretes, depart, f"{ID}metier-{args.vers}"), args.format)
    return SORTIE_OK


def _qualite(args: argparse.Namespace) -> int:
    moteur = _moteur(args)
    echecs = 0
    for requete in catalogue(Projet(args.racine).requetes / "qualite").values():
        resultat = moteur.select(requete.texte)
        etat = "ok" if not resultat.lignes else f"ÉCHEC ({len(resultat.lignes)} ligne(s))"
        print(f"{etat:<22} {requete.nom} : {requete.titre}")
        if resultat.lignes:
            echecs += 1
            sys.stdout.write(en_table(resultat))
    print(f"\n{echecs} contrôle(s) en échec." if echecs else "\nTous les contrôles qualité passent.")
    return SORTIE_NON_CONFORME if echecs else SORTIE_OK


def _publier(args: argparse.Namespace) -> int:
    fichiers = args.fichier or _publies(Projet(args.racine))
    for fichier in fichiers:
        if not fichier.exists():
            raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie build`.")
    graphe = args.graph or GRAPHE_PUBLICATION
    publier_graphe(args.endpoint, fichiers, graphe)
    print(f"{', '.join(str(f) for f in fichiers)} publié(s) dans le graphe <{graphe}> de {args.endpoint}.")
    return SORTIE_OK


def _importer(args: argparse.Namespace) -> int:
    if args.referentiel == "rome":
        bilan = importer_rome(args.dossier, args.sortie)
    else:
        certifinfo = args.certifinfo / "certif_info.csv" if args.certifinfo else None
        bilan = importer_rncp(args.dossier, certifinfo, args.sortie)
    publier_fichiers(args.sortie, {bilan.fichier.with_suffix(".void.ttl").name: void(bilan)})
    entites = ", ".join(f"{n} {c.rsplit('#', 1)[-1]}" for c, n in sorted(bilan.classes.items()))
    print(f"{bilan.referentiel} {bilan.version} : {bilan.triplets} triplets dans {bilan.fichier} ({entites}).")
    return SORTIE_OK


def _extraire_referentiels(args: argparse.Namespace) -> int:
    projet = Projet(args.racine)
    fiches = sorted({objet for _, objet in correspondances(projet.donnees / "alignements")})
    imports = sorted(args.imports.glob("*.nt"))
    if not imports:
        raise ErreurEntree(f"{args.imports} : aucun import ; lancez d'abord `cartographie importer rome` et `… rncp`.")
    requete = (projet.requetes / "referentiels" / "extrait.rq").read_text(encoding="utf-8")
    graphe = extrait(imports, fiches, requete)
    violations = valider(graphe + charger([projet.ontologie]), charger([projet.formes]))
    if violations:
        raise ErreurValidation("extrait non conforme, rien n'a été écrit :\n" + "\n".join(v.en_texte() for v in violations))
    publier_fichiers(projet.extrait.parent, {projet.extrait.name: en_ntriples(graphe)})
    print(f"{len(graphe)} triplets pour {len(fiches)} fiches ROME alignées dans {projet.donnees / 'referentiels'}.")
    return SORTIE_OK


def _aligner(args: argparse.Namespace) -> int:
    projet = Projet(args.racine)
    version, libelles, index = appellations_rome(args.rome)
    moteur = Isole(_publies(projet))
    metiers = intitules_des_metiers(moteur.select(lier(catalogue(projet.requetes)["intitules-metiers"], {})))
    lexicaux = candidats(metiers, libelles, index, par_metier=args.par_metier, seuil=args.seuil)
    textes: dict[str, Counter[str]] = {}
    for ligne in moteur.select(lier(catalogue(projet.requetes)["textes-fiches"], {})).lignes:
        textes.setdefault(ligne["code"].valeur, Counter()).update(mots(ligne["texte"].valeur))
    sacs = contenus_rome(args.rome)
    trouves = reclasser(lexicaux, textes, sacs)
    jour = date.today().isoformat()
    publier_fichiers(args.sortie.parent, {args.sortie.name: en_sssom(trouves, version, jour)})
    print(f"{len(trouves)} candidats pour {len({c.code_metier for c in trouves})} métiers dans {args.sortie}.")
    revus: dict[str, set[str]] = {}
    for sujet, objet in correspondances(projet.donnees / "alignements"):
        code = sujet.rsplit("metier-", 1)[-1]
        if re.fullmatch(r"\d{4}", code):
            revus.setdefault(code, set()).add(objet.rsplit("/", 1)[-1])
    justes, relus = precision(trouves, revus)
    if relus:
        print(f"Précision du premier candidat sur les métiers relus : {justes}/{relus} "
              f"({100 * justes / relus:.0f} %) ; {len([c for c in revus if revus[c]]) - relus} métier(s) relu(s) "
              "sans candidat au-dessus du seuil.")
    print("Métiers à fiche détaillée relus, premier candidat juste selon le signal :")
    for methode, (bons, total) in comparer_signaux(lexicaux, textes, sacs, revus).items():
        print(f"  {methode:<22} {bons}/{total}")
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

    distant = argparse.ArgumentParser(add_help=False)
    distant.add_argument("--endpoint", metavar="URL", help="point d'accès SPARQL 1.1 (défaut : magasin embarqué)")
    distant.add_argument("--graph", metavar="IRI", help="graphe nommé à interroger sur le serveur")
    distant.add_argument("--delai", type=float, default=DELAI_REQUETE, metavar="S",
                         help=f"durée maximale d'une requête en secondes (défaut : {DELAI_REQUETE:g})")
    distant.add_argument("--limite", type=int, default=LIMITE_LIGNES, metavar="N",
                         help=f"nombre maximal de lignes lues (défaut : {LIMITE_LIGNES})")
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=sorted(FORMATS), default="table", help="format de sortie")

    requetes = commandes.add_parser("requetes", help="liste les requêtes du catalogue")
    requetes.set_defaults(action=_requetes)

    query = commandes.add_parser("query", parents=[distant, formats], help="exécute une requête du catalogue")
    query.add_argument("nom", help="nom d'une requête du catalogue, ou chemin d'un fichier .rq (lecture seule)")
    query.add_argument("--param", action="append", default=[], metavar="NOM=VALEUR", help="paramètre")
    query.set_defaults(action=_query)

    effectifs = commandes.add_parser("effectifs", parents=[distant, formats],
                                     help="tableau I.4 recalculé et rapproché du tableau imprimé")
    effectifs.set_defaults(action=_effectifs)

    fiche = commandes.add_parser("fiche", parents=[distant], help="affiche la fiche d'un métier")
    fiche.add_argument("code", help="code du métier (ex. 0102)")
    fiche.add_argument("--format", choices=["texte", "json", "md"], default="texte")
    fiche.set_defaults(action=_fiche)

    mobilites = commandes.add_parser("mobilites", parents=[distant, formats],
                                     help="évolutions d'un métier, accessibles en N pas, plus courts chemins")
    mobilites.add_argument("code", help="code du métier de départ")
    mobilites.add_argument("--pas", type=int, default=2, help="nombre maximal d'évolutions (défaut : 2)")
    mobilites.add_argument("--vers", metavar="CODE", help="métier d'arrivée pour les plus courts chemins")
    mobilites.set_defaults(action=_mobilites)

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

    importer = commandes.add_parser("importer", help="convertit un export ROME ou RNCP officiel en RDF")
    importer.add_argument("referentiel", choices=["rome", "rncp"])
    importer.add_argument("dossier", type=Path, nargs="?", help="dossier de l'export (défaut : ../shared/reference/…)")
    importer.add_argument("--certifinfo", type=Path, help="dossier de l'extrait Certif Info (titres et niveaux RNCP)")
    importer.add_argument("--sortie", type=Path, default=Projet().racine / "build" / "referentiels",
                          help="dossier de sortie (défaut : build/referentiels/)")
    importer.set_defaults(action=_importer)

    aligner = commandes.add_parser("aligner", help="candidats d'alignement des métiers sur les appellations ROME")
    aligner.add_argument("--rome", type=Path, default=REFERENCE / "rome-france-travail", help="dossier de l'export ROME")
    aligner.add_argument("--sortie", type=Path, default=Projet().racine / "build" / "alignement" / "candidats-rome.sssom.tsv")
    aligner.add_argument("--par-metier", type=int, default=5, help="candidats gardés par métier (défaut : 5)")
    aligner.add_argument("--seuil", type=float, default=75, help="score minimal de 0 à 100 (défaut : 75)")
    aligner.set_defaults(action=_aligner)

    extraire_ref = commandes.add_parser(
        "extraire-referentiels", help="écrit donnees/referentiels/ : l'extrait ROME/RNCP lié aux alignements")
    extraire_ref.add_argument("--imports", type=Path, default=Projet().racine / "build" / "referentiels",
                              help="dossier des imports (défaut : build/referentiels/)")
    extraire_ref.set_defaults(action=_extraire_referentiels)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = analyseur().parse_args(argv)
    if getattr(args, "action", None) is _importer:
        args.dossier = args.dossier or REFERENCE / ("rome-france-travail" if args.referentiel == "rome"
                                                    else "rncp-france-competences")
        if args.referentiel == "rncp" and args.certifinfo is None and (REFERENCE / "certifinfo-carif-oref").is_dir():
            args.certifinfo = REFERENCE / "certifinfo-carif-oref"
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
