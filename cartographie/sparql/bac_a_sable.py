"""Exécution d'une requête dans un processus à part, borné en temps, en mémoire et en lignes.

Une requête écrite par un utilisateur (`cartographie query fichier.rq`) peut être un produit
cartésien sans fin : on la fait tourner ici, dans un processus qu'on peut tuer au bout du délai,
avec une limite de mémoire, et on arrête de lire les solutions après `limite` lignes (pyoxigraph
les produit à la demande). Ce module n'importe que pyoxigraph et la bibliothèque standard (par
`resultats`) : le processus démarre vite.

Protocole : un objet JSON sur l'entrée standard {"fichiers": [...], "requete": "...", "limite": N},
un objet JSON sur la sortie standard {"resultat": <SPARQL 1.1 JSON>, "tronque": bool} ou {"erreur": "..."}.
"""

from __future__ import annotations

import json
import sys

import pyoxigraph as ox

from cartographie.sparql.resultats import Resultat, depuis_oxigraph, document_json


def executer(fichiers: list[str], requete: str, limite: int) -> tuple[Resultat, bool]:
    magasin = ox.Store()
    for fichier in fichiers:
        magasin.bulk_load(path=fichier, format=ox.RdfFormat.from_extension(fichier.rsplit(".", 1)[-1]))
    return repondre(magasin, requete, limite)


def repondre(magasin: ox.Store, requete: str, limite: int) -> tuple[Resultat, bool]:
    """La réponse à `requete` (SELECT, ASK, CONSTRUCT ou DESCRIBE), lue jusqu'à `limite` lignes, et si
    elle a été tronquée ; sert aussi au magasin embarqué. Une requête invalide lève `SyntaxError`."""
    return depuis_oxigraph(magasin.query(requete), limite)


def main() -> None:
    demande = json.load(sys.stdin)
    try:
        resultat, tronque = executer(demande["fichiers"], demande["requete"], int(demande["limite"]))
        reponse: dict[str, object] = {"resultat": document_json(resultat), "tronque": tronque}
    except SyntaxError as e:
        reponse = {"erreur": f"requête SPARQL invalide : {e}"}
    except (OSError, ValueError) as e:
        reponse = {"erreur": str(e)}
    json.dump(reponse, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
