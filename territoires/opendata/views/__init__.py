"""Pages of the open-data portal: one module per screen (catalogue, jeu, telechargements,
publication, moderation)."""
