"""Pilotage: one territory, every module (issue 13).

A reader on top of the domains and of the open-data portal (docs/architecture.md): it reads
them through their selectors and writes nothing of theirs. Its own writes are only about its
readers (which communes an elected official follows, when they last came).

- `rules.py`: who reads what (`vue_territoire`: public, member of the commune, full view of the
  Département's agents and elected officials) and the elected officials' read-only perms.
- `territoire/`: the territory page (commune, EPCI, canton): every module's figures for a set
  of communes over a period (`synthese`), time axis, comparison with the same size band.
- `chiffres/`: the Département's key figures and yearly report (page, command, PDF/XLSX/JSON),
  each equal to the module's own figure.
- `elus/`: elected officials (followed communes, home page, weekly digest).
- `cartes/`: a map of any indicator by commune or EPCI, with its accessible table.
"""
