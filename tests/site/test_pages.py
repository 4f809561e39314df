"""Les pages du site confrontées à la source de 2009 (faits relus à la main dans le texte source)."""

from __future__ import annotations

from pathlib import Path

from cartographie.texte import cle

from .outils import arbre, texte, tous

# Tableau I.4 de la source : les neuf familles.
FAMILLES = [
    "Opérations d'assistance", "Activités médicales", "Support et organisation d'assistance", "Gestion d'assistance",
    "Réseau de prestataires", "Commercial et marketing", "Informatique et téléphonie", "Ressources humaines",
    "Autres métiers supports ou transverses",
]
# Fiche 0102, lignes 1053 à 1100 de la source : le premier élément de chaque fréquence et leur nombre.
ACTIVITES_0102 = {
    "Activités rencontrées dans la majorité des situations de travail": ("Réceptionne les demandes d’assistance", 11),
    "Activités rencontrées fréquemment": ("Procède à des ouvertures de dossiers d'assistance en temps différé", 6),
    "Activités rencontrées plus rarement": ("Assure le support technique aux autres chargé(e)s d’assistance", 8),
}


def _section(page: Path, titre: str):
    """Les éléments qui suivent le titre `titre` dans sa section de rubrique."""
    for section in arbre(page).iter("section"):
        titres = [e for e in section if e.tag in ("h3", "h4")]
        if titres and cle(texte(titres[0])) == cle(titre):
            return section
    raise AssertionError(f"rubrique « {titre} » absente de {page.name}")


def test_accueil_montre_les_neuf_familles_et_leurs_effectifs(site: Path) -> None:
    page = arbre(site / "index.html")
    titres = [texte(h) for h in page.iter("h3")]
    assert [cle(t.split(" ", 1)[1]) for t in titres] == [cle(f) for f in FAMILLES]
    svg = tous(page, "svg")[0]
    # Effectifs imprimés dans le tableau I.4 pour les familles 01 et 02.
    assert "3 399" in texte(svg).replace("\u00a0", " ") and "184" in texte(svg)


def test_page_0102_les_activites_sous_les_trois_frequences(site: Path) -> None:
    page = site / "id" / "metier-0102.html"
    for rubrique, (premiere, nombre) in ACTIVITES_0102.items():
        elements = list(_section(page, rubrique).find("ul"))
        assert len(elements) == nombre
        assert cle(texte(elements[0])).startswith(cle(premiere))


def test_page_0102_graphe_des_mobilites_avec_ses_cibles(site: Path) -> None:
    svg = next(s for s in tous(arbre(site / "id" / "metier-0102.html"), "svg") if "mobilites" in (s.get("class") or ""))
    intitules = [cle(texte(tous(a, "title")[0])) for a in tous(svg, "a")]
    # Les 14 évolutions citées par la source (lignes 1218-1233), plus les métiers d'où l'on vient.
    for attendu in ("encadrant e d'assistance 0103", "formateur trice assistance 0804", "charge e de planning",
                    "charge e de la qualite 0905"):
        assert attendu in intitules
    assert (site / "id" / "metier-0103.html").exists()


def test_chaque_rubrique_de_0102_dans_l_ordre_de_la_source(site: Path) -> None:
    page = arbre(site / "id" / "metier-0102.html")
    titres = [cle(texte(h)) for h in page.iter() if h.tag in ("h3", "h4")]
    ordre_source = ["Autres dénominations rencontrées à ce jour", "Famille de métier", "Rattachements hiérarchiques rencontrés",
                    "Mission", "Conditions générales d'exercice", *ACTIVITES_0102,
                    "Caractéristiques et variantes du métier", "Aptitudes", "L'évolution vers d'autres métiers"]
    positions = [titres.index(cle(t)) for t in ordre_source]
    assert positions == sorted(positions)


def test_pages_des_specialistes_des_metiers_cites_et_des_competences(site: Path) -> None:
    assert (site / "id" / "metier-hors-nomenclature-charge-e-de-planning.html").exists()
    # Les dix métiers recensés de la fiche 0104 (« Les métiers recensés », lignes 1500-1520 de la source).
    specialistes = [p for p in (site / "id").glob("metier-0104-*.html")
                    if "Métier recensé dans la fiche" in p.read_text(encoding="utf-8")]
    assert len(specialistes) == 10
    assert texte(next(arbre(site / "id" / "metier-0104-psychologue.html").iter("h1"))) == "Psychologue"
    competences = list((site / "id").glob("competence-*.html"))
    assert competences and all("Métiers qui la mettent en œuvre" in p.read_text(encoding="utf-8") for p in competences[:5])


def test_index_az_contient_les_formes_genrees_et_les_autres_denominations(site: Path) -> None:
    entrees = {cle(texte(a)) for a in arbre(site / "az.html").iter("a")}
    # « technicien(ne) du standard » et « hôte(hôtesse) d'accueil » : autres dénominations de 0101 (ligne 908).
    assert {"technicienne du standard", "technicien du standard", "hotesse d'accueil"} <= {
        e.removeprefix("standardiste ") for e in entrees}


def test_chaque_page_lie_ses_descriptions_turtle_et_jsonld(site: Path) -> None:
    for page in [site / "index.html", site / "az.html", site / "id" / "metier-0102.html", site / "def.html"]:
        liens = {(e.get("type"), e.get("href")) for e in arbre(page).iter("link") if e.get("rel") == "alternate"}
        types = {t for t, _ in liens}
        assert {"text/turtle", "application/ld+json"} <= types, page
        for _, href in liens:
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_le_vocabulaire_est_documente_par_pylode(site: Path) -> None:
    html = (site / "def.html").read_text(encoding="utf-8")
    assert "pyLODE" in html and "MetierSpecialise" in html


def test_certifications_de_0204_par_un_alignement_faible(site: Path) -> None:
    """0204 n'est aligné sur le ROME que par skos:relatedMatch (table relue, ligne J1127) : sa page montre des
    certifications, chacune une fois, toutes marquées comme venant d'un alignement faible, avec leurs raisons."""
    from cartographie.io.sssom import lire_sssom
    from cartographie.projet import Projet

    table = lire_sssom(Projet.par_defaut().donnees / "alignements" / "rome.sssom.tsv")
    assert {(ligne["predicate_id"], ligne["object_id"]) for ligne in table.lignes
            if ligne["subject_id"] == "cmaid:metier-0204"} == {("skos:relatedMatch", "rome460:J1127")}
    (tableau,) = [t for t in arbre(site / "id" / "metier-0204.html").iter("table")
                  if "certifications rncp" in cle(texte(t.find("caption")))]
    lignes = [[texte(c) for c in tr.findall("td")] for tr in tableau.find("tbody").findall("tr")]
    assert lignes
    numeros = [ligne[0] for ligne in lignes]
    assert len(numeros) == len(set(numeros)) and all(n.startswith("RNCP") for n in numeros)
    assert {(ligne[3], ligne[4]) for ligne in lignes} == {("J1127", "faible (relatedMatch)")}
    assert all("J1102" in ligne[6] for ligne in lignes)      # le code v3 de J1127, cité par la certification
