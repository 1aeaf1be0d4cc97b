"""Writes of the clauses module, one module per concern.

- `imports`: a workbook upload, launched in the background, read, checked and written;
  `imports_application` writes the checked data by natural keys (all or nothing).
- `decp`: DECP files (pre-fill the followed buyers' marchés, follow a new buyer).
- `marches`: the facilitator's steps on a marché, its schedule, the lots' hours and companies.
- `entreprises`: companies and buyers (donneurs d'ordre).
- `participants`: GDPR — journaled consultations and anonymisation.
- `activite`: the facilitator's activity (site meetings, support agreements).
"""
