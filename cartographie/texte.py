"""Le texte des intitulés et des énoncés : l'unique normaliseur du projet, et les formes genrées.

Trois niveaux, chacun construit sur le précédent, pour que toute comparaison du projet (compétences
partagées, cibles d'évolution, alignement, recherche d'intitulés) plie le texte de la même façon :
- `normaliser` : la clé d'un énoncé (casse, espaces, apostrophes, ponctuation finale) ; elle garde les
  accents, car l'IRI d'une compétence en est l'empreinte et ne doit pas changer ;
- `cle` : la clé de comparaison d'un intitulé, qui plie en plus accents, ligatures (œ, æ), « (f/h) »
  et ponctuation ;
- `slug` : la même clé en minuscules ASCII séparées par des tirets, pour les IRI ;
- `mots` et `cle_recherche` : les mots qui portent le sens d'un intitulé d'emploi (sans mots vides,
  ramenés au masculin singulier, abréviations développées), puis sans ordre, pour la recherche.

Formes masculine et féminine de tout intitulé.

La source écrit « Chargé(e) », « Technicien(ne) », « Animateur(trice) », « Administratif(ve) »,
« Médecin régulateur (trice) », « hôte(hôtesse) » et ajoute « (f/h) » quand le féminin n'est pas
d'usage ou pas possible (section I.6) ; certains autres intitulés ne sont écrits qu'à un genre
(« superviseur », « assistante sociale »). ESCO publie ses intitulés avec un rôle masculin/féminin :
on calcule les deux formes ici plutôt que de les saisir, pour qu'une règle corrigée serve partout.
La table relue à la main de tests/fixtures/formes-genrees.tsv les vérifie, intitulé par intitulé.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple


class FormesGenrees(NamedTuple):
    masculin: str
    feminin: str


# Marques de genre de la notation inclusive ; tout autre contenu entre parenthèses (« (habitation) »)
# est du texte ordinaire.
_MARQUE = re.compile(r"^(?P<radical>\w+)(?P<espace> ?)\((?P<marque>[^()]+)\)(?P<pluriel>s?)$", re.UNICODE)
_FH = re.compile(r"\s*\((?:f/h|h/f)\)", re.IGNORECASE)
_JETON = re.compile(r"\w+ ?\([^()]*\)s?(?!\w)|[\w-]+|[^\w\s]+|\s+", re.UNICODE)

# Mots qui ouvrent un complément : ce qui suit ne s'accorde plus avec le titulaire
# (« Encadrant(e) de médecins régulateur(trice)s » : ce sont les médecins qui sont au pluriel générique).
_PREPOSITIONS = {"de", "d", "du", "des", "au", "aux", "à", "en", "la", "l"}
# Mots qui ouvrent un second intitulé du titulaire (« Adjoint(e) au Directeur médical ou Directeur médical »).
_COORDINATIONS = {"ou", "/"}
# Noms épicènes : ils ne changent pas, et l'adjectif qui les suit s'accorde avec le titulaire
# (« cadre opérationnel » → « cadre opérationnelle »).
_EPICENES = {"cadre", "responsable", "co-responsable", "secrétaire", "médecin", "psychologue", "standardiste",
             "auxiliaire", "gestionnaire", "spécialiste", "juriste", "télé", "médico", "aide"}
# Mots écrits à un seul genre dans la source, avec leur autre forme (masculin, féminin).
_LEXIQUE = [
    ("agent", "agente"), ("assistant", "assistante"), ("social", "sociale"), ("expert", "experte"),
    ("opérationnel", "opérationnelle"), ("superviseur", "superviseuse"), ("chiffreur", "chiffreuse"),
    ("régulateur", "régulatrice"), ("directeur", "directrice"), ("médical", "médicale"),
]
_MASCULINS = {m: f for m, f in _LEXIQUE}
_FEMININS = {f: m for m, f in _LEXIQUE}


def _feminin_marque(radical: str, marque: str) -> str | None:
    """« Chargé » + « e » → « Chargée » ; None si la parenthèse n'est pas une marque de genre."""
    if marque in ("e", "é"):
        return radical[:-2] + "ère" if radical.endswith("er") else radical + "e"
    if marque in ("ne", "le"):
        return radical + marque
    if marque == "trice":
        return radical[:-4] + "trice" if radical.endswith("teur") else radical + "trice"
    if marque == "ve":
        return radical[:-1] + "ve" if radical.endswith("f") else radical + "ve"
    if len(marque) > 3 and marque[0].lower() == radical[0].lower() and " " not in marque:
        return marque  # forme entière : « hôte(hôtesse) »
    return None


def _avec_casse(modele: str, mot: str) -> str:
    if modele.isupper() and len(modele) > 1:
        return mot.upper()
    if modele[:1].isupper():
        return mot[:1].upper() + mot[1:]
    return mot


def _marque(jeton: str) -> tuple[str, str, str] | None:
    """(masculin, féminin, pluriel) d'un mot en notation inclusive, ou None."""
    m = _MARQUE.match(jeton)
    if not m:
        return None
    radical, marque = m["radical"], m["marque"]
    if m["espace"] and marque.lower() != "trice":
        return None  # « nature (habitation) » : parenthèse ordinaire
    capitales = radical.isupper() and marque.isupper()
    feminin = _feminin_marque(radical.lower() if capitales else radical, marque.lower())
    if feminin is None:
        return None
    return radical, feminin.upper() if capitales else feminin, m["pluriel"]


def formes_genrees(intitule: str) -> FormesGenrees:
    """Les formes masculine et féminine de `intitule`, égales pour un intitulé épicène.

    Le titulaire s'accorde : le mot de tête, ses adjectifs et les mots en notation inclusive au
    singulier. Un complément au pluriel (« de chargé(e)s ») désigne d'autres personnes : il prend
    le pluriel générique, le même dans les deux formes. « (f/h) » dit que le féminin n'est pas
    d'usage (section I.6 de la source) : les deux formes sont alors l'intitulé sans la mention.
    """
    sans_fh = _FH.sub("", intitule)
    if sans_fh != intitule:
        texte = " ".join(sans_fh.split())
        return FormesGenrees(texte, texte)
    masculin: list[str] = []
    feminin: list[str] = []
    tete = True  # on est dans le groupe du titulaire
    accord = True  # le mot courant peut encore s'accorder avec le titulaire
    for jeton in _JETON.findall(intitule):
        if jeton.isspace():
            masculin.append(" ")
            feminin.append(" ")
            continue
        cle = jeton.lower().rstrip("'’")
        if cle in _COORDINATIONS:
            tete, accord = True, True
        elif cle in _PREPOSITIONS or jeton in ("'", "’"):
            tete, accord = False, False
        formes = _marque(jeton)
        if formes is not None:
            radical, fem, pluriel = formes
            if pluriel and not tete:
                fem = radical  # complément au pluriel : pluriel générique
            masculin.append(radical + pluriel)
            feminin.append(fem + pluriel)
            continue
        m_, f_ = jeton, jeton
        if tete and accord:
            if cle in _MASCULINS:
                f_ = _avec_casse(jeton, _MASCULINS[cle])
            elif cle in _FEMININS:
                m_ = _avec_casse(jeton, _FEMININS[cle])
            elif cle not in _EPICENES and cle not in _COORDINATIONS and jeton.isalpha():
                accord = False  # « Infirmier(e) Matériel Médical » : « Médical » suit « Matériel »
        masculin.append(m_)
        feminin.append(f_)
    return FormesGenrees(" ".join("".join(masculin).split()), " ".join("".join(feminin).split()))


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


# Recherche d'intitulés d'emploi -------------------------------------------------------------------

# Mots outils et lettres isolées : « responsable de plateau » et « responsable plateau », « H/F » ou non,
# désignent le même emploi.
MOTS_VIDES = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par",
                        "pour", "qu", "sur"})
# Féminin → masculin sur des mots sans accents, suffixes longs d'abord. Appliquée aux deux côtés d'une
# comparaison, une règle qui déforme un mot rare (« adresse » → « adre ») ne fausse rien tant que deux
# mots différents ne tombent pas sur la même forme.
_SUFFIXES_FEMININS = (("trice", "teur"), ("euse", "eur"), ("enne", "en"), ("elle", "el"), ("esse", "e"), ("ere", "er"),
             ("ive", "if"), ("ffe", "f"), ("ale", "al"), ("nte", "nt"), ("ee", "e"))


def forme_de_base(mot: str) -> str:
    """Un mot de `cle` ramené au masculin singulier : « infirmieres » → « infirmier », « reseaux » → « reseau »."""
    if len(mot) > 3 and mot[-1] in "sx" and not mot.endswith("ss"):
        mot = mot[:-1]
    for feminin, masculin in _SUFFIXES_FEMININS:
        if mot.endswith(feminin) and len(mot) > len(feminin) + 1:
            return mot[: -len(feminin)] + masculin
    return mot


def mots(intitule: str, abreviations: Mapping[str, str] | None = None) -> list[str]:
    """Les mots qui portent le sens d'un intitulé, dans l'ordre, pour une recherche : forme masculine de la
    notation inclusive, `cle`, élisions séparées (« d'assistance »), mots vides et lettres isolées retirés,
    féminins et pluriels ramenés au masculin singulier.

    `abreviations` (mot de `cle`, ou sa forme de base → développement) remplace un mot (« resp » →
    « responsable ») ; un développement vide retire le mot (« senior », « confirmée »)."""
    formes = formes_genrees(intitule)
    resultat: list[str] = []
    for mot in cle(formes.masculin if formes else intitule).replace("'", " ").split():
        base = forme_de_base(mot)
        developpement = None if abreviations is None else abreviations.get(mot, abreviations.get(base))
        if developpement is not None:
            resultat += mots(developpement)
        elif len(mot) > 1 and mot not in MOTS_VIDES:
            resultat.append(base)
    return resultat


def cle_recherche(intitule: str, abreviations: Mapping[str, str] | None = None) -> str:
    """Les mots de `mots`, sans doublon et triés : l'ordre des mots ne compte plus."""
    return " ".join(sorted(set(mots(intitule, abreviations))))
