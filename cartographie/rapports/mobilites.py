"""Les mobilités entre métiers : accessibles en N évolutions, plus courts chemins."""

from __future__ import annotations

from collections import deque

from cartographie.erreurs import ErreurEntree
from cartographie.projet import Projet
from cartographie.sparql.catalogue import executer, preparer
from cartographie.sparql.moteurs import Moteur
from cartographie.sparql.resultats import Resultat, Terme
from cartographie.vocab import ID


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


def mobilites(projet: Projet, moteur: Moteur, code: str, pas: int, vers: str | None) -> list[tuple[str, Resultat]]:
    """Les évolutions directes de `code`, les métiers accessibles en au plus `pas` évolutions et, avec
    `vers`, les plus courts chemins : chaque partie avec son titre. Les deux codes sont vérifiés avant
    tout calcul, et l'erreur nomme l'argument fautif."""
    if pas < 1:
        raise ErreurEntree(f"--pas {pas} : il faut au moins une évolution (un entier à partir de 1).")
    if vers:
        preparer(projet, moteur, "fiche", {"metier": vers}, {"metier": "--vers"})
    directes = executer(projet, moteur, "mobilites", {"metier": code}, {"metier": "métier de départ"})
    aretes = executer(projet, moteur, "mobilites-aretes", {})
    depart = f"{ID}metier-{code}"
    parties = [
        ("Évolutions directes", directes),
        (f"Métiers accessibles en au plus {pas} évolution(s)", accessibles(aretes, depart, pas)),
    ]
    if vers:
        parties.append((f"Chemins les plus courts de {code} à {vers}",
                        plus_courts_chemins(aretes, depart, f"{ID}metier-{vers}")))
    return parties
