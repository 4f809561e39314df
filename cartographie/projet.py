"""Les emplacements d'un projet : vocabulaire, données, formes, requêtes et publication.

Un `Projet` est passé explicitement à chaque fonction qui lit ou écrit des fichiers ; rien n'est
calculé à l'import. Depuis un dépôt cloné, la racine est le dépôt lui-même. Installé par
`pip install .` (sans `-e`), le paquet emporte une copie de `ontologie/`, `donnees/`, `shapes/` et
`requetes/` dans `cartographie/ressources/`, trouvée par `importlib.resources` ; la publication
s'écrit alors dans `./export` du dossier courant, ou là où `--sortie` le dit.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

# L'extrait des référentiels (donnees/referentiels/) est publié à côté de la construction, tel quel.
DOSSIER_REFERENTIELS = "referentiels"
EXTRAIT = "rome-rncp.nt"
# Les candidats produits par la machine (`donnees/alignements/candidats/`) ne sont pas publiés : seules
# les tables relues de `donnees/alignements/` le sont.
DOSSIER_CANDIDATS = "candidats"
# Sous-dossiers des données écrits par `cartographie actualiser` : les tranches datées d'effectifs déclarés par
# les sociétés, et les correspondances de leurs intitulés internes (SSSOM, une table par société).
DOSSIER_EFFECTIFS = "effectifs"
DOSSIER_CORRESPONDANCES = "correspondances"


def _depot() -> Path | None:
    """Le dépôt qui contient ce paquet, s'il est exécuté depuis un clone (installation éditable)."""
    racine = Path(__file__).resolve().parent.parent
    return racine if (racine / "pyproject.toml").is_file() and (racine / "ontologie").is_dir() else None


@dataclass(frozen=True)
class Projet:
    racine: Path
    sortie: Path | None = None

    @classmethod
    def par_defaut(cls, racine: Path | None = None) -> Projet:
        """Le projet de `racine`, sinon le dépôt cloné, sinon les ressources installées avec le paquet."""
        if racine is not None:
            return cls(racine.resolve())
        depot = _depot()
        if depot is not None:
            return cls(depot)
        return cls(Path(str(files("cartographie") / "ressources")), Path.cwd() / "export")

    @property
    def ontologie(self) -> Path:
        return self.racine / "ontologie"

    @property
    def donnees(self) -> Path:
        return self.racine / "donnees"

    @property
    def formes(self) -> Path:
        return self.racine / "shapes"

    @property
    def regles(self) -> list[Path]:
        return sorted((self.ontologie / "regles").glob("*.rq"))

    @property
    def requetes(self) -> Path:
        return self.racine / "requetes"

    @property
    def alignements(self) -> Path:
        """Les tables SSSOM relues (`rome.sssom.tsv`, `esco.sssom.tsv`) ; les candidats dans `candidats/`."""
        return self.donnees / "alignements"

    @property
    def extrait(self) -> Path:
        return self.donnees / DOSSIER_REFERENTIELS / EXTRAIT

    @property
    def export(self) -> Path:
        return self.sortie or self.racine / "export"

    @property
    def construction(self) -> Path:
        """Les fichiers intermédiaires (imports complets des référentiels, candidats), jamais publiés."""
        return (self.sortie.parent if self.sortie else self.racine) / "build"

    @property
    def publies(self) -> list[Path]:
        """Les fichiers N-Triples de la publication : les données, et l'extrait des référentiels s'il existe."""
        referentiels = self.export / "referentiels.nt"
        return [self.export / "cartographie.nt", *([referentiels] if referentiels.exists() else [])]
