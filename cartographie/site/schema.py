"""Le balisage schema.org `Occupation` d'une page de métier (ce que lisent les moteurs de recherche).

Le contexte est écrit en ligne (`@vocab`) plutôt que par l'URL https://schema.org : le bloc se lit
hors ligne par pyld, rdflib ou Oxigraph sans aller chercher de contexte distant.
"""

from __future__ import annotations

from .lecture import Branche, Famille, Metier

CONTEXTE = {"@vocab": "https://schema.org/"}
QUALIFICATIONS_MAX = 50


def occupation(metier: Metier, famille: Famille, branche: Branche) -> dict[str, object]:
    categories: list[dict[str, object]] = [{
        "@type": "CategoryCode",
        "codeValue": metier.code,
        "name": metier.intitule,
        "inCodeSet": {"@type": "CategoryCodeSet", "@id": branche.nomenclature,
                      "name": branche.intitule_nomenclature},
    }]
    for c in metier.correspondances:
        if c.referentiel == "ROME" and c.notation:
            categories.append({"@type": "CategoryCode", "@id": c.cible, "codeValue": c.notation, "name": c.libelle,
                               "inCodeSet": {"@type": "CategoryCodeSet", "name": "ROME 4.0 (France Travail)"}})
    description = metier.definition or (
        f"Métier de la famille « {famille.intitule} » de la branche {branche.nom} ({famille.code}).")
    document: dict[str, object] = {
        "@context": CONTEXTE,
        "@type": "Occupation",
        "@id": metier.iri,
        "name": metier.intitule,
        "alternateName": list(dict.fromkeys(metier.formes + metier.autres_intitules + metier.emplois)),
        "description": description,
        "occupationalCategory": categories,
        "skills": [{"@type": "DefinedTerm", "name": c} for c in metier.competences],
        "qualifications": [
            {"@type": "EducationalOccupationalCredential", "name": c["intitule"] or c["numero"],
             "identifier": c["numero"], "credentialCategory": "certification RNCP",
             **({"educationalLevel": f"niveau {c['niveau']} du cadre européen des certifications"} if c["niveau"] else {})}
            for c in metier.certifications[:QUALIFICATIONS_MAX]
        ],
    }
    return document
