"""Actualisation des effectifs à partir des fichiers des sociétés, et recherche d'un métier par son intitulé."""
