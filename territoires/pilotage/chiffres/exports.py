"""The yearly activity report: JSON, CSV, XLSX (through core.exports, one sheet per module) and
PDF (WeasyPrint, like the clause report: title, period, contents, yearly bar charts, every
sentence with its definition), all made of the same `chiffres_cles` list."""

from __future__ import annotations

import io
import json

from territoires.core.exports.jsonfiles import json_value
from territoires.core.exports.pdf import template_to_pdf
from territoires.core.exports.spreadsheets import Sheet, csv_write, xlsx_bytes
from territoires.pilotage.chiffres.sections import graphiques, par_module
from territoires.ui.branding import get_branding

COLONNES = ["cle", "phrase", "valeur", "unite", "definition", "url_module"]


def _periode_dict(periode) -> dict:
    return {"depuis": periode.depuis, "jusqu_a": periode.jusqu_a}


def rapport_json(periode, chiffres: list[dict]) -> bytes:
    donnees = {
        "periode": _periode_dict(periode),
        "chiffres": [{k: json_value(c[k]) for k in COLONNES} for c in chiffres],
    }
    return json.dumps(donnees, ensure_ascii=False, indent=2).encode() + b"\n"


def _lignes(chiffres: list[dict]):
    return ([c[k] for k in COLONNES] for c in chiffres)


def rapport_csv(periode, chiffres: list[dict]) -> bytes:
    sortie = io.StringIO()
    csv_write(sortie, _lignes(chiffres), headers=COLONNES, bom=False, line_ending="\n")
    return sortie.getvalue().encode()


def rapport_xlsx(periode, chiffres: list[dict]) -> bytes:
    return xlsx_bytes(
        [
            Sheet(
                section["titre"],
                COLONNES,
                _lignes(section["chiffres"]),
                widths={"A": 34, "B": 70, "E": 70, "F": 30},
            )
            for section in par_module(chiffres)
        ]
    )


def rapport_pdf(periode, chiffres: list[dict]) -> bytes:
    return template_to_pdf(
        "pilotage/chiffres/rapport_pdf.html",
        {
            "periode": periode,
            "sections": par_module(chiffres),
            "graphiques": graphiques(chiffres),
            "organisation": get_branding().organisation,
        },
    )


PRODUCTEURS = {
    "json": rapport_json,
    "csv": rapport_csv,
    "xlsx": rapport_xlsx,
    "pdf": rapport_pdf,
}
