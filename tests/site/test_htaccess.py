"""Les règles w3id.org (`.htaccess`) donnent les mêmes réponses que `cartographie serve`.

Un petit interprète de mod_rewrite lit le fichier généré (RewriteCond sur %{HTTP_ACCEPT} avec [NC] et [OR],
RewriteRule avec [R=…]) et l'applique aux mêmes demandes que le serveur, chacune nommant un format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cartographie.site.chemins import negocier, resoudre
from cartographie.site.htaccess import HEBERGEMENT

DEMANDES = [
    ("id/metier-0102", "text/html"), ("id/metier-0102", "text/turtle"), ("id/metier-0102", "application/ld+json"),
    ("id/metier-0102", "application/n-triples"), ("id/competence-abc123", "text/turtle"), ("def", "text/html"),
    ("def", "application/ld+json"), ("def", "application/n-triples"), ("id/metier-0102", "*/*"), ("id/metier-0102", ""),
    ("id/metier-0102", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("id/metier-0102", "image/png"), ("def", "application/pdf"),
]


def _regles(texte: str) -> list[tuple[list[tuple[str, bool, bool]], str, str, str]]:
    """[(conditions [(motif, nc, ou)], motif de la règle, cible, drapeaux)] dans l'ordre du fichier."""
    regles, conditions = [], []
    for ligne in texte.splitlines():
        if m := re.match(r"RewriteCond %\{HTTP_ACCEPT\} (\S+)(?: \[([A-Z,]+)\])?$", ligne):
            drapeaux = (m.group(2) or "").split(",")
            conditions.append((m.group(1), "NC" in drapeaux, "OR" in drapeaux))
        elif m := re.match(r"RewriteRule (\S+) (\S+) \[([A-Z0-9=,]+)\]$", ligne):
            regles.append((conditions, m.group(1), m.group(2), m.group(3)))
            conditions = []
    return regles


def _apache(regles: list, chemin: str, accept: str) -> tuple[int, str | None]:
    for conditions, motif, cible, drapeaux in regles:
        if not re.search(motif, chemin):
            continue
        if conditions and not _evaluer(conditions, accept):
            continue
        statut = int(re.search(r"R=(\d+)", drapeaux).group(1))
        if cible == "-":
            return statut, None
        return statut, re.sub(motif, cible.replace("$1", r"\1"), chemin).removeprefix(HEBERGEMENT)
    return 200, None


def _evaluer(conditions: list[tuple[str, bool, bool]], accept: str) -> bool:
    """Sémantique de mod_rewrite : les conditions liées par [OR] forment un groupe ; les groupes sont en ET."""
    groupes: list[list[bool]] = [[]]
    for motif, nc, ou in conditions:
        groupes[-1].append(re.search(motif, accept, re.IGNORECASE if nc else 0) is not None)
        if not ou:
            groupes.append([])
    return all(any(g) for g in groupes if g)


@pytest.fixture(scope="module")
def regles(site: Path) -> list:
    return _regles((site / "w3id" / ".htaccess").read_text(encoding="utf-8"))


@pytest.mark.parametrize("chemin, accept", DEMANDES)
def test_htaccess_et_serve_suivent_la_meme_table(regles: list, chemin: str, accept: str) -> None:
    media = negocier(accept)
    attendu = (303, resoudre(chemin, media)) if media else (406, None)
    assert _apache(regles, chemin, accept) == attendu


def test_htaccess_suit_les_conventions_de_w3id(site: Path) -> None:
    texte = (site / "w3id" / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteEngine on" in texte and "## Contact" in texte
    assert (site / "w3id" / "README.md").read_text(encoding="utf-8").startswith("# metiers-assistance")
    # Tout autre chemin (les fichiers publiés) part vers le même chemin chez l'hébergeur.
    assert _apache(_regles(texte), "cartographie.ttl", "text/turtle") == (302, "cartographie.ttl")
