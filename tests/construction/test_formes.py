"""Chaque forme SHACL se déclenche : on casse une copie de la publication, une seule chose à la
fois, et on attend le message français de la forme (une forme au message mal écrit, ou dont la
cible ne vise rien, ne se déclencherait pas et ferait échouer son test).

Les cas sont validés par groupes sans recouvrement (une validation par groupe, non par cas), par rudof, le
moteur de `build` et de `validate`, et par pySHACL, la référence, qui doit rendre les mêmes violations sur les
ressources que le groupe touche ou attend en faute (les deux moteurs sur toute la publication : `test_rudof.py`).

La suite répartit les tests par fichier (`--dist loadfile`) : les verdicts sont calculés une fois."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from cartographie.construction.rudof import valider_rudof
from cartographie.construction.valider import Violation, valider
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID, QB, SCHEMA, SDMX_DIMENSION, SKOSXL

Casse = Callable[[Graph], None]


def retirer(s, p, o=None) -> Casse:
    return lambda g: g.remove((s, p, o))


def remplacer(s, p, o) -> Casse:
    return lambda g: g.set((s, p, o))


def ajouter(s, p, o) -> Casse:
    return lambda g: g.add((s, p, o))


def frequence_rare_partout(code: str) -> Casse:
    def casser(g: Graph) -> None:
        for a in list(g.transitive_objects(ID[f"metier-{code}"], CMA.activite)):
            for activite in [a, *g.transitive_objects(a, CMA.sousActivite)]:
                if (activite, RDF.type, CMA.Activite) in g:
                    g.set((activite, CMA.frequence, CMA.frequenceRare))
    return casser


def _competence(g: Graph, lien: str):
    return g.value(ID[lien], CMA.competenceMobilisee)


A01 = ID["metier-0101-activite-01"]
OBS = ID["observation-2007-0103"]


def obs(code: str):
    """L'observation de 2007 d'un métier : chaque cas casse la sienne, pour que les cas se réunissent en peu de
    groupes (un cas ne rejoint pas un groupe dont un autre cas touche la même ressource)."""
    return ID[f"observation-2007-{code}"]


CHIFFRE = ID["chiffre-0468-1"]
CITE = ID["metier-hors-nomenclature-charge-e-de-services-generaux"]
CAS: dict[str, tuple[Casse, str]] = {
    "concept hors schéma": (retirer(ID["famille-03"], SKOS.inScheme), "Tout concept doit appartenir à un schéma"),
    "deux intitulés": (ajouter(ID["metier-0106"], SKOS.prefLabel, Literal("Autre", lang="fr")),
                       "Un métier doit avoir exactement un intitulé"),
    "intitulé sans langue": (remplacer(ID["metier-0201"], SKOS.prefLabel, Literal("Assistant(e)")),
                             "Un métier doit avoir exactement un intitulé"),
    "métier sans famille": (retirer(ID["metier-0401"], CMA.famille), "exactement une famille"),
    "code à 3 chiffres": (remplacer(ID["metier-0302"], SKOS.notation, Literal("302")),
                          "exactement un code à 4 chiffres"),
    "code hors famille": (remplacer(ID["metier-0105"], CMA.famille, ID["famille-02"]),
                          "Les deux premiers chiffres du code du métier (0105) doivent être le code de sa famille (02)"),
    "code dupliqué": (remplacer(ID["metier-0103"], SKOS.notation, Literal("0102")),
                      "Le code 0102 est porté par un autre métier"),
    "famille code": (remplacer(ID["famille-01"], SKOS.notation, Literal("1")),
                     "exactement un code à 2 chiffres"),
    "famille intitulé": (retirer(ID["famille-04"], SKOS.prefLabel), "famille de métiers doit avoir exactement un intitulé"),
    "famille groupe": (retirer(ID["famille-05"], CMA.groupe), "appartient à exactement un groupe"),
    "famille inconnue": (remplacer(ID["metier-0202"], CMA.famille, ID["famille-10"]), "La famille indiquée n'existe pas"),
    "dénomination sans forme": (retirer(ID["emploi-0102-01"], SKOSXL.literalForm), "exactement une forme littérale"),
    "dénomination sans langue": (remplacer(ID["emploi-0102-02"], SKOSXL.literalForm, Literal("technicien(ne) d'assistance")),
                                 "exactement une forme littérale, en français"),
    "dénomination sans métier": (retirer(ID["metier-0103"], SKOSXL.altLabel, ID["emploi-0103-01"]),
                                 "libellé alternatif (skosxl:altLabel) d'exactement un métier"),
    "dénomination de deux métiers": (ajouter(ID["metier-0301"], SKOSXL.altLabel, ID["emploi-0102-03"]),
                                     "libellé alternatif (skosxl:altLabel) d'exactement un métier"),
    "métier recensé avec un code": (ajouter(ID["metier-0104-psychologue"], SKOS.notation, Literal("0108")),
                                    "Un métier recensé n'a pas de code"),
    "métier recensé avec une famille": (ajouter(ID["metier-0104-psychologue"], CMA.famille, ID["famille-06"]),
                                        "Un métier recensé n'a pas de famille propre"),
    "métier recensé sans regroupant": (retirer(ID["metier-0104-psychologue"], CMA.metierRegroupant),
                                       "Un métier recensé appartient à exactement un métier codifié"),
    "métier cité avec un code": (ajouter(CITE, SKOS.notation, Literal("0999")), "Un métier cité sans fiche n'a pas de code"),
    "deux concepts, un intitulé": (remplacer(ID["famille-02"], SKOS.prefLabel, Literal("Opérations d'assistance", lang="fr")),
                                   "partage le libellé préféré « Opérations d'assistance » avec"),
    "effectif négatif": (remplacer(OBS, CMA.effectif, Literal(-305)), "Un effectif doit être un entier positif ou nul"),
    "effectif décimal": (remplacer(obs("0201"), CMA.effectif, Literal("305.5", datatype=XSD.decimal)),
                         "Un effectif doit être un entier positif ou nul"),
    "sociétés négatives": (remplacer(obs("0202"), CMA.nombreSocietes, Literal(-1)), "Le nombre de sociétés doit être un entier positif"),
    "sans périmètre": (retirer(obs("0104"), CMA.perimetre), "exactement un périmètre"),
    "date texte": (remplacer(obs("0105"), SDMX_DIMENSION.refPeriod, Literal("juillet 2007")), "exactement une période de référence"),
    "part hors bornes": (remplacer(obs("0301"), CMA.part, Literal("105.2", datatype=XSD.decimal)), "exactement une part de la branche"),
    "métier sans sociétés": (retirer(obs("0302"), CMA.nombreSocietes), "donne son nombre de sociétés"),
    "chiffre sans ligne": (retirer(CHIFFRE, CMA.ligneSource), "exactement une ligne dans la source"),
    "ligne non typée": (remplacer(ID["chiffre-0232-1"], CMA.ligneSource, Literal("232")), "exactement une ligne dans la source (xsd:positiveInteger)"),
    "chiffre imprimé entier": (remplacer(ID["chiffre-0235-1"], CMA.valeurImprimee, Literal(3)), "exactement une valeur imprimée (xsd:decimal)"),
    "chiffre sans objet": (retirer(ID["chiffre-0243-1"], CMA.mesureImprimee), "Un chiffre imprimé dit ce qu'il imprime"),
    "sans jeu": (retirer(obs("0106"), QB.dataSet), "exactement un jeu de données"),
    "observation en double": (remplacer(obs("0501"), CMA.perimetre, ID["metier-0102"]), "Deux observations ont le même périmètre"),
    "fiche sans métier": (retirer(ID["fiche-0102"], CMA.ficheDe), "Une fiche décrit exactement un métier"),
    "fiche sans complétude": (retirer(ID["fiche-0103"], CMA.complete), "Une fiche dit si elle est complète"),
    "fiche à deux lignes": (ajouter(ID["fiche-0201"], CMA.premiereLigne, Literal(1, datatype=XSD.positiveInteger)),
                            "Une fiche cite au plus une ligne de la source"),
    "première ligne non typée": (remplacer(ID["fiche-0202"], CMA.premiereLigne, Literal("1004")),
                                 "Une fiche cite au plus une ligne de la source où elle commence (xsd:positiveInteger"),
    "ligne de fiche non typée": (remplacer(ID["fiche-0101"], CMA.derniereLigne, Literal("1028")),
                                 "La dernière ligne d'une fiche dans la source est un xsd:positiveInteger"),
    "fiche sans activité majoritaire": (frequence_rare_partout("0101"),
                                        "La fiche n'a aucune activité rencontrée dans la majorité"),
    "habilitations muettes": (retirer(ID["metier-0101"], CMA.aucuneHabilitation),
                              "La fiche complète ne dit rien des habilitations"),
    "activité sans fréquence": (retirer(A01, CMA.frequence), "Une activité doit avoir exactement une fréquence"),
    "activité fréquence inconnue": (remplacer(ID["metier-0102-activite-02"], CMA.frequence, CMA.situationMajorite),
                                    "Une activité doit avoir exactement une fréquence"),
    "activité sans texte": (retirer(ID["metier-0102-activite-03"], CMA.texte), "Une activité doit avoir exactement un texte"),
    "activité sans langue": (remplacer(ID["metier-0103-activite-01"], CMA.texte, Literal("Réceptionne les appels.")), "exactement un texte, en français"),
    "activité sans rang": (retirer(ID["metier-0103-activite-02"], SCHEMA.position), "exactement un rang dans sa fiche"),
    "activité orpheline": (retirer(ID["metier-0201"], CMA.activite, ID["metier-0201-activite-01"]), "appartient à exactement un métier"),
    "sous-activité d'une autre fréquence": (remplacer(ID["metier-0101-activite-08"], CMA.frequence, CMA.frequenceRare),
                                            "Une sous-activité doit avoir la fréquence de son activité parente"),
    "compétence sans nature": (lambda g: g.remove((_competence(g, "metier-0101-competence-04"), CMA.nature, None)),
                               "Une compétence doit avoir exactement une nature"),
    "compétence sans énoncé": (lambda g: g.remove((_competence(g, "metier-0101-competence-04"), SKOS.prefLabel, None)),
                               "Une compétence doit avoir exactement un énoncé"),
    "lien sans situation": (retirer(ID["metier-0101-competence-01"], CMA.situation), "exactement une situation"),
    "lien vers rien": (remplacer(ID["metier-0101-competence-02"], CMA.competenceMobilisee, ID["competence-inconnue"]),
                       "désigner exactement une compétence existante"),
    "lien sans métier": (retirer(ID["metier-0102"], CMA.miseEnOeuvre, ID["metier-0102-competence-01"]),
                         "Le lien métier–compétence appartient à exactement un métier"),
    "lien sans rang": (retirer(ID["metier-0101-competence-03"], SCHEMA.position),
                       "Le lien métier–compétence a exactement un rang"),
    "lien sans énoncé": (retirer(ID["metier-0101-competence-05"], CMA.texte), "garde l'énoncé de la fiche, mot pour mot"),
    "lien à deux parents": (ajouter(ID["metier-0103-competence-07"], CMA.miseEnOeuvreParente, ID["metier-0103-competence-01"]),
                            "Un sous-élément de compétence détaille au plus un lien"),
    "sous-élément d'une autre situation": (remplacer(ID["metier-0103-competence-07"], CMA.situation, CMA.situationSpecifique),
                                           "Un sous-élément de compétence doit avoir la situation de l'élément"),
    "métier recensé classé": (remplacer(ID["metier-0104-psychologue-activite-01"], CMA.frequence, CMA.frequenceMajorite),
                              "La source ne dit pas la fréquence des activités d'un métier recensé"),
    "compétence de métier recensé classée": (remplacer(ID["metier-0104-psychologue-competence-01"], CMA.situation,
                                                        CMA.situationMajorite),
                                             "La source ne dit pas la situation des compétences d'un métier recensé"),
    "activité de fiche non précisée": (remplacer(ID["metier-0202-activite-01"], CMA.frequence, CMA.frequenceNonPrecisee),
                                       "Une activité d'un métier à fiche a la fréquence que dit la source"),
    "compétence de fiche non précisée": (remplacer(ID["metier-0101-competence-07"], CMA.situation, CMA.situationNonPrecisee),
                                         "Une compétence d'un métier à fiche a la situation que dit la source"),
    "énoncé sans texte": (retirer(ID["metier-0101-aptitude-01"], CMA.texte), "Un énoncé de fiche doit avoir exactement un texte"),
    "énoncé sans rang": (retirer(ID["metier-0101-aptitude-01"], SCHEMA.position), "Un énoncé de fiche doit avoir exactement un rang"),
    "réserve sans langue": (remplacer(ID["metier-0101-evolution-01"], CMA.reserve, Literal("Sous réserve")),
                            "La réserve d'une évolution est un texte en français"),
    "niveau de langue d'une compétence qui n'est pas une langue": (
        ajouter(ID["metier-0101-competence-06"], CMA.niveauCECRL, CMA.cecrlB2),
        "Un niveau CECRL ne s'applique qu'à une compétence de nature « pratique d'une langue »"),
    "cible inexistante": (remplacer(ID["metier-0101-evolution-01"], CMA.metierCible, ID["metier-0999"]),
                          "Une évolution doit viser exactement un métier existant"),
    "évolution orpheline": (retirer(ID["metier-0101"], CMA.evolution, ID["metier-0101-evolution-01"]),
                            "Une évolution part d'exactement un métier"),
    "évolution sans rang": (retirer(ID["metier-0101-evolution-02"], SCHEMA.position),
                            "Une évolution a exactement un rang"),
}


@pytest.fixture(scope="module")
def formes() -> Graph:
    return charger([Projet.par_defaut().formes])


class Copie(Graph):
    """Une copie de la publication qu'on casse puis répare : elle tient le journal de ce qu'un cas ajoute et
    retire, pour le défaire (chaque cas part de la publication intacte, sans recopier 12 000 triplets) et pour
    nommer les ressources qu'il touche."""

    journal: list[tuple[bool, tuple[Node, Node, Node]]]  # (ajouté ?, triplet), dans l'ordre

    def add(self, triplet):  # type: ignore[override]
        if triplet not in self:
            self.journal.append((True, triplet))
        return super().add(triplet)

    def remove(self, triplet):  # type: ignore[override]
        self.journal.extend((False, t) for t in list(self.triples(triplet)))
        return super().remove(triplet)

    @contextmanager
    def cassee(self, *casses: Casse) -> Iterator[set[Node]]:
        """La copie cassée par `casses`, le temps du bloc ; donne les ressources touchées."""
        self.journal = []
        try:
            for casse in casses:
                casse(self)
            # Les ressources des données (id:), non les termes du vocabulaire qu'elles emploient (cma:frequenceRare).
            yield {n for _, (s, _, o) in self.journal for n in (s, o) if isinstance(n, URIRef) and n.startswith(ID)}
        finally:
            for ajoute, triplet in reversed(self.journal):
                (Graph.remove if ajoute else Graph.add)(self, triplet)


@pytest.fixture(scope="module")
def copie(publication: Graph) -> Copie:
    copie = Copie()
    copie.journal = []
    copie += publication
    return copie


def violations_apres(copie: Copie, formes: Graph, casse: Casse) -> list[Violation]:
    with copie.cassee(casse):
        return valider_rudof([copie], formes)


# La ressource où la violation attendue est signalée, quand ce n'est pas le sujet du premier triplet que le cas
# change : la forme vise le métier d'une fiche ou la fiche d'un métier, l'élément dont on retire le lien, le schéma
# (libellés partagés), le jeu (observations en double), la cible d'un lien (famille inexistante).
FOYERS = {
    "activité de fiche non précisée": ID["metier-0202"],
    "activité orpheline": ID["metier-0201-activite-01"],
    "compétence de fiche non précisée": ID["metier-0101"],
    "compétence de métier recensé classée": ID["metier-0104-psychologue"],
    "deux concepts, un intitulé": ID["nomenclature"],
    "dénomination de deux métiers": ID["emploi-0102-03"],
    "dénomination sans métier": ID["emploi-0103-01"],
    "famille inconnue": ID["famille-10"],
    "fiche sans activité majoritaire": ID["fiche-0101"],
    "habilitations muettes": ID["fiche-0101"],
    "lien sans métier": ID["metier-0102-competence-01"],
    "métier recensé classé": ID["metier-0104-psychologue"],
    "métier sans sociétés": ID["metier-0302"],
    "observation en double": ID["effectifs-2007"],
    "évolution orpheline": ID["metier-0101-evolution-01"],
}


def groupes_sans_recouvrement(copie: Copie) -> tuple[list[tuple[list[str], set[Node]]], dict[str, str]]:
    """Les cas en groupes où aucun cas ne touche une ressource qu'un autre touche ou attend en faute, ni n'attend
    le message d'un autre : réunis sur une copie, ils ne se défont ni ne se masquent ; avec chaque groupe, les
    ressources que ses cas touchent ou attendent en faute. Et le foyer de chaque cas, la ressource où son message
    est attendu (écrite comme dans le rapport) : le message d'un autre cas, sur une autre ressource, ne le
    satisfait pas."""
    groupes: list[tuple[list[str], set[Node]]] = []
    foyers = {}
    for cas in sorted(CAS):
        with copie.cassee(CAS[cas][0]) as touches:
            foyer = FOYERS.get(cas, copie.journal[0][1][0])
        touches.add(foyer)
        foyers[cas] = f"id:{foyer.removeprefix(str(ID))}"
        groupe = next((g for g in groupes if not g[1] & touches
                       and all(CAS[autre][1] not in CAS[cas][1] and CAS[cas][1] not in CAS[autre][1] for autre in g[0])),
                      None)
        if groupe is None:
            groupes.append(groupe := ([], set()))
        groupe[0].append(cas)
        groupe[1].update(touches)
    return groupes, foyers


Verdicts = tuple[list[str], str, set[tuple[str, str, str]], set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def verdicts(copie: Copie, formes: Graph) -> dict[str, Verdicts]:
    """Pour chaque cas : son groupe, son foyer, et les violations (ressource, message, valeur) de la copie où le
    groupe est réuni, par pySHACL puis par rudof, sur les ressources que le groupe touche ou attend en faute. Une
    validation par groupe, non par cas (68 cas, 5 groupes) ; pySHACL ne valide que ces ressources (0,3 s au lieu
    de 2 s), rudof toute la copie. La publication entière est comparée dans `test_rudof.py`."""
    resultats = {}
    groupes, foyers = groupes_sans_recouvrement(copie)
    for groupe, ressources in groupes:
        lisibles = {f"id:{r.removeprefix(str(ID))}" for r in ressources}
        with copie.cassee(*(CAS[cas][0] for cas in groupe)):
            reference = {(v.ressource, v.message, v.valeur) for v in valider(copie, formes, noeuds=ressources)}
            rudof = {(v.ressource, v.message, v.valeur) for v in valider_rudof([copie], formes) if v.ressource in lisibles}
        resultats.update((cas, (groupe, foyers[cas], reference, rudof)) for cas in groupe)
    return resultats


def test_les_cas_se_reunissent_en_peu_de_groupes(verdicts: dict[str, Verdicts]):
    groupes = {tuple(groupe) for groupe, _, _, _ in verdicts.values()}
    assert set(verdicts) == set(CAS) and len(groupes) < len(CAS) // 3


@pytest.mark.parametrize("cas", sorted(CAS))
def test_chaque_forme_se_declenche(verdicts: dict[str, Verdicts], cas: str):
    """Le message du cas, sur sa ressource, est dans le rapport de rudof ; pySHACL, la référence, rend le même."""
    groupe, foyer, reference, rudof = verdicts[cas]
    assert any(r == foyer and CAS[cas][1] in m for r, m, _ in rudof), sorted((r, m) for r, m, _ in rudof if r == foyer)
    assert rudof == reference, groupe


def test_la_copie_reparee_est_la_publication(copie: Copie, publication: Graph):
    """Chaque cas part de la publication intacte : la copie, cassée puis réparée par tous les cas, lui est égale."""
    for cas in sorted(CAS):
        with copie.cassee(CAS[cas][0]):
            pass
    assert set(copie) == set(publication)


def test_le_rapport_nomme_la_fiche_et_l_element(copie: Copie, formes: Graph):
    violations = violations_apres(copie, formes, retirer(A01, CMA.frequence))
    assert violations[0].contexte.startswith("fiche 0101, « Réceptionne les appels téléphoniques")
    violations = violations_apres(copie, formes, CAS["compétence sans nature"][0])
    assert "« Savoir désamorcer une relation conflictuelle »" in violations[0].contexte
    violations = violations_apres(copie, formes, CAS["cible inexistante"][0])
    assert violations[0].contexte == "fiche 0101, « Assistant(e) administratif(ve) de plateaux »"
    assert violations[0].valeur == "id:metier-0999"
