"""La documentation du vocabulaire, générée à partir de `ontologie/` par pyLODE (profil OntPub).

pyLODE écrit les termes dans l'ordre de ses ensembles Python (l'ordre change d'un processus à l'autre)
quand le tri n'est pas demandé, et son bloc schema.org JSON-LD n'est jamais trié : on demande le tri et
on réécrit ce bloc trié, pour une page identique d'une construction à l'autre.
"""

from __future__ import annotations

import json
import logging
import re

from rdflib import Graph

_SCHEMA_ORG = re.compile(r'(<script id="schema.org" type="application/ld\+json">)(.*?)(</script>)', re.S)


def _trier_schema_org(html: str) -> str:
    def trier(m: re.Match[str]) -> str:
        noeuds = json.loads(m.group(2))
        if isinstance(noeuds, list):
            noeuds = sorted(noeuds, key=lambda n: json.dumps(n, sort_keys=True, ensure_ascii=False))
        texte = json.dumps(noeuds, ensure_ascii=False, indent=1, sort_keys=True).replace("<", "\\u003c")
        return m.group(1) + texte + m.group(3)

    return _SCHEMA_ORG.sub(trier, html)


def documentation(ontologie: Graph, entete: str) -> str:
    """La page HTML du vocabulaire ; `entete` (les liens alternatifs, rendus par un gabarit) est ajouté au <head>."""
    # Import tardif (pyLODE ne sert qu'ici). Un de ses modules appelle logging.basicConfig(level=DEBUG) à
    # l'import, ce qui ferait écrire ses messages de débogage à toute la commande : un gestionnaire
    # temporaire sur la racine rend cet appel sans effet.
    silence = logging.NullHandler()
    logging.root.addHandler(silence)
    try:
        from pylode import OntPub
    finally:
        logging.root.removeHandler(silence)

    html = OntPub(ontologie, sort_subjects=True).make_html(include_css=True)
    html = _trier_schema_org(str(html))
    return html.replace("</head>", entete + "</head>", 1)
