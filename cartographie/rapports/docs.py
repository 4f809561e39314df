"""Les tableaux de `docs/` calculés à partir des données, régénérés par `make docs`.

Comme l'ODK génère sa documentation, un tableau tiré des données n'est jamais tapé à la main : dans un
fichier Markdown, le bloc compris entre `<!-- genere: cartographie … -->` et `<!-- fin -->` est la
sortie exacte de la commande nommée. `make docs` réécrit ces blocs ; un test vérifie qu'ils sont à jour.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

from cartographie.erreurs import ErreurEntree

_BLOC = re.compile(r"(<!-- genere: (cartographie [^>]*?) -->\n)(.*?)(<!-- fin -->)", re.S)


def sortie_de(commande: str, racine: Path | None = None) -> str:
    """Ce qu'affiche `commande` (une ligne `cartographie …`), exécutée dans ce processus."""
    from cartographie.cli import main  # la CLI dépend des rapports, pas l'inverse

    arguments = shlex.split(commande)[1:]
    if racine is not None:
        arguments = ["--racine", str(racine), *arguments]
    tampon = io.StringIO()
    with contextlib.redirect_stdout(tampon):
        code = main(arguments)
    if code != 0:
        raise ErreurEntree(f"« {commande} » a échoué (code {code}) : bloc généré impossible.")
    return tampon.getvalue()


def regenerer(texte: str, racine: Path | None = None) -> str:
    """Le Markdown `texte` dont chaque bloc généré est remplacé par la sortie actuelle de sa commande."""
    return _BLOC.sub(lambda m: m.group(1) + sortie_de(m.group(2), racine) + m.group(4), texte)


def blocs(texte: str) -> list[tuple[str, str]]:
    """(commande, contenu actuel) de chaque bloc généré."""
    return [(m.group(2), m.group(3)) for m in _BLOC.finditer(texte)]


def main(chemins: list[str]) -> int:
    for chemin in map(Path, chemins):
        texte = chemin.read_text(encoding="utf-8")
        nouveau = regenerer(texte)
        if nouveau != texte:
            chemin.write_text(nouveau, encoding="utf-8")
            print(f"{chemin} : tableaux régénérés.")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
