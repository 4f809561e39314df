"""Exécution d'une requête dans un processus à part, borné en temps, en mémoire et en lignes.

Une requête écrite par un utilisateur (`cartographie query fichier.rq`) peut être un produit
cartésien sans fin : on la fait tourner ici, dans un processus qu'on peut tuer au bout du délai,
avec une limite de mémoire, et on arrête de lire les solutions après `limite` lignes (pyoxigraph
les produit à la demande). Ce module n'importe que pyoxigraph : le processus démarre vite.

Protocole : un objet JSON sur l'entrée standard {"fichiers": [...], "requete": "...", "limite": N},
un objet JSON sur la sortie standard {"resultat": <SPARQL 1.1 JSON>, "tronque": bool} ou {"erreur": "..."}.
"""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _terme(t: object) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    assert isinstance(t, ox.Literal)
    if t.language:
        return {"type": "literal", "value": t.value, "xml:lang": t.language}
    if t.datatype.value != XSD_STRING:
        return {"type": "literal", "value": t.value, "datatype": t.datatype.value}
    return {"type": "literal", "value": t.value}


def executer(fichiers: list[str], requete: str, limite: int) -> dict[str, object]:
    magasin = ox.Store()
    for fichier in fichiers:
        magasin.bulk_load(path=fichier, format=ox.RdfFormat.from_extension(fichier.rsplit(".", 1)[-1]))
    return repondre(magasin, requete, limite)


def repondre(magasin: ox.Store, requete: str, limite: int) -> dict[str, object]:
    """La réponse à `requete` en résultats SPARQL 1.1 JSON, lue jusqu'à `limite` lignes ; sert aussi au
    magasin embarqué, pour qu'une seule conversion des termes de pyoxigraph existe."""
    try:
        solutions = magasin.query(requete)
    except SyntaxError as e:
        return {"erreur": f"requête SPARQL invalide : {e}"}
    if not isinstance(solutions, ox.QuerySolutions):
        return {"erreur": "seules les requêtes SELECT produisent un tableau de résultats."}
    variables = [v.value for v in solutions.variables]
    lignes = []
    tronque = False
    for solution in solutions:
        if len(lignes) == limite:
            tronque = True
            break
        lignes.append({v: _terme(solution[v]) for v in variables if solution[v] is not None})
    return {"resultat": {"head": {"vars": variables}, "results": {"bindings": lignes}}, "tronque": tronque}


def main() -> None:
    demande = json.load(sys.stdin)
    try:
        reponse = executer(demande["fichiers"], demande["requete"], int(demande["limite"]))
    except (OSError, ValueError) as e:
        reponse = {"erreur": str(e)}
    json.dump(reponse, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
