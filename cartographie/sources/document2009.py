"""Lecture des fiches Métiers dans le texte extrait du PDF de 2009.

L'extraction a perdu les puces : un élément de liste commence sur une ligne qui débute par une
espace (ou par « - ») et peut se poursuivre sur les lignes suivantes, qui ne débutent pas par une
espace, parfois après une ligne vide. Un élément qui se termine par « : » annonce des
sous-éléments, qui se suivent tant que le précédent se termine par « ; » ou « , », ou que
l'élément commence par une minuscule (un élément de premier niveau commence par une majuscule).
Les en-têtes de page (code et titre de la fiche, « Version du 10 juin 2009 », numéro de page)
sont retirés. Ce module ne fait que lire : la production du RDF est dans `fiches`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet

MAJORITE, FREQUENT, RARE = "majorite", "frequent", "rare"
SPECIFIQUE = "specifique"

# Le texte extrait du PDF de 2009, dans les données du projet.
FICHIER_SOURCE = "sources/cartographie-metiers-assistance-2009.txt"

# Les métiers recensés dans la fiche de regroupement 0104, dans l'ordre de la source.
METIERS_RECENSES_0104 = (
    "Chargé(e) d'évaluation en réparation en nature (habitation)",
    "Technicien(ne) automobile patrouilleurs",
    "Psychologue",
    "Assistant(e) social(e)",
    "Infirmier(e) Assistance Santé",
    "Médecin conseil d'Assistance (f/h)",
    "Diététicien(ne) Conseil",
    "Juriste d'Assistance (f/h)",
    "Conseiller(e) Emploi",
    "Chargé(e) d'information Retraite",
)

_DEBUT_FICHE = re.compile(r"^ ?(0\d{3}) - (.+?)\s*$")
_RUBRIQUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (cle, re.compile(motif, re.IGNORECASE))
    for cle, motif in (
        ("denominations", r"^autres dénominations rencontrées à ce jour\s*:\s*(.*)$"),
        ("famille", r"^famille de métier\s*:\s*(.*)$"),
        ("rattachements", r"^rattachements hiérarchiques rencontrés\s*:\s*(.*)$"),
        ("conditions", r"^conditions générales d'exercice\s*$"),
        ("activites-" + MAJORITE, r"^activités rencontrées dans la majorité des situations de travail\s*$"),
        ("activites-" + FREQUENT, r"^activités rencontrées fréquemment\s*$"),
        ("activites-" + RARE, r"^activités rencontrées plus rarement\s*$"),
        ("caracteristiques", r"^caracteristiques et variantes d(u|es) metiers?\s*$"),
        ("competences-" + MAJORITE, r"^compétences mises en œuvre dans la majorité des situations de travail\s*$"),
        ("competences-" + SPECIFIQUE, r"^compétences mises en œuvre dans des situations de travail spécifiques\s*$"),
        ("aptitudes", r"^aptitudes\s*$"),
        ("formation", r"^niveau de formation, expérience e[tr] connaissances\s*$"),
        ("habilitations", r"^habilitations, certifications\s*$"),
        ("evolution-interne", r"^l'évolution au sein du métier\s*:\s*$"),
        ("evolutions", r"^l'évolution vers d'autres métiers\s*:\s*$"),
        ("recenses", r"^les metiers recenses\s*$"),
        ("recense-competences", r"^principales compétences (spécifiques )?mises en œuvre\s*$"),
        ("", r"^(les activites exercees dans le metier|competences mises en oeuvre"
             r"|le profil de recrutement interne ou externe|les evolutions professionnelles possibles)\s*$"),
    )
)
_PAGE = re.compile(r"^\s*(\d{1,3}|Version du \d+ \w+ \d{4})\s*$")

# L'extraction confond les deux niveaux de puces. Là où la ponctuation ne suffit pas à dire qu'un
# élément est encore un sous-élément (il suit un sous-élément qui finit par « . » ou sans
# ponctuation), la lecture du sens l'a décidé ; lignes de la source où commence chacun d'eux
# (voir tests/fixtures/fidelite/README.md).
SOUS_ELEMENTS_RELUS = frozenset({1745, 2129, 2492, 2543, 2549, 2552})


@dataclass
class Element:
    """Un élément de rubrique : son texte recollé, sa ligne dans la source, ses sous-éléments."""

    texte: str
    ligne: int
    enfants: list[Element] = field(default_factory=list)
    tiret: bool = False

    def tous(self) -> list[Element]:
        return [self, *(e for enfant in self.enfants for e in enfant.tous())]


@dataclass
class MetierRecense:
    titre: str
    ligne: int
    intitule_competences: str = ""
    activites: list[Element] = field(default_factory=list)
    competences: list[Element] = field(default_factory=list)


@dataclass
class Fiche:
    code: str
    premiere_ligne: int
    derniere_ligne: int
    complete: bool
    famille: str = ""
    denominations: list[str] = field(default_factory=list)
    rattachements: str = ""
    mission: str = ""
    rubriques: dict[str, list[Element]] = field(default_factory=dict)
    reserve: str | None = None
    commentaire_evolution: str | None = None
    recenses: list[MetierRecense] = field(default_factory=list)


def _normaliser_apostrophes(texte: str) -> str:
    return texte.replace("’", "'")


def rubrique(ligne: str) -> tuple[str, str] | None:
    """La rubrique qu'ouvre `ligne` et le texte qui la suit sur la même ligne, ou None."""
    propre = _normaliser_apostrophes(ligne.strip().lstrip("."))
    for cle, motif in _RUBRIQUES:
        m = motif.match(propre)
        if m:
            return cle, (m.group(1).strip() if cle in ("denominations", "famille", "rattachements") else "")
    return None


def _recoller(morceaux: list[str]) -> str:
    return " ".join(" ".join(morceaux).split())


def elements(lignes: list[tuple[int, str]]) -> list[Element]:
    """Les éléments d'une rubrique, imbriqués : voir la docstring du module."""
    plats: list[Element] = []
    for numero, ligne in lignes:
        if not ligne.strip():
            continue
        tiret = ligne.startswith("- ")
        if ligne[0].isspace() or tiret or not plats:
            texte = ligne.strip().removeprefix("- ").strip()
            plats.append(Element(" ".join(texte.split()), numero, tiret=tiret))
        else:
            plats[-1].texte = _recoller([plats[-1].texte, ligne])
    racines: list[Element] = []
    parent: Element | None = None
    for element in plats:
        if parent is not None:
            precedent = parent.enfants[-1] if parent.enfants else None
            if (
                precedent is None
                or precedent.texte.endswith((";", ","))
                or element.texte[:1].islower()
                or (precedent.tiret and element.tiret)
                or element.ligne in SOUS_ELEMENTS_RELUS
            ):
                parent.enfants.append(element)
                continue
            parent = None
        racines.append(element)
        if element.texte.endswith(":"):
            parent = element
    return racines


def _bornes_des_fiches(lignes: list[str]) -> list[tuple[str, int, int]]:
    debuts = []
    for i, ligne in enumerate(lignes):
        m = _DEBUT_FICHE.match(ligne)
        if m and m.group(2) == m.group(2).upper():
            debuts.append((m.group(1), i))
    return [
        (code, debut, debuts[k + 1][1] if k + 1 < len(debuts) else len(lignes))
        for k, (code, debut) in enumerate(debuts)
    ]


def _sans_entetes(code: str, lignes: list[tuple[int, str]]) -> list[tuple[int, str]]:
    entete = re.compile(rf"^\s*{code}\s*[-–]\s")
    return [(n, t) for n, t in lignes if not (_PAGE.match(t) or entete.match(t))]


def _lire_recenses(lignes: list[tuple[int, str]]) -> list[MetierRecense]:
    titres = {_normaliser_apostrophes(t): t for t in METIERS_RECENSES_0104}
    recenses: list[MetierRecense] = []
    tampon: list[tuple[int, str]] = []
    dans_competences = False

    def vider() -> None:
        if recenses:
            cible = recenses[-1].competences if dans_competences else recenses[-1].activites
            cible.extend(elements(tampon))
        tampon.clear()

    for numero, ligne in lignes:
        titre = _normaliser_apostrophes(ligne.strip().rstrip(": "))
        if titre in titres:
            vider()
            recenses.append(MetierRecense(titres[titre], numero))
            dans_competences = False
        elif (r := rubrique(ligne)) and r[0] == "recense-competences":
            vider()
            dans_competences = True
            recenses[-1].intitule_competences = " ".join(ligne.split())
        else:
            tampon.append((numero, ligne))
    vider()
    trouves = [r.titre for r in recenses]
    if trouves != list(METIERS_RECENSES_0104):
        raise ErreurEntree(f"fiche 0104 : métiers recensés lus {trouves}, attendus {list(METIERS_RECENSES_0104)}.")
    return recenses


def _lire_fiche(code: str, lignes: list[tuple[int, str]], complete: bool) -> Fiche:
    fiche = Fiche(code, lignes[0][0], lignes[-1][0], complete)
    sections: dict[str, list[tuple[int, str]]] = {}
    courante = ""
    for numero, ligne in lignes[1:]:
        r = rubrique(ligne)
        if r is not None and not (courante == "recenses" and r[0] == "recense-competences"):
            courante, en_ligne = r
            if courante:
                sections[courante] = [(numero, " " + en_ligne)] if en_ligne else []
            continue
        if courante in ("denominations", "famille", "rattachements") and not ligne.strip():
            courante = "mission" if courante == "rattachements" else ""
            sections.setdefault(courante, [])
            continue
        if courante:
            sections[courante].append((numero, ligne))
    texte = {cle: _recoller([t for _, t in sections.get(cle, [])]) for cle in ("famille", "rattachements", "mission")}
    fiche.famille = texte["famille"][:2]
    fiche.rattachements = texte["rattachements"]
    fiche.mission = texte["mission"]
    fiche.denominations = denominations(_recoller([t for _, t in sections.get("denominations", [])]))
    evolutions = sections.pop("evolutions", None)
    if evolutions is not None:
        reserve = [t.strip() for _, t in evolutions if t.strip().startswith("(")]
        fiche.reserve = reserve[0].strip("() ") if reserve else None
        cibles = [(n, t) for n, t in evolutions if not t.strip().startswith("(")]
        if any(t[:1].isspace() and t.strip() for _, t in cibles):
            fiche.rubriques["evolutions"] = elements(cibles)
        else:
            fiche.commentaire_evolution = _recoller([t for _, t in cibles]) or None
    if "recenses" in sections:
        fiche.recenses = _lire_recenses(sections.pop("recenses"))
    for cle, contenu in sections.items():
        if cle not in ("denominations", "famille", "rattachements", "mission", ""):
            fiche.rubriques[cle] = elements(contenu)
    return fiche


_QUELQUES_SOCIETES = re.compile(r"\s*\((\d+) sociétés?\)")
# Dénominations que l'extraction a soudées ou abrégées ; la version retenue est justifiée par
# le tableau de la section I.7 (ligne 608) ou par le sens évident de l'énumération.
_CORRECTIONS = {
    "standardiste hôte(hôtesse) d'accueil": ["standardiste", "hôte(hôtesse) d'accueil"],
}
_QUALIFICATIFS_0102 = ("confirmé(e)", "senior", "expert(e)", "référent(e)")


def denominations(texte: str) -> list[str]:
    """Les autres dénominations, une par emploi, sans guillemets ni point final."""
    morceaux: list[str] = []
    for brut in texte.split(","):
        guillemets = re.findall(r'"([^"]+)"', brut)
        if len(guillemets) >= 2:
            morceaux.extend(guillemets)
        else:
            morceaux.append(brut.replace('"', " "))
    resultat: list[str] = []
    for morceau in morceaux:
        propre = " ".join(_normaliser_apostrophes(morceau).split()).strip(" .«»")
        if not propre:
            continue
        if propre in _QUALIFICATIFS_0102 and any(r.startswith("chargé(e) d'assistance") for r in resultat):
            propre = f"chargé(e) d'assistance {propre}"
        resultat.extend(_CORRECTIONS.get(propre, [propre]))
    return resultat


def societes_citees(denomination: str) -> tuple[str, int | None]:
    """« auxiliaire de régulation (1 société) » → (« auxiliaire de régulation », 1)."""
    m = _QUELQUES_SOCIETES.search(denomination)
    if m is None:
        return denomination, None
    return _QUELQUES_SOCIETES.sub("", denomination).strip(), int(m.group(1))


def lire_fiches(chemin: Path) -> list[Fiche]:
    """Les fiches détaillées de la source, dans l'ordre du document."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ErreurEntree(f"{chemin} : source illisible ({e}).") from None
    lignes = texte.splitlines()
    bornes = _bornes_des_fiches(lignes)
    if not bornes:
        raise ErreurEntree(f"{chemin} : aucune fiche Métier reconnue (titre « 0101 - … » attendu).")
    fiches = []
    for k, (code, debut, fin) in enumerate(bornes):
        numerotees = [(i + 1, lignes[i]) for i in range(debut, fin)]
        while numerotees and not numerotees[-1][1].strip():
            numerotees.pop()
        derniere = k == len(bornes) - 1
        complete = not derniere or any(rubrique(t) == ("evolutions", "") for _, t in numerotees)
        fiches.append(_lire_fiche(code, _sans_entetes(code, numerotees), complete))
    return fiches


def chemin_source(projet: Projet) -> Path:
    return projet.donnees / FICHIER_SOURCE
