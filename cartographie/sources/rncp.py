"""Import du RNCP (France Compétences) et des titres de Certif Info : certifications, niveaux (EQF),
statut, codes ROME v3, certificateurs, successions.

Particularités traitées : apostrophes doublées de `Codes_Rome_Libelle`, fins de ligne CRLF et séparateur
`;`, tabulation en tête de `Siret_Certificateur`.
"""

from __future__ import annotations

from pathlib import Path

from cartographie.io.ecriture import ecriture_atomique
from cartographie.io.ntriples import Ecrivain, iri, litteral
from cartographie.io.tableaux import doubles_apostrophes, fichier_versionne, lire_csv
from cartographie.sources.niveaux import eqf_iri, niveau_eqf
from cartographie.sources.referentiels import Bilan, rncp_iri, rome_v3_iri
from cartographie.vocab import CMA, DCTERMS, REF, SKOS, XSD

_LIBELLE = {"Nsf": "Intitule", "Formacode": "Libelle"}


def importer_rncp(dossier: Path, certifinfo: Path | None, sortie: Path) -> Bilan:
    """RNCP → RDF : numéro, intitulé, niveau (EQF), statut, codes ROME v3, domaines NSF et Formacode,
    certificateurs, succession."""
    fichier_rome, date = fichier_versionne(dossier, "export_fiches_CSV_Rome_*.csv", "RNCP (France Compétences)")
    fichiers = {nom: dossier / f"export_fiches_CSV_{nom}_{date}.csv"
                for nom in ("Ancienne_Nouvelle_Certification", "Certificateurs", "Nsf", "Formacode")}
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
        # Le domaine de la certification (NSF, Formacode) : il dit si une certification trouvée par un code
        # ROME v3 large relève bien du métier (alignement/certifications.py).
        for nom, propriete in (("Nsf", "nsf"), ("Formacode", "formacode")):
            for ligne in lire_csv(fichiers[nom], ("Numero_Fiche", f"{nom}_Code", f"{nom}_{_LIBELLE[nom]}"), ";"):
                code = ligne[f"{nom}_Code"].strip()
                if not ligne["Numero_Fiche"].startswith("RNCP") or not code:
                    continue
                concept = f"{REF}{propriete}/{code}"
                e.ecrire(fiche(ligne["Numero_Fiche"]), CMA + propriete, iri(concept))
                if concept not in vus:
                    vus.add(concept)
                    e.typer(concept, SKOS + "Concept")
                    e.ecrire(concept, SKOS + "inScheme", iri(f"{REF}{propriete}"))
                    e.ecrire(concept, SKOS + "notation", litteral(code))
                    libelle = ligne[f"{nom}_{_LIBELLE[nom]}"].removeprefix(f"{code} : ").strip()
                    e.ecrire(concept, SKOS + "prefLabel", litteral(libelle, "fr"))
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
