"""Mesures de performance (`cartographie bench`) : étapes chronométrées, branches synthétiques, serveur local."""
