"""L'aller-retour : exporter le classeur, l'importer dans une copie vidée de `donnees/`, construire, et la
publication est identique, à l'octet près, à `export/` du dépôt."""

from __future__ import annotations

import shutil
from pathlib import Path

from cartographie.classeur import exporter, fichiers_du_classeur, importer
from cartographie.construction.construire import publier
from cartographie.projet import Projet


def test_exporter_importer_construire_redonne_export_a_l_octet(copie_projet: Projet, tmp_path: Path) -> None:
    depot = Projet.par_defaut()
    classeur = tmp_path / "carte.xlsx"
    exporter(depot, classeur)
    # Les fichiers que le classeur couvre sont retirés de la copie : seul l'import peut les rendre.
    for fichier in fichiers_du_classeur(copie_projet.donnees):
        fichier.unlink()
    shutil.rmtree(copie_projet.donnees / "fiches")
    importer(copie_projet, classeur, copie_projet.donnees)
    sortie = tmp_path / "publication"
    publier(copie_projet, sortie, progression=lambda _: None)
    attendus = sorted(p.name for p in depot.export.iterdir())
    assert sorted(p.name for p in sortie.iterdir()) == attendus
    for nom in attendus:
        assert (sortie / nom).read_bytes() == (depot.export / nom).read_bytes(), nom
