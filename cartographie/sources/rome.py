"""Import du ROME 4.0 (France Travail) : fiches, codes parents v3, appellations, définitions, mobilités.

L'export officiel est lu en flux et écrit en N-Triples au fil de l'eau, dans son propre fichier,
jamais dans `donnees/`. Les IRI figent la version du référentiel (`…/ref/rome/v460/M1614`) : la v461
réattribue des codes. Particularité traitée : apostrophes doublées (`d''un`) de `unix_texte`.
"""

from __future__ import annotations

from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.io.ecriture import ecriture_atomique
from cartographie.io.ntriples import RDF_TYPE, Ecrivain, iri, litteral
from cartographie.io.tableaux import doubles_apostrophes, fichier_versionne, lire_csv
from cartographie.sources.referentiels import Bilan, rome_iri, rome_v3_iri
from cartographie.vocab import CMA, REF, SCHEMA, SKOS, XSD


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
            # Le code v3 est dans un autre schéma : une correspondance, pas une hiérarchie.
            e.ecrire(fiche, SKOS + "broadMatch", iri(rome_v3_iri(parent)))
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
