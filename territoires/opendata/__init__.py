"""Données ouvertes (`/donnees/`): the portal where the Département and its communes publish.

A reader on top of the domains (docs/architecture.md): it reads their public selectors to
publish the automatic datasets and never writes their objects.

- `models/`: `JeuDeDonnees` (dataset, moderated state machine), `Ressource` (a file of a
  dataset) and its `VersionRessource` history, `Theme`, `Compteur` (downloads, API calls).
- `lecture.py`: reads an uploaded file (CSV, XLSX, ODS, JSON, GeoJSON) as a bounded stream,
  detects encoding, separator and column types.
- `tabulaire/`: where the rows of a version are stored and queried (filters, sort, cursor).
- `schemas/`: the national Table Schemas shipped (SCDL…) and their validation.
"""
