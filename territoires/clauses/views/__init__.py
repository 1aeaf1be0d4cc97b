"""Pages of the clauses module (thin: reads in selectors, writes in services), one module
per concern, with the names of the services: `marches` (marchés, their steps, lots and
companies), `imports`, `decp`, `bilan` (yearly report and public figures), `participants`,
`entreprises` (companies, buyers, a company's obligations), `activite` (support agreements).
"""
