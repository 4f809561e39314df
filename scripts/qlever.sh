#!/usr/bin/env bash
# Indexe une publication à N branches synthétiques et l'extrait des référentiels dans QLever, puis pose
# chaque requête du catalogue au serveur et affiche sa durée (voir docs/performances.md, « QLever »).
#
# Usage : scripts/qlever.sh [N] [DOSSIER]     (défaut : N=100, DOSSIER=build/qlever)
# Prérequis : le contrôleur `qlever` (pip install qlever) et, soit Docker ou Podman (SYSTEM=docker, par
# défaut), soit les binaires natifs `qlever-index` et `qlever-server` dans le PATH (QLEVER_SYSTEM=native).
# Pour un graphe national (toutes les branches, ROME, RNCP et ESCO complets), mettez dans DOSSIER les
# N-Triples des imports complets (`cartographie importer rome|rncp --sortie DOSSIER`) et de l'ESCO avant
# l'indexation : la ligne INPUT_FILES prend tous les *.nt du dossier.
set -euo pipefail

N="${1:-100}"
DOSSIER="${2:-build/qlever}"
PORT="${QLEVER_PORT:-7019}"
SYSTEM="${QLEVER_SYSTEM:-docker}"
RACINE="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="$RACINE/.venv/bin/python"
CARTOGRAPHIE="$RACINE/.venv/bin/cartographie"

if ! command -v qlever >/dev/null; then
  echo "Erreur : la commande qlever est introuvable (pip install qlever ; voir docs/performances.md)." >&2
  exit 2
fi
if [ "$SYSTEM" = native ] && ! command -v qlever-index >/dev/null; then
  echo "Erreur : QLEVER_SYSTEM=native, mais qlever-index n'est pas dans le PATH." >&2
  exit 2
fi

mkdir -p "$DOSSIER"
"$PYTHON" - "$N" "$DOSSIER/publication-$N.nt" <<'EOF'
import sys
from pathlib import Path

from cartographie.bench.synthese import ecrire_publication
from cartographie.projet import Projet

n, fichier = int(sys.argv[1]), Path(sys.argv[2])
print(f"{ecrire_publication(Projet.par_defaut(), n, fichier)} triplets dans {fichier}")
EOF
cp "$RACINE/export/referentiels.nt" "$DOSSIER/"

cd "$DOSSIER"
cat > Qleverfile <<EOF
[data]
NAME = cartographie-$N
FORMAT = nt

[index]
INPUT_FILES = *.nt
CAT_INPUT_FILES = cat \${INPUT_FILES}
PARALLEL_PARSING = true
STXXL_MEMORY = 2G

[server]
PORT = $PORT
MEMORY_FOR_QUERIES = 4G
TIMEOUT = 600s

[runtime]
SYSTEM = $SYSTEM
EOF

/usr/bin/time -f "indexation : %e s, pic %M Kio" qlever index --overwrite-existing
qlever start --kill-existing-with-same-port
trap 'qlever stop' EXIT

# Chaque requête du catalogue, par la même commande que pour tout serveur SPARQL 1.1 (graphe par défaut).
for requete in "$RACINE"/requetes/*.rq; do
  nom="$(basename "$requete" .rq)"
  parametres="$(sed -n 's/^# exemple: .*query [^ ]*\(.*\)$/\1/p' "$requete" | grep -o -- '--param [^ ]*' | tr '\n' ' ' || true)"
  debut=$(date +%s.%N)
  # shellcheck disable=SC2086
  lignes=$("$CARTOGRAPHIE" --racine "$RACINE" query "$nom" $parametres --endpoint "http://127.0.0.1:$PORT" \
           --delai 600 --format csv | tail -n +2 | wc -l)
  fin=$(date +%s.%N)
  printf '%-28s %8.1f ms  %6d lignes\n' "$nom" "$(echo "($fin - $debut) * 1000" | bc)" "$lignes"
done
