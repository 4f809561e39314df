"""Un calcul lancé dans un fil, attendu plus tard : la construction charge l'extrait des référentiels et laisse
rudof valider pendant qu'elle continue (pyoxigraph et rudof relâchent le verrou global de Python ; 2 cœurs)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def en_fond(calcul: Callable[[], T], nom: str) -> Callable[[], T]:
    """Lance `calcul` dans un fil et rend la fonction qui l'attend, puis rend son résultat ou lève son erreur
    (à chaque appel). Le fil est un démon : un Ctrl-C ou une erreur de la construction n'attend pas la fin d'un
    calcul devenu inutile, et `join` garantit qu'il est fini quand on lit son résultat (le bench forke ensuite)."""
    issue: list[tuple[bool, object]] = []

    def executer() -> None:
        try:
            issue.append((True, calcul()))
        except BaseException as e:  # rendue à qui attend, dans son fil
            issue.append((False, e))

    fil = threading.Thread(target=executer, name=nom, daemon=True)
    fil.start()

    def attendre() -> T:
        fil.join()
        reussi, valeur = issue[0]
        if not reussi:
            raise valeur  # type: ignore[misc]
        return valeur  # type: ignore[return-value]

    return attendre
