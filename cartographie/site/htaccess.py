"""Les règles de redirection à déposer dans le dépôt perma-id/w3id.org (dossier de la branche),
écrites à partir de la même table que `cartographie serve` (`chemins.REGLES` et `chemins.FORMATS`).

Conventions de ce dépôt : un dossier par projet avec un `.htaccess` (mod_rewrite, `RewriteEngine on`,
une condition `%{HTTP_ACCEPT}` par format, `[R=303,NE,L]`) et un `README.md` qui dit qui administre
l'espace. Apache ne sait pas comparer les qualités `q=` d'un en-tête Accept : les formats RDF sont
essayés d'abord, dans l'ordre de `FORMATS`, puis la page HTML quand l'en-tête nomme text/html, */* ou
est vide ; tout autre en-tête reçoit 406.
"""

from __future__ import annotations

import re

from jinja2 import Environment, PackageLoader

from .chemins import FORMATS, REGLES, SYNONYMES, base

# L'hébergement du site statique vers lequel w3id.org redirige (à mettre à jour à la mise en ligne).
HEBERGEMENT = "https://metiers-assistance.github.io/cartographie/"


def _motif_accept(media: str) -> str:
    """L'expression que %{HTTP_ACCEPT} doit contenir pour ce type (ou l'un de ses synonymes)."""
    types = [media, *sorted(s for s, m in SYNONYMES.items() if m == media)]
    return "(" + "|".join(re.escape(t) for t in types) + ")"


def _cible_apache(hebergement: str, cible: str, extension: str) -> str:
    """`id/\\1.{ext}` → `https://…/id/$1.ttl` : les groupes de mod_rewrite s'écrivent $1."""
    return hebergement + re.sub(r"\\(\d)", r"$\1", cible.replace("{ext}", extension))


def htaccess(hebergement: str = HEBERGEMENT, titre: str = "") -> str:
    ordre = [m for m in FORMATS if m != "text/html"] + ["text/html"]
    env = Environment(loader=PackageLoader("cartographie.site", "gabarits"), autoescape=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    regles = [{
        "motif": regle.motif,
        "explication": regle.explication,
        "formats": [{"media": m, "accept": _motif_accept(m), "cible": _cible_apache(hebergement, regle.cible, FORMATS[m])}
                    for m in ordre],
    } for regle in REGLES]
    return env.get_template("w3id.htaccess").render(base=base(), regles=regles, hebergement=hebergement,
                                                       titre=titre)


def readme_w3id(hebergement: str = HEBERGEMENT, titre: str = "", exemple: str = "") -> str:
    env = Environment(loader=PackageLoader("cartographie.site", "gabarits"), autoescape=False, keep_trailing_newline=True)
    return env.get_template("w3id-README.md").render(base=base(), hebergement=hebergement, titre=titre,
                                                        exemple=exemple)
