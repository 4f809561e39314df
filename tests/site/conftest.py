"""Le site construit une fois par session, le serveur local qui le sert sur la boucle locale, et le site
d'une publication qui a des effectifs à deux dates (fixture 2008 importée)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cartographie.projet import Projet
from cartographie.site.pages import construire_site
from cartographie.site.serveur import Configuration, serveur


@pytest.fixture(scope="session")
def site(partage) -> Path:
    return partage("site", lambda dossier: construire_site(Projet.par_defaut(), dossier))


@pytest.fixture(scope="session")
def site_2008(partage, projet_2008: Projet) -> Path:
    return partage("site-2008", lambda dossier: construire_site(projet_2008, dossier))


@pytest.fixture(scope="session")
def url_serveur(site: Path) -> Iterator[str]:
    """`cartographie serve` sur un port libre de 127.0.0.1, bornes réduites pour tester les refus vite."""
    http = serveur(Configuration(site, Projet.par_defaut().publies, delai=3, limite=50), 0)
    fil = threading.Thread(target=http.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{http.server_address[1]}"
    finally:
        http.shutdown()
        http.server_close()
