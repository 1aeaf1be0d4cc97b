"""The facilitator's workbook (sheets `marches` and `heures`, or marches.csv and heures.csv).

Nothing here writes. `colonnes` says what the file holds, `lecture` and `lecture_xlsx` turn
the file into rows (as a stream, bounded: the file may be hostile), `verification` checks
every row against the référentiel and returns either the parsed data (`donnees.Donnees`) or
every bad row with why. `services.imports_application` writes the parsed data (all or
nothing).
"""
