"""Une construction qui échoue ou qu'on tue en pleine écriture laisse la publication précédente
intacte, jamais un mélange de l'ancienne et de la nouvelle ; les restes sont ignorés par git et
effacés au passage suivant (issue 11, point 5)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cartographie.construction.construire import publier
from cartographie.erreurs import ErreurEntree
from cartographie.io import ecriture
from cartographie.projet import Projet

RACINE_DEPOT = Path(__file__).resolve().parents[2]
ANCIEN = {"cartographie.ttl": "ancien ttl\n", "cartographie.nt": "ancien nt\n", "cartographie.jsonld": "ancien jsonld\n"}
NOUVEAU = {"cartographie.ttl": "nouveau ttl\n", "cartographie.nt": "nouveau nt\n", "cartographie.jsonld": "nouveau jsonld\n",
           "deductions.ttl": "nouveau\n"}


def _instantane(dossier: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(dossier.iterdir())}


def _restes(dossier: Path) -> list[str]:
    return sorted(p.name for p in dossier.iterdir() if p.name.startswith(ecriture.PREFIXE_TEMPORAIRE))


def test_exception_pendant_l_ecriture(copie_projet: Projet, monkeypatch: pytest.MonkeyPatch):
    avant = _instantane(copie_projet.export)
    vrai, appels = ecriture.os.fsync, []

    def troisieme_en_echec(descripteur: int) -> None:
        appels.append(descripteur)
        if len(appels) == 3:
            raise OSError(28, "No space left on device")
        vrai(descripteur)

    monkeypatch.setattr(ecriture.os, "fsync", troisieme_en_echec)
    nomenclature = copie_projet.donnees / "nomenclature.ttl"
    nomenclature.write_text(nomenclature.read_text(encoding="utf-8").replace("2799", "2800"), encoding="utf-8")
    with pytest.raises(OSError):
        publier(copie_projet, progression=lambda _: None)
    assert len(appels) == 3
    assert _instantane(copie_projet.export) == avant
    assert _restes(copie_projet.racine) == [] and _restes(copie_projet.export) == []


# Un processus qui publie NOUVEAU dans un dossier qui contient ANCIEN, et se tue (SIGKILL) juste avant
# ou juste après le N-ième renommage (échange atomique, ou os.rename quand renameat2 manque).
TUER = """
import ctypes, os, signal, sys
from pathlib import Path
from cartographie.io import ecriture
dossier, rang, moment, sans_echange = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
if sans_echange:
    ecriture.ctypes.CDLL = lambda *a, **k: object()
compte = 0
def tuer_autour(fonction):
    def enveloppe(*args, **kwargs):
        global compte
        compte += 1
        numero = compte
        if numero == rang and moment == "avant":
            os.kill(os.getpid(), signal.SIGKILL)
        fonction(*args, **kwargs)
        if numero == rang and moment == "apres":
            os.kill(os.getpid(), signal.SIGKILL)
    return enveloppe
ecriture.os.rename = tuer_autour(os.rename)
ecriture._echanger = tuer_autour(ecriture._echanger)
ecriture.publier_dossier(dossier, NOUVEAU)
print(compte)
""".replace("NOUVEAU", repr(NOUVEAU))

# Avec renameat2 : un seul échange. Sans : l'appel d'échange, puis ses trois os.rename.
CAS = [(1, moment, False) for moment in ("avant", "apres")] + \
      [(rang, moment, True) for rang in (1, 2, 3, 4) for moment in ("avant", "apres")]


def _git(dossier: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(dossier), *arguments], check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize(("rang", "moment", "sans_echange"), CAS)
def test_tue_a_chaque_renommage(tmp_path: Path, rang: int, moment: str, sans_echange: bool):
    depot = tmp_path / "depot"
    export = depot / "export"
    export.mkdir(parents=True)
    for nom, contenu in ANCIEN.items():
        (export / nom).write_text(contenu, encoding="utf-8")
    shutil.copy(RACINE_DEPOT / ".gitignore", depot / ".gitignore")
    _git(depot, "init", "-q")
    _git(depot, "add", "-A")
    _git(depot, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "ancien")

    fini = subprocess.run([sys.executable, "-c", TUER, str(export), str(rang), moment, "1" if sans_echange else "0"],
                          capture_output=True, text=True)
    if fini.returncode == 0:
        # Moins de renommages que `rang` : ce cas n'existe pas pour ce chemin d'écriture.
        assert int(fini.stdout) < rang
        return
    assert fini.returncode == -9, fini.stderr

    # Jamais de mélange : l'ancien jeu entier, le nouveau entier, ou (sans échange atomique, entre deux
    # renommages) aucun dossier.
    vu = _instantane(export) if export.exists() else None
    assert vu in (ANCIEN, NOUVEAU) or (sans_echange and vu is None), vu
    assert vu is not None or (rang, moment) in ((2, "apres"), (3, "avant"))
    # Les restes sont hors du dossier publié et ignorés par git.
    assert not (export.exists() and _restes(export))
    assert ".cartographie-tmp" not in _git(depot, "status", "--porcelain", "--untracked-files=all")

    # Le passage suivant publie et nettoie.
    ecriture.publier_dossier(export, NOUVEAU)
    assert _instantane(export) == NOUVEAU
    assert _restes(depot) == []


def test_un_dossier_qui_contient_autre_chose_n_est_pas_remplace(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("à moi\n", encoding="utf-8")
    with pytest.raises(ErreurEntree, match=r"notes\.txt, qui ne vient pas d'une publication"):
        ecriture.publier_dossier(tmp_path, NOUVEAU)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_un_fichier_n_est_pas_un_dossier_de_sortie(tmp_path: Path):
    fichier = tmp_path / "export"
    fichier.write_text("x", encoding="utf-8")
    with pytest.raises(ErreurEntree, match="existe et n'est pas un dossier"):
        ecriture.publier_dossier(fichier, NOUVEAU)
    assert fichier.read_text(encoding="utf-8") == "x"
