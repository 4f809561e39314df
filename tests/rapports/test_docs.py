"""Les tableaux de docs/ sont la sortie actuelle de leur commande (`make docs` les régénère)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartographie.rapports.docs import blocs, regenerer, sortie_de

DOCS = Path(__file__).resolve().parents[2] / "docs"
BLOCS = [(chemin.name, commande) for chemin in sorted(DOCS.glob("*.md")) for commande, _ in blocs(chemin.read_text("utf-8"))]


def test_des_tableaux_sont_generes():
    assert len(BLOCS) >= 3


@pytest.mark.parametrize(("fichier", "commande"), BLOCS)
def test_tableau_a_jour(fichier: str, commande: str):
    actuels = dict(blocs((DOCS / fichier).read_text("utf-8")))
    assert actuels[commande] == sortie_de(commande), f"{fichier} : lancez `make docs`"


def test_regenerer_remplace_le_bloc_et_garde_le_reste():
    texte = "avant\n<!-- genere: cartographie requetes -->\nvieux\n<!-- fin -->\naprès\n"
    nouveau = regenerer(texte)
    assert nouveau.startswith("avant\n<!-- genere: cartographie requetes -->\n")
    assert "vieux" not in nouveau and "effectifs" in nouveau and nouveau.endswith("<!-- fin -->\naprès\n")
