"""La géométrie des graphiques SVG (barres des effectifs, graphe des mobilités) ; le balisage est dans
les gabarits `effectifs.svg` et `mobilites.svg`."""

from __future__ import annotations

from dataclasses import dataclass

HAUTEUR_BARRE = 28
LARGEUR_BARRES = 380
MARGE_LIBELLES = 300
LIBELLE_MAX = 31


def abreger(texte: str, longueur: int = LIBELLE_MAX) -> str:
    """Un libellé coupé pour tenir dans une boîte ; le libellé entier reste dans le <title> du nœud."""
    return texte if len(texte) <= longueur else texte[: longueur - 1].rstrip() + "…"


@dataclass(frozen=True)
class Barre:
    libelle: str
    valeur: int
    href: str
    y: int
    largeur: int


@dataclass(frozen=True)
class Barres:
    barres: list[Barre]
    largeur: int
    hauteur: int
    marge: int = MARGE_LIBELLES


def barres(valeurs: list[tuple[str, int, str]]) -> Barres:
    """Une barre horizontale par (libellé, valeur, lien), longueur proportionnelle à la plus grande valeur."""
    maximum = max((v for _, v, _ in valeurs), default=0) or 1
    liste = [Barre(abreger(libelle, 40), valeur, href, 4 + i * HAUTEUR_BARRE, max(1, round(valeur * LARGEUR_BARRES / maximum)))
             for i, (libelle, valeur, href) in enumerate(valeurs)]
    return Barres(liste, MARGE_LIBELLES + LARGEUR_BARRES + 70, 8 + len(liste) * HAUTEUR_BARRE)


@dataclass(frozen=True)
class Noeud:
    libelle: str
    titre: str
    href: str
    x: int
    y: int


@dataclass(frozen=True)
class Arete:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Graphe:
    centre: Noeud
    noeuds: list[Noeud]
    aretes: list[Arete]
    largeur: int
    hauteur: int
    boite: tuple[int, int] = (220, 26)


LIGNE = 36
COLONNES = (10, 260, 510)


def mobilites(centre: tuple[str, str], origines: list[tuple[str, str]], cibles: list[tuple[str, str]]) -> Graphe:
    """Le métier au centre, les métiers d'où l'on vient à gauche, ceux où l'on va à droite ((libellé, lien))."""
    largeur_boite, hauteur_boite = Graphe.__dataclass_fields__["boite"].default
    lignes = max(len(origines), len(cibles), 1)
    hauteur = 10 + lignes * LIGNE

    def colonne(elements: list[tuple[str, str]], x: int) -> list[Noeud]:
        haut = (hauteur - len(elements) * LIGNE) // 2
        return [Noeud(abreger(libelle), libelle, href, x, haut + i * LIGNE + 5) for i, (libelle, href) in enumerate(elements)]

    milieu = Noeud(abreger(centre[0]), centre[0], centre[1], COLONNES[1], (hauteur - hauteur_boite) // 2)
    gauche, droite = colonne(origines, COLONNES[0]), colonne(cibles, COLONNES[2])
    demi = hauteur_boite // 2
    aretes = [Arete(n.x + largeur_boite, n.y + demi, milieu.x, milieu.y + demi) for n in gauche]
    aretes += [Arete(milieu.x + largeur_boite, milieu.y + demi, n.x - 4, n.y + demi) for n in droite]
    return Graphe(milieu, gauche + droite, aretes, COLONNES[2] + largeur_boite + 10, hauteur)
