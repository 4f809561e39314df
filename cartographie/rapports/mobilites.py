"""Les mobilités entre métiers : accessibles en N évolutions, plus courts chemins."""

from __future__ import annotations

from collections import deque

from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql.catalogue import NOMENCLATURE, executer, preparer
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import Resultat, Terme


def _graphe(aretes: Resultat) -> tuple[dict[str, list[str]], dict[str, str]]:
    suivants: dict[str, list[str]] = {}
    noms: dict[str, str] = {}
    for ligne in aretes.lignes:
        origine, cible = ligne["origine"].valeur, ligne["cible"].valeur
        suivants.setdefault(origine, []).append(cible)
        noms[origine] = f"{ligne['codeOrigine'].valeur} {ligne['intituleOrigine'].valeur}"
        code = ligne["codeCible"].valeur if "codeCible" in ligne else ""
        noms[cible] = f"{code} {ligne['intituleCible'].valeur}".strip()
    return suivants, noms


def accessibles(aretes: Resultat, depart: str, pas_max: int) -> Resultat:
    """Les métiers atteignables depuis `depart` (IRI) en au plus `pas_max` évolutions, avec la distance."""
    suivants, noms = _graphe(aretes)
    distances = {depart: 0}
    file = deque([depart])
    while file:
        courant = file.popleft()
        if distances[courant] == pas_max:
            continue
        for cible in suivants.get(courant, []):
            if cible not in distances:
                distances[cible] = distances[courant] + 1
                file.append(cible)
    lignes = [
        {"pas": Terme("literal", str(d), datatype="http://www.w3.org/2001/XMLSchema#integer"),
         "metier": Terme("literal", noms.get(iri, iri))}
        for iri, d in sorted(distances.items(), key=lambda x: (x[1], noms.get(x[0], x[0])))
        if iri != depart
    ]
    return Resultat(["pas", "metier"], lignes)


def plus_courts_chemins(aretes: Resultat, depart: str, arrivee: str) -> Resultat:
    """Tous les chemins d'évolution les plus courts de `depart` à `arrivee` (IRIs)."""
    suivants, noms = _graphe(aretes)
    precedents: dict[str, list[str]] = {depart: []}
    distances = {depart: 0}
    file = deque([depart])
    while file:
        courant = file.popleft()
        for cible in suivants.get(courant, []):
            if cible not in distances:
                distances[cible] = distances[courant] + 1
                precedents[cible] = [courant]
                file.append(cible)
            elif distances[cible] == distances[courant] + 1:
                precedents[cible].append(courant)
    if arrivee not in distances or arrivee == depart:
        return Resultat(["longueur", "chemin"], [])

    def chemins(noeud: str) -> list[list[str]]:
        if noeud == depart:
            return [[depart]]
        return [[*c, noeud] for p in precedents[noeud] for c in chemins(p)]

    trouves = sorted(" → ".join(noms.get(n, n) for n in c) for c in chemins(arrivee))
    return Resultat(["longueur", "chemin"], [
        {"longueur": Terme("literal", str(distances[arrivee]), datatype="http://www.w3.org/2001/XMLSchema#integer"),
         "chemin": Terme("literal", t)} for t in trouves
    ])


# Fiche ----------------------------------------------------------------------------------------


def _iri(aretes: Resultat, code: str, argument: str) -> str | None:
    """L'IRI du métier de code `code` dans les évolutions (aucune s'il n'en a pas) : lue dans la base, pour toute
    branche, quel que soit son espace d'IRI. Dans une base de plusieurs branches, un code en désigne un par
    nomenclature : il faut alors la préciser."""
    iris = {ligne["origine"].valeur for ligne in aretes.lignes if ligne["codeOrigine"].valeur == code} | {
        ligne["cible"].valeur for ligne in aretes.lignes if "codeCible" in ligne and ligne["codeCible"].valeur == code}
    if len(iris) > 1:
        raise ErreurEntree(f"{argument} {code} : ce code désigne {len(iris)} métiers, un par nomenclature ; "
                           "précisez laquelle (--nomenclature IRI).")
    return next(iter(iris), None)


def mobilites(projet: Projet, moteur: Moteur, code: str, pas: int, vers: str | None,
              nomenclature: str | None = None) -> list[tuple[str, Resultat]]:
    """Les évolutions directes de `code`, les métiers accessibles en au plus `pas` évolutions et, avec
    `vers`, les plus courts chemins : chaque partie avec son titre. Les deux codes sont vérifiés avant
    tout calcul, et l'erreur nomme l'argument fautif. `nomenclature` : celle des métiers, dans une base de
    plusieurs branches."""
    if pas < 1:
        raise ErreurEntree(f"--pas {pas} : il faut au moins une évolution (un entier à partir de 1).")
    dans = {NOMENCLATURE: nomenclature} if nomenclature else {}
    noms = {NOMENCLATURE: "--nomenclature"}
    if vers:
        preparer(projet, moteur, "fiche", {"metier": vers, **dans}, {"metier": "--vers", **noms})
    directes = executer(projet, moteur, "mobilites", {"metier": code, **dans}, {"metier": "métier de départ", **noms})
    aretes = executer(projet, moteur, "mobilites-aretes", dans, noms)
    depart = _iri(aretes, code, "métier de départ")
    parties = [
        ("Évolutions directes", directes),
        (f"Métiers accessibles en au plus {pas} évolution(s)",
         accessibles(aretes, depart, pas) if depart else Resultat(["pas", "metier"], [])),
    ]
    if vers:
        arrivee = _iri(aretes, vers, "--vers")
        parties.append((f"Chemins les plus courts de {code} à {vers}",
                        plus_courts_chemins(aretes, depart, arrivee) if depart and arrivee
                        else Resultat(["longueur", "chemin"], [])))
    return parties
