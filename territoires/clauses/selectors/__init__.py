"""Reads of the clauses module, one module per concern.

- `chiffres`: rounding, percentages and the statistical secret shared by every figure.
- `bilan`: the yearly report (SQL aggregates only) and the years it covers.
- `marches`: the marchés a user may see, their lots and their aggregate figures.
- `entreprises`: companies, buyers (donneurs d'ordre) and a company's obligations.
- `participants`: participant-level rows (facilitator only).
- `alertes`: lots late on their schedule, contracts ending with hours still due.
"""
