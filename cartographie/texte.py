"""Le texte des intitulés et des énoncés : l'unique normaliseur du projet, et les formes genrées.

Trois niveaux, chacun construit sur le précédent, pour que toute comparaison du projet (compétences
partagées, cibles d'évolution, alignement, recherche d'intitulés) plie le texte de la même façon :
- `normaliser` : la clé d'un énoncé (casse, espaces, apostrophes, ponctuation finale) ; elle garde les
  accents, car l'IRI d'une compétence en est l'empreinte et ne doit pas changer ;
- `cle` : la clé de comparaison d'un intitulé, qui plie en plus accents, ligatures (œ, æ), « (f/h) »
  et ponctuation ;
- `slug` : la même clé en minuscules ASCII séparées par des tirets, pour les IRI.

Formes masculine et féminine des intitulés écrits en notation inclusive.

La source écrit « Chargé(e) », « Technicien(ne) », « Animateur(trice) », « Administratif(ve) »,
« Médecin régulateur (trice) », « hôte(hôtesse) » et ajoute « (f/h) » quand le féminin n'est pas
d'usage ou pas possible (section I.6). ESCO publie ses intitulés avec un rôle masculin/féminin :
on calcule les deux formes ici plutôt que de les saisir, pour qu'une règle corrigée serve partout.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple


class FormesGenrees(NamedTuple):
    masculin: str
    feminin: str


# Marques de genre reconnues ; tout autre contenu entre parenthèses (« (1 société) »,
# « (habitation) ») est du texte ordinaire et reste tel quel.
_SUFFIXES = ("e", "é", "ne", "le", "trice", "ve", "elle", "elles")
_MARQUE = re.compile(
    r"(?P<radical>\w+)(?P<espace> ?)\((?P<marque>[^()]+)\)(?P<pluriel>s?)(?!\w)", re.UNICODE
)
_FH = re.compile(r"\s*\((?:f/h|h/f)\)", re.IGNORECASE)


def _feminin(radical: str, marque: str) -> str | None:
    if marque in ("e", "é"):
        if radical.endswith("er"):
            return radical[:-2] + "ère"
        return radical + "e"
    if marque in ("ne", "le"):
        return radical + marque
    if marque == "trice":
        return radical[:-4] + "trice" if radical.endswith("teur") else radical + "trice"
    if marque == "ve":
        return radical[:-1] + "ve" if radical.endswith("f") else radical + "ve"
    if marque in ("elle", "elles"):
        return marque
    if len(marque) > 3 and marque[0].lower() == radical[0].lower() and " " not in marque:
        return marque  # forme entière : « hôte(hôtesse) »
    return None


def formes_genrees(intitule: str) -> FormesGenrees | None:
    """Les deux formes de `intitule`, ou None s'il n'est pas écrit en notation inclusive."""
    trouve = False

    def remplacer(m: re.Match[str], feminin: bool) -> str:
        nonlocal trouve
        radical, marque, pluriel = m["radical"], m["marque"], m["pluriel"]
        if m["espace"] and marque.lower() != "trice":
            return m[0]  # « Chargé (habitation) » : parenthèse ordinaire
        # Les titres de fiche sont en capitales (« CHARGE(E) ») : on calcule en minuscules et on rend la casse.
        capitales = radical.isupper() and marque.isupper()
        forme = _feminin(radical.lower() if capitales else radical, marque.lower())
        if forme is None:
            return m[0]
        if capitales:
            forme = forme.upper()
        trouve = True
        return (forme if feminin else radical) + pluriel

    sans_fh = _FH.sub("", intitule)
    masculin = _MARQUE.sub(lambda m: remplacer(m, False), sans_fh)
    feminin = _MARQUE.sub(lambda m: remplacer(m, True), sans_fh)
    if not trouve and sans_fh == intitule:
        return None
    return FormesGenrees(" ".join(masculin.split()), " ".join(feminin.split()))


# Normalisation ------------------------------------------------------------------------------------

# NFKD ne décompose pas les ligatures du français : « Manœuvre » et « Manoeuvre » doivent se rejoindre.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'"})


def normaliser(texte: str) -> str:
    """Clé d'un énoncé : casse, espaces, apostrophes et ponctuation finale ne comptent pas."""
    texte = unicodedata.normalize("NFC", texte).translate(_APOSTROPHES).replace("(é)", "(e)")
    texte = " ".join(texte.lower().split())
    return texte.rstrip(" .;:,…").strip()


def sans_accents(texte: str) -> str:
    """Le texte sans diacritiques, ligatures dépliées (« Œuvre » → « OEuvre »)."""
    decompose = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
    return "".join(c for c in decompose if not unicodedata.combining(c))


def cle(texte: str) -> str:
    """Forme de comparaison : minuscules sans accents ni ligatures, apostrophes droites, sans « (f/h) »
    ni ponctuation."""
    texte = _FH.sub(" ", texte.translate(_APOSTROPHES))
    replie = sans_accents(texte.lower())
    return " ".join("".join(c if c.isalnum() or c == "'" else " " for c in replie).split())


def slug(texte: str) -> str:
    """Minuscules ASCII et tirets, pour une IRI lisible."""
    ascii_ = sans_accents(normaliser(texte)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
