"""Les réponses des rapports, vérifiées contre ce que dit la source."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from cartographie.cli import main
from cartographie.projet import Projet
from cartographie.rapports.effectifs import rapprochement
from cartographie.rapports.mobilites import accessibles, plus_courts_chemins
from cartographie.sparql.catalogue import catalogue, lier
from cartographie.sparql.moteurs import Embarque
from cartographie.sparql.resultats import Resultat

ID = "https://w3id.org/metiers-assistance/id/"


@pytest.fixture(scope="module")
def moteur() -> Embarque:
    return Embarque([Projet.par_defaut().export / "cartographie.nt"])


def executer(moteur: Embarque, nom: str, **parametres: str) -> Resultat:
    return moteur.select(lier(catalogue(Projet.par_defaut().requetes)[nom], parametres))


def ligne(resultat: Resultat, **criteres: str) -> dict[str, str]:
    for l_ in resultat.lignes:
        if all(l_.get(k) is not None and l_[k].valeur == v for k, v in criteres.items()):
            return {k: t.valeur for k, t in l_.items()}
    raise AssertionError(f"aucune ligne {criteres}")


def test_effectifs_recalcules(moteur):
    effectifs = executer(moteur, "effectifs")
    assert len(effectifs.lignes) == 39 + 9 + 2 + 3
    chargé = ligne(effectifs, niveau="métier", code="0102")
    assert (chargé["effectif"], chargé["societes"]) == ("2799", "8")
    assert str(effectifs.lignes[1]["pourcentage"].nombre()) == "50.68"
    assert ligne(effectifs, niveau="famille", code="01")["effectif"] == "3399"   # imprimé : 3 399
    assert ligne(effectifs, niveau="groupe", code="I")["effectif"] == "4142"     # imprimé : 4 142
    assert ligne(effectifs, niveau="groupe", code="II")["effectif"] == "819"     # imprimé : 818 (!)
    branche = effectifs.lignes[-1]
    assert (branche["effectif"].valeur, branche["pourcentage"].nombre()) == ("5523", 100)


def test_rapprochement_trouve_les_ecarts_du_tableau_imprime(moteur):
    ecarts = rapprochement(executer(moteur, "ecarts-imprimes"))
    # Valeurs comparées comme nombres : « 0.50 » relu du N-Triples peut s'écrire « 0.5 ».
    trouves = {(e["ligne"].valeur, e["code"].valeur if "code" in e else e["intitule"].valeur, e["grandeur"].valeur,
                Decimal(e["imprime"].valeur), Decimal(e["calcule"].valeur)) for e in ecarts.lignes}
    # Vérifié à la main : 73+76+26+35+40+15+11+32+53+53+28+12+22+152+35+102+26+8+20 = 819, imprimé 818 ;
    # 4 142 + 819 = 4 961, imprimé 4 960 ; 28/5 523 = 0,507 % imprimé 0,50 % ; 35/5 523 = 0,634 % imprimé 0,62 %.
    tableau = {t[1:] for t in trouves if int(t[0]) in range(347, 498)}
    assert ("II", "effectif", Decimal("818"), Decimal("819")) in tableau
    assert ("Total des effectifs ventilés dans les fiches Métiers", "effectif", Decimal("4960"), Decimal("4961")) in tableau
    assert ("0802", "% branche", Decimal("0.50"), Decimal("0.51")) in tableau
    assert ("0902", "% branche", Decimal("0.62"), Decimal("0.63")) in tableau
    assert ("08", "% branche", Decimal("2.07"), Decimal("2.08")) in tableau
    assert ("09", "% branche", Decimal("6.20"), Decimal("6.21")) in tableau
    assert len(tableau) == 8
    # Le graphique des familles (ligne 248) imprime 61,55 % où le tableau imprime 61,54 % : 3 399 / 5 523.
    assert ("248", "01", "% branche", Decimal("61.55"), Decimal("61.54")) in trouves
    assert all("note" in e for e in ecarts.lignes)


def test_effectifs_ne_relit_pas_la_source(copie_projet, capsys):
    """Les chiffres imprimés sont dans le graphe : sans le texte source, `effectifs` les donne encore."""
    for texte in (copie_projet.donnees / "sources").glob("*.txt"):
        texte.unlink()
    assert main(["--racine", str(copie_projet.racine), "effectifs", "--format", "md"]) == 0
    sortie = capsys.readouterr().out
    assert "| groupe | II | Métiers supports | 819 | 14,83 % |  | 818 | 14,81 % |" in sortie
    assert "| 4\u202f960 | 4\u202f961 |" in sortie


def test_fiche_0102_en_json(capsys):
    assert main(["fiche", "0102", "--format", "json"]) == 0
    fiche = json.loads(capsys.readouterr().out)
    assert fiche["intitule"] == "Chargé(e) d'assistance"
    rubriques = {r["titre"]: r["elements"] for r in fiche["rubriques"]}
    majorite = rubriques["Activités rencontrées dans la majorité des situations de travail"]
    assert len(majorite) == 11   # lignes 1054 à 1072 de la source
    assert majorite[0]["texte"].startswith("Réceptionne les demandes d’assistance")
    assert rubriques["Habilitations, certifications"] == [{"texte": "Aucune habilitation ni certification requise"}]
    cibles = [e for e in rubriques["L'évolution vers d'autres métiers"] if "precision" in e]
    assert len(cibles) == 14 and cibles[0] == {"texte": "Encadrant(e) d’assistance", "precision": "0103"}


def test_fiche_0103_garde_l_imbrication(capsys):
    assert main(["fiche", "0103", "--format", "md"]) == 0
    sortie = capsys.readouterr().out
    assert "- Assure le suivi opérationnel de l'activité en temps réel :\n  - Supervise le niveau d’activité" in sortie
    assert "## Activités rencontrées plus rarement" in sortie


def test_mobilites_de_0101(moteur, lignes_source):
    mobilites = executer(moteur, "mobilites", metier="0101")
    vers = [l_["intitule"].valeur for l_ in mobilites.lignes if l_["sens"].valeur == "vers"]
    # Lignes 1024 à 1028 de la source.
    assert lignes_source[1023:1028] == [" Assistant(e) administratif(ve) de plateaux ", " Chargé(e) d’assistance ",
                                        " Gestionnaire de dossiers d’assistance ", " Secrétaire / assistant(e)  ",
                                        " Chargé(e) de services généraux "]
    assert vers == ["Assistant(e) administratif(ve) de plateaux", "Chargé(e) d'assistance",
                    "Gestionnaire de dossiers d'assistance (f/h)", "Secrétaire / assistant(e)",
                    "Chargé(e) de services généraux"]
    depuis = {l_["code"].valeur for l_ in executer(moteur, "mobilites", metier="0103").lignes
              if l_["sens"].valeur == "depuis"}
    assert depuis == {"0102", "0106", "0107"}   # lignes 1222, 2037 et 2214 de la source


def test_accessibles_et_plus_courts_chemins(moteur):
    aretes = executer(moteur, "mobilites-aretes")
    un_pas = accessibles(aretes, ID + "metier-0101", 1)
    assert len(un_pas.lignes) == 5
    chemins = plus_courts_chemins(aretes, ID + "metier-0101", ID + "metier-0103")
    assert [c["chemin"].valeur for c in chemins.lignes] == [
        "0101 Chargé(e) d'accueil d'assistance → 0102 Chargé(e) d'assistance → 0103 Encadrant(e) d'assistance"]
    tous = {l_["code"].valeur for l_ in executer(moteur, "mobilites-accessibles", metier="0101").lignes if "code" in l_}
    assert {l_["metier"].valeur[:4] for l_ in accessibles(aretes, ID + "metier-0101", 50).lignes
            if l_["metier"].valeur[:4].isdigit()} == tous


def test_passerelle_accueil_vers_assistance(moteur):
    passerelle = executer(moteur, "passerelles", source="0101", cible="0102")
    communes = sorted(l_["competence"].valeur for l_ in passerelle.lignes if l_["statut"].valeur == "commune")
    # 0101 lignes 979 et 989, 0102 lignes 1145 et 1168 : mêmes énoncés.
    assert communes == ["Connaissance générale des natures d’assistance proposées par l’entreprise",
                        "Pratique d’une ou de plusieurs langues étrangères"]
    assert sum(l_["statut"].valeur == "à acquérir" for l_ in passerelle.lignes) == 9


def test_metiers_proches_de_0102(moteur):
    proches = executer(moteur, "passerelles-proches", metier="0102")
    premier = proches.lignes[0]
    assert premier["code"].valeur == "0107"
    assert (premier["communes"].valeur, premier["duMetier"].valeur) == ("4", "11")
    accueil = ligne(proches, code="0101")
    assert (accueil["communes"], accueil["delAutre"]) == ("2", "8")
    assert float(accueil["jaccard"]) == pytest.approx(2 / (11 + 8 - 2), abs=1e-3)


def test_langues(moteur, lignes_source):
    langues = executer(moteur, "langues")
    codes = {l_["code"].valeur: l_["situation"].valeur for l_ in langues.lignes}
    # Lignes 989, 1168, 1411, 1809, 1991, 2174, 2374 et 2602 : chaque fiche sauf 0104 cite « Pratique d'une
    # ou (de) plusieurs langues étrangères », toujours parmi les compétences des situations spécifiques.
    sections = [i for i, t in enumerate(lignes_source) if "situations de travail spécifiques" in t]
    for numero in (989, 1168, 1411, 1809, 1991, 2174, 2374, 2602):
        assert lignes_source[numero - 1].startswith(" Pratique d")
        assert numero - max(i for i in sections if i < numero) < 40
    assert set(codes) == {"0101", "0102", "0103", "0105", "0106", "0107", "0201", "0202"}
    assert set(codes.values()) == {"Compétences mises en œuvre dans des situations de travail spécifiques"}


def test_qualite_passe_et_echoue_sur_une_base_cassee(tmp_path: Path, capsys):
    assert main(["qualite"]) == 0
    casse = tmp_path / "export"
    casse.mkdir()
    nt = (Projet.par_defaut().export / "cartographie.nt").read_text(encoding="utf-8")
    famille = "<https://w3id.org/metiers-assistance/id/metier-0105> <https://w3id.org/metiers-assistance/def#famille> <https://w3id.org/metiers-assistance/id/famille-01> .\n"
    assert famille in nt
    (casse / "cartographie.nt").write_text(nt.replace(famille, ""), encoding="utf-8")
    for dossier in ("requetes",):
        (tmp_path / dossier).symlink_to(Projet.par_defaut().racine / dossier)
    capsys.readouterr()
    assert main(["--racine", str(tmp_path), "qualite"]) == 1
    assert "ÉCHEC (1 ligne(s))     metier-sans-famille" in capsys.readouterr().out


def test_qualite_signale_une_propriete_mal_tapee(tmp_path: Path, capsys):
    """Comme le rapport de ROBOT : une propriété facultative mal tapée (cma:reserv) passe les formes, pas la qualité."""
    casse = tmp_path / "export"
    casse.mkdir()
    nt = (Projet.par_defaut().export / "cartographie.nt").read_text(encoding="utf-8")
    reserve = "> <https://w3id.org/metiers-assistance/def#reserve> \""   # en position de prédicat, sur une évolution
    assert reserve in nt
    (casse / "cartographie.nt").write_text(nt.replace(reserve, reserve.replace("reserve", "reserv"), 1), encoding="utf-8")
    (tmp_path / "requetes").symlink_to(Projet.par_defaut().racine / "requetes")
    capsys.readouterr()
    assert main(["--racine", str(tmp_path), "qualite"]) == 1
    sortie = capsys.readouterr().out
    assert "ÉCHEC (1 ligne(s))     terme-non-declare" in sortie and "def#reserv " in sortie
