"""Le site utilisé comme une personne l'utilise : Chromium de Debian piloté par Playwright, au clavier.

Sans Chromium, ces tests sont sautés avec la commande d'installation. Les captures d'écran (accueil et page
0102, largeurs téléphone et bureau) sont écrites dans build/captures/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

from cartographie.projet import Projet
from cartographie.texte import cle

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium absent : installez le paquet Debian avec `apt-get update && apt-get install -y chromium`")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright absent : pip install -e '.[test]'")

TELEPHONE = {"width": 390, "height": 844}
BUREAU = {"width": 1280, "height": 900}
AXE = Path(str(files("axe_playwright_python") / "axe.min.js"))
GRAVES = ("serious", "critical")


@pytest.fixture(scope="module")
def navigateur() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield navigateur
        navigateur.close()


@pytest.fixture
def page(navigateur: object) -> Iterator[object]:
    contexte = navigateur.new_context(viewport=BUREAU, locale="fr-FR")
    page = contexte.new_page()
    dialogues: list[str] = []
    page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
    page.dialogues = dialogues
    yield page
    contexte.close()


def test_accueil_neuf_familles(page: object, url_serveur: str) -> None:
    page.goto(url_serveur + "/")
    assert page.locator("ul.familles > li").count() == 9
    assert page.locator("svg[role=img] >> nth=0").is_visible()


def _au_clavier_jusqu_au_champ(page: object) -> None:
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "champ-recherche":
            return
    raise AssertionError("le champ de recherche n'est pas atteint au clavier")


@pytest.mark.parametrize("saisie", ["technicienne du standard", "hotesse d'accueil"])
def test_trouver_mon_metier_au_clavier(page: object, url_serveur: str, saisie: str) -> None:
    page.goto(url_serveur + "/")
    _au_clavier_jusqu_au_champ(page)
    page.keyboard.type(saisie)
    premiere = page.locator("#suggestions-recherche [role=option]").first
    assert "0101" in premiere.inner_text()
    page.keyboard.press("ArrowDown")
    assert premiere.get_attribute("aria-selected") == "true"
    assert page.get_attribute("#champ-recherche", "aria-activedescendant") == premiere.get_attribute("id")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/id/metier-0101.html")
    assert "0101" in page.locator("h1").inner_text()


def test_page_0102_activites_et_mobilites(page: object, url_serveur: str) -> None:
    page.goto(url_serveur + "/id/metier-0102.html")
    for frequence in ("dans la majorité des situations de travail", "fréquemment", "plus rarement"):
        titre = page.get_by_role("heading", name=f"Activités rencontrées {frequence}")
        assert titre.is_visible()
        assert titre.locator("xpath=following-sibling::ul[1]/li").count() > 0
    graphe = page.locator("svg.mobilites")
    assert graphe.is_visible()
    cibles = [cle(t) for t in graphe.locator("a title").all_text_contents()]
    assert "encadrant e d'assistance 0103" in cibles and "charge e de planning" in cibles


def test_le_normaliseur_du_navigateur_est_celui_du_projet(page: object, url_serveur: str) -> None:
    page.goto(url_serveur + "/recherche.html")
    exemples = ["Hôtesse d’accueil", "MANŒUVRE", "Æsthète", "Chargé(e) d'assistance (f/h)", "  Technicien(ne)   du STANDARD ",
                "Coordinateur(trice) opérationnel(le)", "Infirmier(e) — transport", "Médecin régulateur (trice) H/F"]
    assert page.evaluate("exemples => exemples.map(cle)", exemples) == [cle(e) for e in exemples]


@pytest.mark.parametrize("saisie", ["a" * 10_000, "<script>alert(1)</script><img src=x onerror=alert(2)>",
                                    "hôtesse\"><svg onload=alert(3)>"])
def test_recherche_hostile_ni_plantage_ni_injection(page: object, url_serveur: str, saisie: str) -> None:
    page.goto(url_serveur + "/recherche.html")
    erreurs: list[str] = []
    page.on("pageerror", lambda e: erreurs.append(str(e)))
    page.fill("#champ-recherche", saisie)
    page.dispatch_event("#champ-recherche", "input")
    page.wait_for_timeout(200)
    assert erreurs == [] and page.dialogues == []
    assert page.locator("#suggestions-recherche img, #suggestions-recherche script, #suggestions-recherche svg").count() == 0
    assert len(page.input_value("#champ-recherche")) <= 200
    assert page.locator("[role=status]").inner_text() != ""


@pytest.mark.parametrize("chemin", ["/", "/recherche.html", "/id/metier-0102.html", "/az.html", "/requetes.html"])
def test_accessibilite_axe_sans_violation(page: object, url_serveur: str, chemin: str) -> None:
    """Aucune violation d'axe-core, même modérée (régression : les tableaux de `requetes.html` portaient tous la même
    étiquette de région, « landmark-unique »)."""
    page.goto(url_serveur + chemin)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".map(v => ({id: v.id, impact: v.impact, n: v.nodes.length}))")
    assert violations == []


@pytest.mark.parametrize("nom, taille", [("telephone", TELEPHONE), ("bureau", BUREAU)])
def test_page_evolution_axe_et_telephone(navigateur: object, site_2008: Path, nom: str, taille: dict[str, int]) -> None:
    """La page d'évolution (publication à deux dates), ouverte depuis le disque : ni violation grave d'axe-core,
    ni défilement horizontal de la page entière (le tableau défile dans sa région)."""
    contexte = navigateur.new_context(viewport=taille, locale="fr-FR")
    page = contexte.new_page()
    page.goto((site_2008 / "evolution.html").as_uri())
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                               ".map(v => ({id: v.id, impact: v.impact, n: v.nodes.length}))")
    assert [v for v in violations if v["impact"] in GRAVES] == []
    assert page.locator("svg[role=img]").count() == 9
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    contexte.close()


@pytest.mark.parametrize("nom, taille", [("telephone", TELEPHONE), ("bureau", BUREAU)])
def test_captures_d_ecran(navigateur: object, url_serveur: str, nom: str, taille: dict[str, int]) -> None:
    dossier = Projet.par_defaut().construction / "captures"
    dossier.mkdir(parents=True, exist_ok=True)
    contexte = navigateur.new_context(viewport=taille, locale="fr-FR")
    page = contexte.new_page()
    for chemin, fichier in (("/", "accueil"), ("/id/metier-0102.html", "metier-0102")):
        page.goto(url_serveur + chemin)
        capture = dossier / f"{fichier}-{nom}.png"
        page.screenshot(path=str(capture), full_page=True)
        assert capture.stat().st_size > 10_000
        # Lisible sur téléphone : pas de défilement horizontal de la page entière.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    contexte.close()
