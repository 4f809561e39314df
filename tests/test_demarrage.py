"""Une commande de lecture démarre sans les bibliothèques de construction : pySHACL, owlrl et rdflib
coûtent à l'import plus que tout le reste de `cartographie fiche` (voir docs/performances.md). Borné par
les modules chargés, pas par l'horloge. Ni urllib3 : le client HTTP ne sert qu'à un serveur distant
(--endpoint, publier). `validate` de la publication intacte non plus : pyoxigraph et rudof seuls."""

from __future__ import annotations

import subprocess
import sys

import pytest

LOURDS = ("rdflib", "pyshacl", "owlrl", "yaml", "rapidfuzz", "urllib3")
PROGRAMME = """
import contextlib, io, sys
from cartographie.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, *sorted(m for m in {lourds} if m in sys.modules))
"""


# `validate` de la publication intacte : lue par pyoxigraph, validée par rudof (construction/verifier.py).
@pytest.mark.parametrize("commande", [["fiche", "0102"], ["query", "effectifs"], ["requetes"], ["--help"], ["validate"]])
def test_lecture_sans_bibliotheques_de_construction(commande: list[str]):
    fini = subprocess.run([sys.executable, "-c", PROGRAMME.format(lourds=LOURDS), *commande],
                          capture_output=True, text=True, check=False)
    code, *charges = (fini.stdout.strip().splitlines() or ["?"])[-1].split()
    assert code in ("0", "None") or commande == ["--help"], fini.stderr
    assert charges == [], f"{' '.join(commande)} importe {charges}"
