"""L'alignement sur le ROME : la table SSSOM relue, ses relations SKOS dans la publication, les
certifications qu'elle ouvre, et le comparateur d'intitulés qui propose les candidats."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from cartographie.alignement.candidats import appellations_rome, candidats, variantes
from cartographie.erreurs import ErreurEntree
from cartographie.io.sssom import PREDICATS, lire_sssom
from cartographie.projet import Projet
from cartographie.sparql.catalogue import catalogue, lier
from cartographie.sparql.moteurs import Embarque
from cartographie.texte import cle
from cartographie.vocab import CMA, ID, PAV, SEMAPV, SSSOM

TABLE = Projet.par_defaut().donnees / "alignements" / "rome.sssom.tsv"
FIXTURES = Path(__file__).parent.parent / "fixtures" / "referentiels"
ROME = "https://w3id.org/metiers-assistance/ref/rome/v460/"


@pytest.fixture(scope="module")
def moteur() -> Embarque:
    return Embarque([Projet.par_defaut().export / "cartographie.nt", Projet.par_defaut().export / "referentiels.nt"])


def executer(moteur: Embarque, nom: str, **parametres: str):
    return moteur.select(lier(catalogue(Projet.par_defaut().requetes)[nom], parametres))


def test_la_table_sssom_est_valide_et_couvre_les_39_metiers(publication: Graph):
    table = lire_sssom(TABLE)
    assert table.metadonnees["license"].startswith("https://www.etalab.gouv.fr/")
    assert {ligne["predicate_id"] for ligne in table.lignes} <= PREDICATS
    assert {ligne["mapping_justification"] for ligne in table.lignes} == {"semapv:ManualMappingCuration"}
    codes = {str(publication.value(m, SKOS.notation)) for m in publication.subjects(CMA.famille, None)}
    alignes = {ligne["subject_id"].removeprefix("cmaid:metier-")[:4] for ligne in table.lignes}
    assert codes == alignes
    assert all(ligne["comment"] for ligne in table.lignes)


# Les dix métiers recensés de 0104, relus dans la source (ligne où chacun est décrit).
SPECIALISTES_0104 = {
    1491: "metier-0104-charge-e-d-evaluation-en-reparation-en-nature-habitation",
    1511: "metier-0104-technicien-ne-automobile-patrouilleurs",
    1526: "metier-0104-psychologue",
    1540: "metier-0104-assistant-e-social-e",
    1557: "metier-0104-infirmier-e-assistance-sante",
    1579: "metier-0104-medecin-conseil-d-assistance-f-h",
    1594: "metier-0104-dieteticien-ne-conseil",
    1612: "metier-0104-juriste-d-assistance-f-h",
    1627: "metier-0104-conseiller-e-emploi",
    1645: "metier-0104-charge-e-d-information-retraite",
}
JEU_ROME = URIRef("https://w3id.org/metiers-assistance/alignements/rome.sssom.tsv")


def test_chaque_metier_et_chaque_specialiste_a_une_correspondance_rome_ou_aucune(publication: Graph, lignes_source):
    """Régression : « Chargé(e) d'information Retraite » (ligne 1645) n'avait ni correspondance ni
    sssom:NoTermFound. Chaque métier codifié et chaque métier recensé de 0104 doit avoir, dans le jeu
    ROME publié, un axiome vers une fiche ROME de l'extrait ou vers sssom:NoTermFound."""
    for numero, local in SPECIALISTES_0104.items():
        intitule = str(publication.value(ID[local], SKOS.prefLabel))
        assert lignes_source[numero - 1].strip().startswith(intitule.removesuffix(" (f/h)")), (numero, intitule)
    metiers = {m for m in publication.subjects(CMA.famille, None)} | {ID[local] for local in SPECIALISTES_0104.values()}
    assert len(metiers) == 49
    # Les fiches ROME de l'extrait, lues par pyoxigraph (l'extrait entier dans rdflib : 4 s).
    fiches = {URIRef(t.subject.value) for t in ox.parse(path=str(Projet.par_defaut().export / "referentiels.nt"),
                                                        format=ox.RdfFormat.N_TRIPLES)
              if t.predicate.value == str(RDF.type) and t.object.value == str(CMA.FicheRome)}
    for metier in metiers:
        cibles = {publication.value(axiome, OWL.annotatedTarget)
                  for axiome in publication.objects(JEU_ROME, SSSOM.mappings)
                  if publication.value(axiome, OWL.annotatedSource) == metier}
        assert cibles and all(c == SSSOM.NoTermFound or c in fiches for c in cibles), metier


def test_relations_skos_dans_la_publication(publication: Graph):
    assert (ID["metier-0101"], SKOS.broadMatch, URIRef(ROME + "M1614")) in publication
    assert (ID["metier-0201"], SKOS.closeMatch, URIRef(ROME + "J1108")) in publication
    assert (ID["metier-0904"], SKOS.exactMatch, URIRef(ROME + "M1204")) in publication
    assert (ID["metier-0104-psychologue"], SKOS.broadMatch, URIRef(ROME + "K1104")) in publication
    assert not list(publication.triples((ID["metier-0501"], None, SSSOM.NoTermFound)))
    assert not [o for p, o in publication.predicate_objects(ID["metier-0501"]) if str(p).endswith("Match")]


def _axiome(publication: Graph, sujet: URIRef, cible: URIRef) -> URIRef:
    """L'axiome du jeu ROME qui relie `sujet` à `cible` (0501 a aussi un sssom:NoTermFound dans le jeu ESCO)."""
    (axiome,) = [a for a in publication.objects(JEU_ROME, SSSOM.mappings)
                 if publication.value(a, OWL.annotatedSource) == sujet and publication.value(a, OWL.annotatedTarget) == cible]
    return axiome


def test_correspondances_reifiees_comme_sssom_py(publication: Graph):
    """Chaque ligne de la table est un owl:Axiom du sssom:MappingSet, avec ses métadonnées typées comme les
    écrit sssom-py (confiance xsd:double, justification IRI semapv, date xsd:date) ; la ligne 0101 → M1614
    de la table dit 0.90, semapv:ManualMappingCuration, 2026-11-27."""
    assert (JEU_ROME, RDF.type, SSSOM.MappingSet) in publication
    axiome = _axiome(publication, ID["metier-0101"], URIRef(ROME + "M1614"))
    assert (JEU_ROME, SSSOM.mappings, axiome) in publication
    assert (axiome, RDF.type, OWL.Axiom) in publication
    assert publication.value(axiome, OWL.annotatedProperty) == SKOS.broadMatch
    assert publication.value(axiome, SSSOM.confidence) == Literal(0.9, datatype=XSD.double)
    assert publication.value(axiome, SSSOM.mapping_justification) == SEMAPV.ManualMappingCuration
    assert publication.value(axiome, DCTERMS.created) == Literal("2026-11-27", datatype=XSD.date)
    assert publication.value(axiome, PAV.authoredBy) == ID["equipe-cartographie"]
    assert str(publication.value(axiome, RDFS.comment)).startswith("ROME : « Répond aux appels entrants")
    aucune = _axiome(publication, ID["metier-0501"], SSSOM.NoTermFound)
    assert "Aucune fiche ROME" in str(publication.value(aucune, RDFS.comment))


def test_l_accueil_et_le_standard_d_apres_les_definitions(publication: Graph):
    """L'alignement 0101 → M1614 (standardiste) est justifié par les deux définitions."""
    definition_rome = next(ligne["libelle_texte"] for ligne in csv.DictReader(
        (FIXTURES / "rome" / "unix_texte_v460_utf8.csv").open(encoding="utf-8", newline=""))
        if ligne["code_rome"] == "M1614" and ligne["libelle_type_texte"] == "definition"
        and "oriente" in ligne["libelle_texte"])
    assert "Répond aux appels entrants et oriente les interlocuteurs" in definition_rome
    assert "oriente les communications téléphoniques" in str(publication.value(ID["metier-0101"], SKOS.definition))
    assert "standardiste" in {str(o) for o in publication.objects(ID["metier-0101"], SKOS.altLabel)}


@pytest.mark.parametrize(("avant", "apres", "message"), [
    ("\tskos:broadMatch\trome460:M1614", "\tskos:sameAs\trome460:M1614", "prédicat « skos:sameAs » non admis"),
    ("\t0.90\tcmaid:equipe-cartographie\t2026-11-27\tROME : « Répond", "\t1.50\tcmaid:equipe-cartographie\t2026-11-27\tROME : « Répond",
     "confiance « 1.50 » hors de [0, 1]"),
    ("\t2026-11-27\tROME : « Répond", "\t27/11/2026\tROME : « Répond", "date « 27/11/2026 » invalide"),
    ("\tsemapv:ManualMappingCuration\t0.90", "\tsemapv:AuFeeling\t0.90", "justification « semapv:AuFeeling » inconnue"),
    ("rome460:M1614", "inconnu:M1614", "préfixe « inconnu » absent du curie_map"),
    ("mapping_justification\t", "justification\t", "colonne(s) SSSOM absente(s) : mapping_justification"),
])
def test_table_sssom_fautive(tmp_path: Path, avant: str, apres: str, message: str):
    texte = TABLE.read_text(encoding="utf-8")
    assert avant in texte
    fautive = tmp_path / "fautive.sssom.tsv"
    fautive.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    with pytest.raises(ErreurEntree, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]")):
        lire_sssom(fautive)


def _fixture_rncp(nom: str) -> list[dict[str, str]]:
    with (FIXTURES / "rncp" / nom).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_certifications_du_controleur_de_gestion(moteur):
    """0904 est aligné sur M1204, fiche v3 elle-même : une certification en cours qui ne cite que M1204
    dans l'export RNCP a la pertinence ROME maximale et doit sortir ; toute certification proposée cite
    M1204, ou sa raison nomme la certification remplacée qui le citait dans l'export."""
    succession = _fixture_rncp("export_fiches_CSV_Ancienne_Nouvelle_Certification_2026_02_01.csv")
    remplacees = {ligne_["Numero_Fiche"] for ligne_ in succession if ligne_["Nouvelle_Certification"]}
    codes: dict[str, set[str]] = {}
    for ligne_ in _fixture_rncp("export_fiches_CSV_Rome_2026_02_01.csv"):
        codes.setdefault(ligne_["Numero_Fiche"], set()).add(ligne_["Codes_Rome_Code"])
    seulement_m1204 = {n for n, c in codes.items() if c == {"M1204"} and n.startswith("RNCP")} - remplacees
    resultat = executer(moteur, "certifications", metier="0904")
    numeros = {ligne_["numero"].valeur for ligne_ in resultat.lignes}
    assert seulement_m1204 and seulement_m1204 <= numeros
    for ligne_ in resultat.lignes:
        if "M1204" not in codes.get(ligne_["numero"].valeur, set()):
            citee = re.search(r"ne cite plus M1204 : seule (RNCP\d+)", ligne_["pourquoi"].valeur).group(1)
            assert "M1204" in codes[citee]
    assert {ligne_["force"].valeur for ligne_ in resultat.lignes} == {"forte"}


def test_certifications_de_l_accueil_suivent_la_succession(moteur):
    """RNCP14248 (cite M1601) a été remplacée par RNCP28739 : c'est la seconde qui sort."""
    assert {"Numero_Fiche": "RNCP14248", "Ancienne_Certification": "", "Nouvelle_Certification": "RNCP28739"} in \
        _fixture_rncp("export_fiches_CSV_Ancienne_Nouvelle_Certification_2026_02_01.csv")
    resultat = executer(moteur, "certifications", metier="0101")
    lignes = {ligne_["numero"].valeur: ligne_ for ligne_ in resultat.lignes}
    assert "RNCP14248" not in lignes
    accueil = lignes["RNCP28739"]
    assert (accueil["niveau"].valeur, accueil["actif"].valeur) == ("4", "false")
    assert accueil["pourquoi"].valeur.endswith("niveau 4 pour 4 demandé")


def test_pas_de_master_de_traitement_du_signal_pour_le_medecin_regulateur(moteur):
    """Régression : J1108 n'est atteint que par son code v3 J1102 ; RNCP39003 (Master traitement du signal)
    remplace RNCP23347, qui citait J1102, mais ne le cite plus elle-même et n'est pas du domaine Santé
    (NSF 200, 310, 326 dans l'export) : elle n'est plus proposée. RNCP39500 (J1101, J1102 ; NSF 331) l'est."""
    codes = {ligne_["Codes_Rome_Code"] for ligne_ in _fixture_rncp("export_fiches_CSV_Rome_2026_02_01.csv")
             if ligne_["Numero_Fiche"] == "RNCP39003"}
    assert codes and "J1102" not in codes
    lignes = {ligne_["numero"].valeur: ligne_ for ligne_ in executer(moteur, "certifications", metier="0201").lignes}
    assert "RNCP39003" not in lignes
    assert "cite J1102 parmi 2 code(s) ROME ; NSF 331" in lignes["RNCP39500"]["pourquoi"].valeur
    assert all(float(ligne_["pertinence"].valeur) >= 0.5 for ligne_ in lignes.values())


# Les métiers qui ne sont alignés sur le ROME que par skos:relatedMatch (d'après la table relue).
SEULEMENT_RELATED = ("0204", "0301", "0502", "0902")


@pytest.mark.parametrize("code", SEULEMENT_RELATED)
def test_les_metiers_alignes_par_related_match_ont_des_chemins_plus_faibles(moteur, code):
    """Régression : 0204 et les autres métiers alignés seulement par relatedMatch n'avaient aucune
    certification. Ils ont des chemins, marqués « faible », et le constat le dit."""
    predicats = {ligne_["predicate_id"] for ligne_ in lire_sssom(TABLE).lignes if ligne_["subject_id"] == f"cmaid:metier-{code}"}
    assert predicats == {"skos:relatedMatch"}
    lignes = executer(moteur, "certifications", metier=code).lignes
    assert lignes and {ligne_["force"].valeur for ligne_ in lignes} == {"faible (relatedMatch)"}
    constats = {ligne_["code"].valeur: ligne_ for ligne_ in executer(moteur, "certifications-manquantes").lignes}
    assert constats[code]["constat"].valeur == "seulement par un alignement faible (relatedMatch)"


def test_la_requete_alignements_rend_les_lignes_de_la_table_relue(moteur):
    """Une ligne par correspondance ROME de la table relue, et rien d'autre : ni les fiches ROME 4.0
    vers leur fiche v3 (skos:broadMatch elles aussi), ni le total ventilé vers les groupes (narrowMatch)."""
    attendues = {(ligne_["object_id"].removeprefix("rome460:"), ligne_["predicate_id"].removeprefix("skos:"),
                  ligne_["subject_label"]) for ligne_ in lire_sssom(TABLE).lignes
                 if ligne_["object_id"].startswith("rome460:")}          # sssom:NoTermFound : aucune fiche
    rendues = [(ligne_["rome"].valeur, ligne_["relation"].valeur, ligne_["metier"].valeur)
               for ligne_ in executer(moteur, "alignements").lignes]
    assert sorted(rendues) == sorted(attendues)


def test_certifications_manquantes(moteur):
    constats = {ligne_["code"].valeur: ligne_ for ligne_ in executer(moteur, "certifications-manquantes").lignes}
    assert len(constats) == 39
    assert constats["0201"]["niveauDemande"].valeur == "8"          # « Diplôme de doctorat en médecine », ligne 2391
    assert constats["0101"]["niveauDemande"].valeur == "4"          # « Bac ou niveau équivalent », ligne 1006
    assert constats["0501"]["constat"].valeur == "aucune certification retenue"   # aucune fiche ROME ne convient
    assert "niveauDemande" not in constats["0202"]                  # fiche incomplète : rubrique absente


def test_mobilites_confrontees_au_rome(moteur):
    constats = {(ligne_["origine"].valeur, ligne_["cible"].valeur): ligne_["constat"].valeur
                for ligne_ in executer(moteur, "mobilites-rome").lignes}
    # Fiche 0101 → 0102 (ligne 1025) ; ROME : M1614 → D1408 (unix_rubrique_mobilite, rang 6).
    assert constats[("0101", "0102")] == "dans la fiche et dans le ROME"
    assert constats[("0102", "0103")] == "dans la fiche seulement"


@pytest.mark.parametrize(("intitule", "attendu"), [
    ("Chargé / Chargée d'assistance", {"charge d'assistance", "chargee d'assistance"}),
    ("Chargé(e) d’accueil", {"charge d'accueil", "chargee d'accueil"}),
    ("Conducteur / Conductrice d'engins agricoles", {"conducteur d'engins agricoles", "conductrice d'engins agricoles"}),
    ("Juriste (f/h)", {"juriste"}),
    # Un intitulé écrit au seul masculin a aussi sa forme féminine (texte.formes_genrees, issue 10).
    ("MÉDECIN RÉGULATEUR", {"medecin regulateur", "medecin regulatrice"}),
])
def test_variantes_normalisees(intitule, attendu):
    assert variantes(intitule) == attendu


def test_cle_insensible_aux_accents_et_aux_apostrophes():
    assert cle("Chargée d’accueil") == cle("chargee d'accueil") == cle("CHARGÉE  D'ACCUEIL")


def test_candidats_sur_les_fixtures():
    version, libelles, index = appellations_rome(FIXTURES / "rome")
    assert version == "v460"
    metiers = {("0101", "Chargé(e) d'accueil d'assistance"): variantes("standardiste") | variantes("Chargé(e) d'accueil d'assistance"),
               ("0201", "Médecin régulateur (trice)"): variantes("Médecin régulateur (trice)")}
    trouves = candidats(metiers, libelles, index)
    premiers = {}
    for c in trouves:
        premiers.setdefault(c.code_metier, []).append(c.code_rome)
    assert "M1614" in premiers["0101"][:2]
    assert premiers["0201"][0] == "J1108"


def test_similarite_de_contenu_et_reclassement():
    from collections import Counter

    from cartographie.alignement.candidats import Candidat, mots, reclasser, similarites

    assert mots("Savoir gérer une relation téléphonique : techniques d’accueil") == [
        "savoir", "gerer", "relation", "telephonique", "techniques", "accueil"]
    sacs = {"A0001": Counter(mots("accueil téléphonique standard appels orienter")),
            "B0002": Counter(mots("mécanique automobile réparation moteur")),
            "C0003": Counter(mots("comptabilité factures paiement"))}
    texte = Counter(mots("Reçoit, identifie et oriente les appels téléphoniques ; accueil"))
    sims = similarites(texte, sacs)
    assert sims["A0001"] > 0 and sims["B0002"] == 0 == sims["C0003"]
    lexicaux = [Candidat("0101", "x", "B0002", "b", 90.0, ()), Candidat("0101", "x", "A0001", "a", 85.0, ())]
    reclasses = reclasser(lexicaux, {"0101": texte}, sacs)
    assert reclasses[0].code_rome == "A0001"
    assert reclasses[0].correspondances[-1].startswith("contenu ")


def _candidats(tmp_path: Path, premiers: dict[str, str]) -> Path:
    from cartographie.alignement.candidats import Candidat, table_candidats

    chemin = tmp_path / "candidats.sssom.tsv"
    chemin.write_text(table_candidats([Candidat(code, "x", rome, "y", 90.0, ()) for code, rome in premiers.items()],
                                      "v460", "2026-11-28"), encoding="utf-8")
    return chemin


def test_precision_mesuree_hors_reglage(tmp_path: Path):
    """La précision publiée ne compte que les métiers relus qui n'ont pas servi au réglage. D'après la table
    relue : 0904 → M1204 (juste), 0906 → K1903 (juste), 0201 → J1108 ; 0101 (réglage) → M1614."""
    from cartographie.alignement.pipeline import mesurer_precision, metiers_de_reglage, revus

    projet = Projet.par_defaut()
    METIERS_DE_REGLAGE = metiers_de_reglage(projet)
    assert METIERS_DE_REGLAGE == {"0101", "0103", "0105", "0107"}
    relus = revus(projet)
    assert METIERS_DE_REGLAGE <= {code for code, fiches in relus.items() if fiches}
    candidats_ = _candidats(tmp_path, {"0904": "M1204", "0906": "K1903", "0201": "M1607", "0101": "M1614"})
    evaluation, reglage = mesurer_precision(projet, candidats_)
    assert (evaluation.justes, evaluation.relus) == (2, 3)
    assert (reglage.justes, reglage.relus) == (1, 1)
    assert evaluation.sans_candidat == len([c for c, f in relus.items() if f and c not in METIERS_DE_REGLAGE]) - 3


def test_precision_des_candidats_versionnes():
    """La table des candidats versionnée (`cartographie aligner` sur l'export ROME complet) : sur les métiers
    d'évaluation, le premier candidat est une fiche relue dans plus de la moitié des cas. Le chiffre publié
    dans docs/alignements.md est la sortie de `cartographie precision` (test_docs le tient à jour)."""
    from cartographie.alignement.pipeline import mesurer_precision

    evaluation, _ = mesurer_precision(Projet.par_defaut())
    assert evaluation.ensemble.startswith("évaluation")
    assert evaluation.relus >= 20 and evaluation.justes / evaluation.relus > 0.5
