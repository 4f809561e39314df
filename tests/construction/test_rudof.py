"""rudof, second moteur SHACL, contre pySHACL, la référence : même verdict sur la publication, mêmes violations
sur une copie où chaque classe visée a un défaut, et la validation par tranches. Les défauts écrits à la main (un
par forme : SHACL Core, contraintes SPARQL, références pendantes) sont comparés dans `test_formes.py`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD

from cartographie.construction.construire import Construction
from cartographie.construction.rudof import _noeuds_cibles, valider_rudof
from cartographie.construction.valider import valider
from cartographie.erreurs import ErreurEntree
from cartographie.io.rdf import charger
from cartographie.projet import Projet
from cartographie.vocab import CMA, ID


def test_meme_verdict_sur_la_publication(publication: Graph):
    """rudof : aucune violation. pySHACL, lui, valide la publication entière dans le test des défauts de chaque classe
    visée, où il doit rendre exactement les violations de rudof : une violation qu'il verrait hors des défauts y
    ferait échouer ce test."""
    assert valider_rudof([publication], Projet.par_defaut().formes) == []


def _muter(graphe: Graph, sujet, maniere: int) -> None:
    """Un défaut sur `sujet` : propriété retirée, littéraux mal étiquetés ou mal typés, ou lien vers une
    ressource d'une autre classe."""
    triplets = sorted((p, o) for p, o in graphe.predicate_objects(sujet) if p != RDF.type)
    if not triplets:
        return
    if maniere == 0:
        graphe.remove((sujet, triplets[0][0], None))
    elif maniere == 1:
        for p, o in triplets:
            if isinstance(o, Literal):
                graphe.remove((sujet, p, o))
                graphe.add((sujet, p, Literal(str(o), lang="de") if o.datatype else Literal(f"{o}", datatype=XSD.date)))
    else:
        for p, o in triplets:
            if isinstance(o, URIRef):
                graphe.remove((sujet, p, o))
                graphe.add((sujet, p, ID["famille-10"]))


@pytest.fixture(scope="module")
def defauts(construction: Construction) -> Graph:
    """La publication avec un défaut sur une instance de chaque classe que visent les formes, de trois sortes tour à
    tour (contraintes de cardinalité, de type, de langue, de classe, sh:in, sh:or, sh:not, sh:xone, SPARQL…)."""
    formes = charger([Projet.par_defaut().formes])
    casse = Graph()
    casse += construction.validee
    for i, classe in enumerate(sorted(set(formes.objects(None, SH.targetClass)))):
        instances = sorted(casse.subjects(RDF.type, classe))
        if instances:
            _muter(casse, instances[len(instances) // 2], i % 3)
    return casse


def test_memes_violations_sur_des_defauts_de_chaque_classe_visee(defauts: Graph):
    """Les deux moteurs signalent les mêmes ressources avec les mêmes messages."""
    formes = charger([Projet.par_defaut().formes])
    reference = {(v.ressource, v.message) for v in valider(defauts, formes)}
    rudof = {(v.ressource, v.message) for v in valider_rudof([defauts], Projet.par_defaut().formes)}
    assert len({r for r, _ in reference}) >= len(set(formes.objects(None, SH.targetClass))) // 2
    assert rudof == reference


def _espionner_les_tranches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[set, list[list]]]:
    """Chaque appel de `_tranches` : ses couples (forme, nœud) attendus et les couples de chacune de ses tranches."""
    from cartographie.construction import rudof

    appels: list[tuple[set, list[list]]] = []
    decouper = rudof._tranches

    def espion(formes, noeuds, par_tranche):
        tranches = decouper(formes, noeuds, par_tranche)
        couples = [[(str(t.subject), str(t.object)) for t in tranche if t.predicate == rudof._NOEUD_CIBLE]
                   for tranche in tranches]
        appels.append(({(str(f), str(n)) for f, ns in noeuds.items() for n in ns}, couples))
        return tranches

    monkeypatch.setattr(rudof, "_tranches", espion)
    return appels


def test_validation_par_tranches_de_noeuds_cibles(defauts: Graph, monkeypatch: pytest.MonkeyPatch):
    """Au-delà de `par_tranche` couples (forme, nœud cible), rudof valide par tranches (sa mémoire croît avec les
    couples validés) : chaque couple est dans une seule tranche, et les violations sont celles d'une seule validation."""
    entiere = valider_rudof([defauts], Projet.par_defaut().formes, par_tranche=sys.maxsize)
    appels = _espionner_les_tranches(monkeypatch)
    par_tranches = valider_rudof([defauts], Projet.par_defaut().formes, par_tranche=400)
    ((attendus, tranches),) = appels
    assert len(tranches) >= 4 and all(len(t) <= 400 for t in tranches)
    assert sum(map(len, tranches)) == len(attendus) and set().union(*map(set, tranches)) == attendus
    assert len(entiere) > 10
    assert par_tranches == entiere


_FORMES_A_LA_MAIN = """@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Nomme a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:hors ;
    sh:property [ sh:path ex:nom ; sh:minCount 1 ; sh:message "Il faut un nom."@fr ] .
ex:Court a sh:NodeShape ; sh:targetObjectsOf ex:code ; sh:maxLength 3 ; sh:message "Code trop long."@fr .
"""


def test_tranches_sur_des_cibles_de_chaque_sorte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Contre des formes et des données écrites à la main : les instances d'une sous-classe de sous-classe, un objet
    littéral, un nœud nommé absent des données sont en faute par rudof d'un coup comme par tranches d'un couple."""
    formes = tmp_path / "formes.ttl"
    formes.write_text(_FORMES_A_LA_MAIN, encoding="utf-8")
    donnees = _ox('ex:x a ex:C ; ex:nom "x" ; ex:code "1234" . ex:y a ex:S . ex:z a ex:T ; ex:code "12" . '
                  'ex:S rdfs:subClassOf ex:C . ex:T rdfs:subClassOf ex:S .')

    def fautes(par_tranche: int) -> set[tuple[str, str]]:
        return {(v.ressource, v.message) for v in valider_rudof([donnees], formes, par_tranche=par_tranche)}

    attendues = {("<http://example.org/y>", "Il faut un nom."), ("<http://example.org/z>", "Il faut un nom."),
                 ("<http://example.org/hors>", "Il faut un nom."), ('"1234"', "Code trop long.")}
    assert fautes(sys.maxsize) == attendues
    appels = _espionner_les_tranches(monkeypatch)
    assert fautes(1) == attendues
    assert len(appels[0][1]) == len(appels[0][0]) == 6  # x, y, z, hors ; "1234", "12"


_EX = "http://example.org/"


def _ox(turtle: str) -> list[ox.Triple]:
    prefixes = f"@prefix ex: <{_EX}> . @prefix sh: <http://www.w3.org/ns/shacl#> . " \
               "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
    return [q.triple for q in ox.parse(prefixes + turtle, format=ox.RdfFormat.TURTLE)]


def test_noeuds_cibles_selon_shacl():
    """Les nœuds cibles des quatre sortes de cibles, contre un graphe écrit à la main : les instances des sous-classes
    à toute profondeur (SHACL : rdf:type/rdfs:subClassOf*), les sujets et les objets d'une propriété (un littéral
    compris), les nœuds nommés même absents des données."""
    formes = _ox("ex:A sh:targetClass ex:C . ex:B sh:targetSubjectsOf ex:p ; sh:targetObjectsOf ex:q . "
                 "ex:D sh:targetNode ex:n9 , ex:x .")
    donnees = _ox('ex:x a ex:C . ex:y a ex:S . ex:z a ex:T . ex:S rdfs:subClassOf ex:C . ex:T rdfs:subClassOf ex:S . '
                  'ex:w a ex:Autre . ex:x ex:p ex:w . ex:w ex:q "dix" , ex:v .')
    noeuds = {str(f): {str(n) for n in ns} for f, ns in _noeuds_cibles(formes, donnees).items()}
    assert noeuds == {f"<{_EX}A>": {f"<{_EX}x>", f"<{_EX}y>", f"<{_EX}z>"},
                      f"<{_EX}B>": {f"<{_EX}x>", '"dix"', f"<{_EX}v>"},
                      f"<{_EX}D>": {f"<{_EX}n9>", f"<{_EX}x>"}}


@pytest.mark.parametrize("formes, donnees", [
    ("ex:A sh:target [ a ex:CibleSparql ] .", "ex:x a ex:C ."),
    ("ex:C a rdfs:Class, sh:NodeShape .", "ex:x a ex:C ."),
    ("ex:A sh:targetClass ex:C .", "[] a ex:C ."),
], ids=["cible SPARQL", "classe implicite", "noeud anonyme"])
def test_cibles_inexprimables_en_tranches(formes: str, donnees: str):
    """Ce qui ne s'écrit pas en sh:targetNode dans un graphe de formes à part : une seule validation."""
    assert _noeuds_cibles(_ox(formes), _ox(donnees)) is None


def test_un_fils_de_fork_refuse_rudof_au_lieu_d_attendre_sans_fin(publication: Graph):
    """Régression : après une validation par rudof, le bench mesurait rudof dans un fils de `fork`, qui attendait
    sans fin les fils de rayon du parent (la suite restait bloquée). Le fils reçoit une erreur claire."""
    assert valider_rudof([publication], Projet.par_defaut().formes) == []
    lecture, ecriture = os.pipe()
    pid = os.fork()
    if pid == 0:  # le fils ne revient jamais dans pytest, quoi qu'il arrive
        message = b"valide"
        try:
            valider_rudof([publication], Projet.par_defaut().formes)
        except BaseException as e:
            message = f"{type(e).__name__}: {e}".encode()
        finally:
            os.write(ecriture, message)
            os._exit(0)
    os.close(ecriture)
    for _ in range(300):  # 30 s au plus : un fils bloqué fait échouer le test au lieu de bloquer la suite
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise AssertionError("le fils de fork attend rudof sans fin")
    with os.fdopen(lecture, "rb") as tube:
        assert "pool de fils" in tube.read().decode()


def test_alignements_sans_l_extrait_ont_le_message_de_leur_forme():
    """Régression : les deux formes d'alignement (ROME, ESCO) ont le même chemin et le même composant (sh:or), dont
    rudof ne rend pas le sh:message ; anonymes, leur message était perdu (« OR not satisfied »). Sans le type des
    fiches de l'extrait, chaque alignement d'un métier est en faute, avec le message de sa forme."""
    projet = Projet.par_defaut()
    rudof = valider_rudof(projet.export / "cartographie.nt", projet.formes)
    rome = "L'alignement vise une fiche ROME absente de l'extrait du référentiel : code inconnu dans la version chargée."
    esco = "La correspondance vise une occupation ESCO absente de l'extrait des référentiels."
    publication = charger([projet.export / "cartographie.nt"])
    metiers = {*publication.subjects(RDF.type, CMA.Metier), *publication.subjects(RDF.type, CMA.MetierSpecialise)}
    cibles = {str(o) for m in metiers for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
                                                  SKOS.relatedMatch) for o in publication.objects(m, p)}
    attendues = {(rome, c) for c in cibles if c.startswith("https://w3id.org/metiers-assistance/ref/rome/")} | {
        (esco, c) for c in cibles if c.startswith("http://data.europa.eu/esco/occupation/")}
    assert {m for m, _ in attendues} == {rome, esco}
    assert {(v.message, _iri(v.valeur)) for v in rudof} == attendues


def _iri(valeur: str) -> str:
    """La valeur d'une violation : un IRI sans préfixe s'écrit entre chevrons, comme dans pySHACL."""
    return valeur.removeprefix("<").removesuffix(">")


def test_formes_illisibles_nommees_par_leur_fichier_et_leur_ligne(tmp_path: Path):
    """rudof lit les fichiers de formes mis bout à bout : l'erreur est rapportée au fichier et à la ligne
    d'origine (ici le second fichier), pas au fichier temporaire."""
    formes = tmp_path / "shapes"
    shutil.copytree(Projet.par_defaut().formes, formes)
    second = formes / "effectifs-societes.shapes.ttl"
    lignes = second.read_text(encoding="utf-8").splitlines()
    numero = next(i for i, ligne in enumerate(lignes, start=1) if ligne.startswith("cmash:ObservationSocieteShape"))
    lignes[numero - 1] = "] ] ."
    second.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    with pytest.raises(ErreurEntree) as erreur:
        valider_rudof(Projet.par_defaut().export / "cartographie.nt", formes)
    assert erreur.value.message.startswith(f"{second}, ligne {numero} : formes SHACL illisibles par rudof (")
    assert "cartographie-rudof-" not in erreur.value.message


def test_le_dossier_de_rudof_est_efface_si_le_processus_sort_pendant_la_validation(tmp_path: Path):
    """rudof valide dans un fil démon, arrêté net à la sortie du processus (Ctrl-C, erreur de la construction) : le
    dossier temporaire, qui contient toute la publication, est effacé quand même."""
    programme = ("import sys; from pathlib import Path; from cartographie.construction.rudof import lancer_rudof; "
                 f"lancer_rudof(Path({str(Projet.par_defaut().export / 'cartographie.nt')!r}), "
                 f"Path({str(Projet.par_defaut().formes)!r})); sys.exit(3)")
    for _ in range(3):
        fini = subprocess.run([sys.executable, "-c", programme], env={**os.environ, "TMPDIR": str(tmp_path)},
                              capture_output=True, text=True, timeout=120, check=False)
        assert fini.returncode == 3, fini.stderr
    assert list(tmp_path.glob("cartographie-rudof-*")) == []
