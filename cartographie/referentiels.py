"""Import des référentiels nationaux : ROME 4.0 (France Travail) et RNCP (France Compétences).

Les exports officiels sont lus en flux (module csv, une ligne à la fois) et écrits en N-Triples au
fil de l'eau, dans leurs propres fichiers, jamais dans `donnees/`. Les IRI figent la version du
référentiel (`…/ref/rome/v460/M1614`) : la v461 réattribue des codes. Un fichier qu'on ne reconnaît
pas (colonnes manquantes ou renommées, mauvais séparateur, mauvais encodage) est refusé avec un
message qui nomme le fichier et la ligne, plutôt que de produire un RDF vide.

Particularités publiées et traitées ici : apostrophes doublées (`d''un`) de `unix_texte` et de
`Codes_Rome_Libelle`, fins de ligne CRLF et séparateur `;` des fichiers RNCP, tabulation en tête de
`Siret_Certificateur`, fichier NAF en ISO-8859-15 malgré son nom (non importé : il ne sert pas ici).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from .erreurs import ErreurEntree
from .exporter import ecriture_atomique

REF = "https://w3id.org/metiers-assistance/ref/"
CMA = "https://w3id.org/metiers-assistance/def#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
EQF = "http://data.europa.eu/snb/eqf/"


def rome_iri(version: str, code: str) -> str:
    return f"{REF}rome/{version}/{code}"


def rome_v3_iri(code: str) -> str:
    return f"{REF}rome/v3/{code}"


def rncp_iri(numero: str) -> str:
    return f"{REF}rncp/{numero}"


def eqf_iri(niveau: int) -> str:
    return f"{EQF}{niveau}"


# Écriture N-Triples en flux --------------------------------------------------------------------

_ECHAPPEMENTS = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def litteral(texte: str, langue: str = "", datatype: str = "") -> str:
    echappe = "".join(_ECHAPPEMENTS.get(c, c if c >= " " else f"\\u{ord(c):04X}") for c in texte)
    if langue:
        return f'"{echappe}"@{langue}'
    if datatype:
        return f'"{echappe}"^^<{datatype}>'
    return f'"{echappe}"'


def iri(valeur: str) -> str:
    if re.search(r'[\s<>"{}|^`\\]', valeur):
        raise ErreurEntree(f"IRI invalide « {valeur} ».")
    return f"<{valeur}>"


@dataclass
class Ecrivain:
    """Écrit des triplets N-Triples au fil de l'eau et compte ce qu'il écrit (pour VoID)."""

    sortie: TextIO
    triplets: int = 0
    classes: Counter[str] = field(default_factory=Counter)

    def ecrire(self, sujet: str, predicat: str, objet: str) -> None:
        self.sortie.write(f"{iri(sujet)} {iri(predicat)} {objet} .\n")
        self.triplets += 1
        if predicat == RDF_TYPE:
            self.classes[objet[1:-1]] += 1

    def typer(self, sujet: str, classe: str) -> None:
        self.ecrire(sujet, RDF_TYPE, iri(classe))


# Lecture CSV contrôlée -------------------------------------------------------------------------

def doubles_apostrophes(texte: str) -> str:
    """« d''un » → « d'un » : l'échappement SQL resté dans les exports publiés."""
    return texte.replace("''", "'")


def _progression(nom: str, lignes: int, fin: bool = False) -> None:
    if sys.stderr.isatty() or fin:
        print(f"\r  {nom} : {lignes:,} lignes".replace(",", "\u202f"), end="\n" if fin else "",
              file=sys.stderr, flush=True)


def lire_csv(chemin: Path, colonnes: tuple[str, ...], separateur: str, encodage: str = "utf-8") -> Iterator[dict[str, str]]:
    """Les lignes de `chemin` comme dictionnaires, après contrôle de l'en-tête, du séparateur et de l'encodage."""
    if not chemin.exists():
        raise ErreurEntree(f"{chemin} : fichier introuvable.")
    with chemin.open(encoding=encodage, newline="") as f:
        lecteur = csv.reader(f, delimiter=separateur)
        try:
            entete = next(lecteur)
        except StopIteration:
            raise ErreurEntree(f"{chemin} : fichier vide.") from None
        except UnicodeDecodeError as e:
            raise ErreurEntree(f"{chemin}, ligne 1 : encodage invalide (attendu {encodage}) : {e.reason}.") from None
        entete = [c.strip().strip("\ufeff") for c in entete]
        if len(entete) == 1 and any(s in entete[0] for s in ",;\t" if s != separateur):
            trouve = next(s for s in ",;\t" if s in entete[0])
            raise ErreurEntree(f"{chemin}, ligne 1 : séparateur « {separateur} » attendu, le fichier utilise « {trouve} ».")
        manquantes = [c for c in colonnes if c not in entete]
        if manquantes:
            raise ErreurEntree(
                f"{chemin}, ligne 1 : colonne(s) {', '.join(manquantes)} absente(s) ; ce fichier n'est pas reconnu "
                f"(colonnes lues : {', '.join(entete[:12])})."
            )
        numero = 1
        try:
            for numero, valeurs in enumerate(lecteur, start=2):
                if not any(valeurs):
                    continue
                if len(valeurs) != len(entete):
                    raise ErreurEntree(f"{chemin}, ligne {lecteur.line_num} : {len(valeurs)} champs au lieu de {len(entete)}.")
                if numero % 5000 == 0:
                    _progression(chemin.name, numero)
                yield dict(zip(entete, valeurs, strict=True))
        except UnicodeDecodeError as e:
            raise ErreurEntree(
                f"{chemin}, vers la ligne {lecteur.line_num + 1} : encodage invalide (attendu {encodage}) : {e.reason}."
            ) from None
        except csv.Error as e:
            raise ErreurEntree(f"{chemin}, ligne {lecteur.line_num} : CSV invalide ({e}).") from None
        _progression(chemin.name, numero - 1, fin=True)


def fichier_versionne(dossier: Path, motif: str, quoi: str) -> tuple[Path, str]:
    """Le fichier de `dossier` qui répond à `motif` (le plus récent s'il y en a plusieurs) et la version
    que porte son nom (« v460 », « 2026_02_01 ») ; refuse un dossier qui n'est pas l'export attendu."""
    if not dossier.is_dir():
        raise ErreurEntree(f"{dossier} : dossier introuvable.")
    trouves = sorted(dossier.glob(motif))
    if not trouves:
        raise ErreurEntree(f"{dossier} : aucun fichier {motif} ; ce dossier n'est pas un export {quoi}.")
    m = re.search(r"_(v\d+)_utf8\.csv$|_(\d{4}_\d{2}_\d{2})\.csv$", trouves[-1].name)
    version = (m.group(1) or m.group(2)) if m else ""
    return trouves[-1], version


# ROME ---------------------------------------------------------------------------------------------

@dataclass
class Bilan:
    """Ce qu'un import a produit, pour VoID, le README et les tests."""

    referentiel: str
    version: str
    fichier: Path
    triplets: int
    classes: dict[str, int]
    sources: list[str]



def importer_rome(dossier: Path, sortie: Path) -> Bilan:
    """ROME 4.0 → SKOS : fiches (notation, libellé, définition, parent v3), appellations, mobilités."""
    fichier_codes, version = fichier_versionne(dossier, "unix_referentiel_code_rome_v*_utf8.csv", "ROME 4.0")
    chemin = {nom: dossier / f"unix_{nom}_{version}_utf8.csv"
              for nom in ("referentiel_appellation", "texte", "rubrique_mobilite")}
    schema, schema_v3 = f"{REF}rome/{version}", f"{REF}rome/v3"
    cible = sortie / f"rome-{version}.nt"
    with ecriture_atomique(cible) as f:
        e = Ecrivain(f)
        e.typer(schema, SKOS + "ConceptScheme")
        e.ecrire(schema, SKOS + "prefLabel", litteral(f"ROME 4.0 {version} (France Travail)", "fr"))
        e.ecrire(schema, "http://www.w3.org/2002/07/owl#versionInfo", litteral(version))
        e.typer(schema_v3, SKOS + "ConceptScheme")
        e.ecrire(schema_v3, SKOS + "prefLabel", litteral("ROME v3 : codes parents cités par le RNCP", "fr"))
        codes: set[str] = set()
        parents: set[str] = set()
        for ligne in lire_csv(fichier_codes, ("code_rome", "libelle_rome", "code_rome_parent"), ","):
            code, parent = ligne["code_rome"], ligne["code_rome_parent"]
            fiche = rome_iri(version, code)
            codes.add(code)
            e.typer(fiche, CMA + "FicheRome")
            e.ecrire(fiche, SKOS + "inScheme", iri(schema))
            e.ecrire(fiche, SKOS + "notation", litteral(code))
            e.ecrire(fiche, SKOS + "prefLabel", litteral(ligne["libelle_rome"], "fr"))
            e.ecrire(fiche, SKOS + "broader", iri(rome_v3_iri(parent)))
            if parent not in parents:
                parents.add(parent)
                e.typer(rome_v3_iri(parent), CMA + "CodeRomeV3")
                e.ecrire(rome_v3_iri(parent), SKOS + "inScheme", iri(schema_v3))
                e.ecrire(rome_v3_iri(parent), SKOS + "notation", litteral(parent))
        for ligne in lire_csv(chemin["referentiel_appellation"], ("code_ogr", "libelle_appellation_long", "code_rome",
                                                                   "classification"), ","):
            if ligne["code_rome"] not in codes:
                raise ErreurEntree(f"{chemin['referentiel_appellation']} : appellation {ligne['code_ogr']} "
                                   f"rattachée au code ROME inconnu {ligne['code_rome']}.")
            appellation = f"{schema}/appellation/{ligne['code_ogr']}"
            e.typer(appellation, CMA + "AppellationRome")
            e.ecrire(appellation, SKOS + "inScheme", iri(schema))
            e.ecrire(appellation, SKOS + "notation", litteral(ligne["code_ogr"]))
            e.ecrire(appellation, SKOS + "prefLabel", litteral(ligne["libelle_appellation_long"], "fr"))
            e.ecrire(appellation, SKOS + "broader", iri(rome_iri(version, ligne["code_rome"])))
            if ligne["classification"] == "PRINCIPALE":
                e.ecrire(appellation, RDF_TYPE, iri(CMA + "AppellationPrincipale"))
        definitions: dict[str, list[str]] = {}
        for ligne in lire_csv(chemin["texte"], ("code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"), ","):
            if ligne["libelle_type_texte"] == "definition":
                definitions.setdefault(ligne["code_rome"], []).append(doubles_apostrophes(ligne["libelle_texte"]))
        for code, phrases in sorted(definitions.items()):
            e.ecrire(rome_iri(version, code), SKOS + "definition", litteral(" ".join(phrases), "fr"))
        for ligne in lire_csv(chemin["rubrique_mobilite"], ("code_rome", "code_rome_cible", "numero_ordre"), ","):
            origine, destination = ligne["code_rome"], ligne["code_rome_cible"]
            mobilite = f"{schema}/mobilite/{origine}-{destination}"
            e.typer(mobilite, CMA + "MobiliteRome")
            e.ecrire(mobilite, CMA + "ficheOrigine", iri(rome_iri(version, origine)))
            e.ecrire(mobilite, CMA + "ficheCible", iri(rome_iri(version, destination)))
            e.ecrire(mobilite, SCHEMA + "position", litteral(ligne["numero_ordre"], datatype=XSD + "integer"))
    sources = [fichier_codes.name, *(p.name for p in chemin.values())]
    return Bilan("ROME 4.0", version, cible, e.triplets, dict(e.classes), sources)


# RNCP ---------------------------------------------------------------------------------------------

_NIVEAUX_ANCIENS = {"V": 3, "IV": 4, "III": 5, "II": 6, "I": 7}
_BAC_PLUS = {0: 4, 1: 5, 2: 5, 3: 6, 4: 6, 5: 7}


def niveau_eqf(valeur: str) -> int | None:
    """Niveau du cadre national 2019 (« Niveau 6 », « 6 », « NIV6 ») ou ancienne nomenclature (« III »)
    → niveau du cadre européen (EQF). Les niveaux 2019 de 3 à 8 sont ceux de l'EQF ; l'ancienne
    nomenclature de 1969 suit la table de correspondance du décret du 8 janvier 2019."""
    propre = valeur.strip().upper().removeprefix("NIVEAU").removeprefix("NIV").strip()
    if propre.isdigit() and 1 <= int(propre) <= 8:
        return int(propre)
    return _NIVEAUX_ANCIENS.get(propre)


def niveau_requis(texte: str) -> int | None:
    """Le niveau EQF minimal qu'exprime une exigence de formation d'une fiche (« Bac », « Bac à Bac + 2
    ans », « Bac +2 », « Diplôme de doctorat en médecine »), ou None si elle n'en exprime pas."""
    propre = " ".join(texte.lower().replace("’", "'").split())
    if "doctorat" in propre:
        return 8
    m = re.search(r"\bbac(?:calauréat)?(?:\s*\+\s*(\d))?", propre)
    if not m:
        return None
    # Bac : niveau 4 ; Bac + 2 (BTS, DUT) : 5 ; Bac + 3 (licence) : 6 ; Bac + 5 (master) : 7.
    return _BAC_PLUS.get(int(m.group(1) or 0), 8)



def importer_rncp(dossier: Path, certifinfo: Path | None, sortie: Path) -> Bilan:
    """RNCP → RDF : numéro, intitulé, niveau (EQF), statut, codes ROME v3, certificateurs, succession."""
    fichier_rome, date = fichier_versionne(dossier, "export_fiches_CSV_Rome_*.csv", "RNCP (France Compétences)")
    fichiers = {nom: dossier / f"export_fiches_CSV_{nom}_{date}.csv"
                for nom in ("Ancienne_Nouvelle_Certification", "Certificateurs")}
    kits = sorted(dossier.glob("Kit_apprentissage_*.csv"))
    schema = f"{REF}rncp/export-{date.replace('_', '-')}"
    cible = sortie / f"rncp-{date.replace('_', '-')}.nt"
    vus: set[str] = set()
    with ecriture_atomique(cible) as f:
        e = Ecrivain(f)
        e.typer(schema, SKOS + "ConceptScheme")
        e.ecrire(schema, SKOS + "prefLabel", litteral(f"RNCP, export France Compétences du {date.replace('_', '-')}", "fr"))

        def fiche(numero: str) -> str:
            certification = rncp_iri(numero)
            if numero not in vus:
                vus.add(numero)
                e.typer(certification, CMA + "CertificationRncp")
                e.ecrire(certification, SKOS + "inScheme", iri(schema))
                e.ecrire(certification, SKOS + "notation", litteral(numero))
            return certification

        for ligne in lire_csv(fichier_rome, ("Numero_Fiche", "Codes_Rome_Code", "Codes_Rome_Libelle"), ";"):
            if not ligne["Numero_Fiche"].startswith("RNCP"):
                continue
            code = ligne["Codes_Rome_Code"]
            e.ecrire(fiche(ligne["Numero_Fiche"]), CMA + "romeV3", iri(rome_v3_iri(code)))
            if code not in vus:
                vus.add(code)
                e.ecrire(rome_v3_iri(code), SKOS + "prefLabel", litteral(doubles_apostrophes(ligne["Codes_Rome_Libelle"]), "fr"))
        for ligne in lire_csv(fichiers["Ancienne_Nouvelle_Certification"], ("Numero_Fiche", "Nouvelle_Certification"), ";"):
            nouvelle = ligne["Nouvelle_Certification"].strip()
            if ligne["Numero_Fiche"].startswith("RNCP") and nouvelle.startswith("RNCP"):
                e.ecrire(fiche(ligne["Numero_Fiche"]), DCTERMS + "isReplacedBy", iri(fiche(nouvelle)))
        for ligne in lire_csv(fichiers["Certificateurs"], ("Numero_Fiche", "Siret_Certificateur", "Nom_Certificateur"), ";"):
            if ligne["Numero_Fiche"].startswith("RNCP") and ligne["Nom_Certificateur"].strip():
                e.ecrire(fiche(ligne["Numero_Fiche"]), CMA + "certificateur", litteral(ligne["Nom_Certificateur"].strip()))
        titres: set[str] = set()
        for kit in kits:
            colonnes = ("FicheRNCP", "Niveau fiche RNCP", "Fiche ACTIVE/INACTIVE", "Intitulé certification (RNCP)")
            for ligne in lire_csv(kit, colonnes, ";"):
                numero = ligne["FicheRNCP"].strip()
                if not numero.startswith("RNCP") or numero in titres:
                    continue
                titres.add(numero)
                _decrire(e, fiche(numero), ligne["Intitulé certification (RNCP)"], ligne["Niveau fiche RNCP"],
                         ligne["Fiche ACTIVE/INACTIVE"], kit.name)
        if certifinfo is not None:
            for ligne in lire_csv(certifinfo, ("Code_RNCP", "Libelle_Diplome", "Code_Niveau_Europeen", "Etat_Libelle"), ";"):
                numero = f"RNCP{ligne['Code_RNCP'].strip()}" if ligne["Code_RNCP"].strip() else ""
                if not numero or numero in titres:
                    continue
                titres.add(numero)
                _decrire(e, fiche(numero), ligne["Libelle_Diplome"], ligne["Code_Niveau_Europeen"], "", certifinfo.name)
    sources = [fichier_rome.name, *(p.name for p in fichiers.values()), *(k.name for k in kits)]
    if certifinfo is not None:
        sources.append(certifinfo.name)
    return Bilan("RNCP", date.replace("_", "-"), cible, e.triplets, dict(e.classes), sources)


def _decrire(e: Ecrivain, certification: str, titre: str, niveau: str, statut: str, source: str) -> None:
    if titre.strip():
        e.ecrire(certification, SKOS + "prefLabel", litteral(" ".join(titre.split()), "fr"))
    eqf = niveau_eqf(niveau)
    if eqf is not None:
        e.ecrire(certification, CMA + "niveauEqf", iri(eqf_iri(eqf)))
    if statut.strip() in ("ACTIVE", "INACTIVE"):
        e.ecrire(certification, CMA + "actif", litteral("true" if statut.strip() == "ACTIVE" else "false",
                                                        datatype=XSD + "boolean"))
    e.ecrire(certification, DCTERMS + "source", litteral(source))


def void(bilan: Bilan) -> str:
    """La description VoID de l'import : triplets, entités par classe, fichiers sources, version."""
    jeu = f"{REF}{'rome' if bilan.referentiel.startswith('ROME') else 'rncp'}/{bilan.version}/jeu"
    lignes = [
        "@prefix void: <http://rdfs.org/ns/void#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
        "",
        f"<{jeu}> a void:Dataset ;",
        f"    dcterms:title {litteral(f'{bilan.referentiel} {bilan.version}', 'fr')} ;",
        f"    owl:versionInfo {litteral(bilan.version)} ;",
        f"    void:dataDump <{bilan.fichier.name}> ;",
        f"    void:triples {bilan.triplets} ;",
    ]
    lignes += [f"    dcterms:source {litteral(s)} ;" for s in bilan.sources]
    partitions = [f"[ void:class <{c}> ; void:entities {n} ]" for c, n in sorted(bilan.classes.items())]
    lignes.append("    void:classPartition " + " ,\n        ".join(partitions) + " .")
    return "\n".join(lignes) + "\n"



def extrait(fichiers: list[Path], fiches: list[str], requete: str) -> Graph:
    """Le graphe de `requete` (CONSTRUCT) sur les imports complets, restreint aux fiches alignées.

    pyoxigraph charge les 340 000 triplets des deux imports en 1,5 s ; la requête reçoit les fiches
    par deux blocs VALUES d'IRI (les fiches d'origine, et les mêmes comme cibles de mobilité)."""
    magasin = ox.Store()
    for fichier in fichiers:
        if not fichier.exists():
            raise ErreurEntree(f"{fichier} : introuvable ; lancez d'abord `cartographie importer rome` et `… rncp`.")
        magasin.bulk_load(path=str(fichier), format=ox.RdfFormat.N_TRIPLES)
    valeurs = " ".join(iri(f) for f in sorted(fiches))
    connues = {solution["f"].value for solution in
               magasin.query(f"SELECT ?f WHERE {{ VALUES ?f {{ {valeurs} }} ?f a <{CMA}FicheRome> }}")}
    inconnues = sorted(set(fiches) - connues)
    if inconnues:
        raise ErreurEntree(f"fiche(s) ROME absente(s) de la version importée : {', '.join(inconnues)}.")
    # Le bloc VALUES va dans chaque branche : pyoxigraph ne le pousse pas dans une UNION (sans cela,
    # la requête parcourait tout le RNCP, plus de dix minutes).
    texte = requete.replace("# @fiches", f"VALUES ?fiche {{ {valeurs} }}").replace(
        "# @autres", f"VALUES ?autre {{ {valeurs} }}")
    graphe = Graph()
    for triple in magasin.query(texte):
        graphe.add((URIRef(triple.subject.value), URIRef(triple.predicate.value), _vers_rdflib(triple.object)))
    return graphe


def _vers_rdflib(terme: object) -> URIRef | Literal:
    if isinstance(terme, ox.NamedNode):
        return URIRef(terme.value)
    assert isinstance(terme, ox.Literal)
    if terme.language:
        return Literal(terme.value, lang=terme.language)
    return Literal(terme.value, datatype=URIRef(terme.datatype.value))
