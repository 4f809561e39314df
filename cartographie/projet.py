"""Les emplacements d'un projet : vocabulaire, données, formes, requêtes et publication.

Un `Projet` est passé explicitement à chaque fonction qui lit ou écrit des fichiers ; rien n'est
calculé à l'import. Depuis un dépôt cloné, la racine est le dépôt lui-même. Installé par
`pip install .` (sans `-e`), le paquet emporte une copie de `ontologie/`, `donnees/`, `shapes/` et
`requetes/` dans `cartographie/ressources/`, trouvée par `importlib.resources` ; la publication
s'écrit alors dans `./export` du dossier courant, ou là où `--sortie` le dit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from cartographie.erreurs import ErreurEntree

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


CLASSEURS = (".xlsx", ".ods")


@dataclass(frozen=True)
class Projet:
    """`racine` porte ce que toutes les branches partagent (vocabulaire, formes, règles, requêtes) ; `branche`,
    s'il est donné, est le dossier d'une autre branche (son `donnees/`, ou son classeur) ou son classeur seul."""

    racine: Path
    sortie: Path | None = None
    branche: Path | None = None

    def avec_branche(self, branche: Path) -> Projet:
        if not branche.exists():
            raise ErreurEntree(f"{branche} : projet introuvable (un dossier avec donnees/ ou un classeur, ou un "
                               "classeur .xlsx ou .ods).")
        return replace(self, branche=branche.resolve())

    @property
    def dossier(self) -> Path:
        """Le dossier de la branche : celui de ses données et, par défaut, de sa publication."""
        if self.branche is None:
            return self.racine
        return self.branche if self.branche.is_dir() else self.branche.parent

    @property
    def classeur(self) -> Path | None:
        """Le classeur d'où lire les données de la branche, s'il n'y a pas de dossier donnees/."""
        if self.branche is None:
            return None
        if self.branche.is_file():
            return self.branche
        if (self.branche / "donnees").is_dir():
            return None
        classeurs = sorted(p for p in self.branche.iterdir() if p.suffix.lower() in CLASSEURS)
        if len(classeurs) != 1:
            raise ErreurEntree(f"{self.branche} : un projet a un dossier donnees/ ou un seul classeur "
                               f"(.xlsx, .ods) ; trouvé {len(classeurs)} classeur(s).")
        return classeurs[0]

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
        return self.dossier / "donnees"

    @property
    def formes(self) -> Path:
        return self.racine / "shapes"

    @property
    def regles(self) -> list[Path]:
        return sorted((self.ontologie / "regles").glob("*.rq"))

    @property
    def regles_referentiels(self) -> list[Path]:
        """Les règles qui lisent aussi l'extrait des référentiels (bilans des certifications)."""
        return sorted((self.ontologie / "regles" / "referentiels").glob("*.rq"))

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
        return self.sortie or self.dossier / "export"

    @property
    def construction(self) -> Path:
        """Les fichiers intermédiaires (imports complets des référentiels, candidats), jamais publiés."""
        return (self.sortie.parent if self.sortie else self.racine) / "build"

    @property
    def publies(self) -> list[Path]:
        """Les fichiers N-Triples de la publication : les données, et l'extrait des référentiels s'il existe."""
        referentiels = self.export / "referentiels.nt"
        return [self.export / "cartographie.nt", *([referentiels] if referentiels.exists() else [])]
