"""L'index de « Trouver mon métier », calculé à la construction avec le normaliseur du projet
(`cartographie.texte.cle`) et chargé par le navigateur comme un script : le site marche sans serveur,
même ouvert depuis le disque."""

from __future__ import annotations

import json

from .lecture import Intitule


def index_recherche(intitules: list[Intitule]) -> str:
    entrees = [{"k": i.cle, "l": i.libelle, "u": i.page, "c": i.code, "t": i.metier, "g": i.sorte} for i in intitules]
    # json.dumps échappe ce qu'il faut pour un littéral JavaScript ; « < » est échappé en plus pour
    # qu'un intitulé ne puisse pas fermer une balise si le fichier était un jour inclus dans une page.
    texte = json.dumps(entrees, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.INDEX_RECHERCHE = {texte};\n"
