"""La progression des commandes longues (validation, construction, imports), sur le terminal seulement.

tqdm affiche sur la sortie d'erreur et se tait quand elle n'est pas un terminal (`disable=None`) : un
script, un test ou une intégration continue ne reçoivent rien de plus qu'avant.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def suivre(elements: Iterable[T], description: str, unite: str, total: int | None = None) -> Iterator[T]:
    """Les `elements`, avec une barre de progression sur le terminal (`total` : leur nombre, s'il est connu)."""
    yield from tqdm(elements, desc=description, unit=f" {unite}", total=total, disable=None, file=sys.stderr,
                    leave=False, dynamic_ncols=True)


@contextmanager
def etape(description: str) -> Iterator[None]:
    """Une étape d'un seul tenant (déductions, validation SHACL) : son nom pendant qu'elle tourne, puis sa
    durée quand elle est finie."""
    with tqdm(total=1, desc=description, bar_format="{desc} : {elapsed}", disable=None, file=sys.stderr,
              leave=True, dynamic_ncols=True) as barre:
        yield
        barre.update(1)
