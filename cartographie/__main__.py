"""`python -m cartographie` : la même chose que la commande `cartographie`."""

import sys

from cartographie.cli import main

sys.exit(main())
