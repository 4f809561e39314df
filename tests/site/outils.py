"""Lecture des pages du site pour les tests : un arbre HTML (html5lib, comme un navigateur) et ses textes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

from cartographie.texte import cle


def arbre(chemin: Path) -> Element:
    return html5lib.parse(chemin.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def tous(element: Element, nom: str) -> list[Element]:
    """Les descendants de balise `nom`, en HTML comme en SVG (html5lib range le SVG dans son espace de noms)."""
    return [e for e in element.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1] == nom]


def texte(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def jsonld(chemin: Path) -> list[dict]:
    return [json.loads(s.text or "") for s in arbre(chemin).iter("script") if s.get("type") == "application/ld+json"]


def cles(elements: list[Element]) -> list[str]:
    return [cle(texte(e)) for e in elements]
