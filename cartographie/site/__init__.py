"""Le site statique de la cartographie (`cartographie site`) et son serveur local (`cartographie serve`).

- `lecture` : ce que montrent les pages, lu par SPARQL dans la publication ;
- `pages` : le rendu par les gabarits Jinja2 de `gabarits/` et l'écriture du dossier ;
- `chemins` : où vit chaque ressource dans le site, et la table de négociation de contenu ;
- `htaccess` : la même table écrite en règles w3id.org ; `serveur` : la même table servie en HTTP.
"""
