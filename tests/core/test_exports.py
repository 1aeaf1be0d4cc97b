"""The output layer (`territoires.core.exports`): one neutralisation, typed cells, streamed
CSV, safe names, a PDF renderer that fetches nothing — and no module writing files its own
way."""

import ast
import datetime
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from territoires.core.exports import spreadsheets
from territoires.core.exports.archives import ZipArchive
from territoires.core.exports.cells import neutralise
from territoires.core.exports.filenames import safe_filename
from territoires.core.exports.pdf import html_to_pdf
from territoires.core.exports.responses import content_disposition
from tests.core.formules import CHARGES, MILIEU, verifier_csv, verifier_xlsx

PACKAGE = Path(__file__).parents[2] / "territoires"
LAYER = PACKAGE / "core" / "exports"


def test_every_payload_is_neutralised_once_and_a_formula_inside_a_text_is_left_alone():
    for charge in CHARGES:
        assert neutralise(charge) == "'" + charge
    assert neutralise(MILIEU) == MILIEU
    assert neutralise("Lavoir") == "Lavoir"


def test_csv_keeps_numbers_and_dates_and_neutralises_text():
    moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Paris
    texte = spreadsheets.csv_text(
        [[*CHARGES, MILIEU, Decimal("-12.50"), -3, 2.5, datetime.date(2026, 3, 2), moment]],
        headers=["=titre", *["x"] * 11],
    )
    assert texte.startswith("\ufeff'=titre;x")
    (ligne,) = verifier_csv(texte, attendus=[*CHARGES, MILIEU])[1:]
    assert ligne[-5:] == ["-12.50", "-3", "2.5", "2026-03-02", "2026-03-02T00:30:00"]


def test_a_carriage_return_never_cuts_a_line_whatever_the_line_ending():
    for fin in ("\n", "\r\n"):
        texte = spreadsheets.csv_text([["a\rb", 1], ["c", 2]], line_ending=fin, bom=False)
        assert verifier_csv(texte, attendus=[]) == [["a\rb", "1"], ["c", "2"]]


def test_a_long_csv_is_streamed_by_chunks():
    morceaux = list(spreadsheets.csv_lines(([i, "x"] for i in range(2500)), separator=","))
    assert len(morceaux) == 3  # 1,000 rows a chunk
    assert "".join(morceaux).count("\r\n") == 2500


def test_xlsx_text_cells_are_text_numbers_numbers_dates_dates():
    contenu = spreadsheets.xlsx_bytes(
        [
            spreadsheets.Sheet(
                "Dossiers : 2026/1 [test]",
                ["Intitulé", "Montant", "Date"],
                [[c, Decimal("-12.50"), datetime.date(2026, 3, 2)] for c in CHARGES]
                + [[MILIEU, 3, None], ["#N/A\x07", 0, None]],
            ),
            spreadsheets.Sheet("Dossiers : 2026/1 [test]", ["encore"]),
        ]
    )
    classeur = verifier_xlsx(contenu, attendus=[*CHARGES, MILIEU, "#N/A"])
    assert classeur.sheetnames == ["Dossiers - 2026-1 -test-", "Dossiers - 2026-1 -test- 2"]
    feuille = classeur.worksheets[0]
    assert feuille["A1"].font.b
    assert feuille["B2"].value == -12.5 and feuille["B2"].data_type == "n"
    assert feuille["C2"].is_date and feuille["C2"].value.date() == datetime.date(2026, 3, 2)
    assert feuille["A10"].value == "#N/A" and feuille["A10"].data_type == "s"


def test_file_and_member_names_cannot_escape():
    assert safe_filename("../../etc/passwd") == "etc-passwd"
    assert safe_filename('rapport "2024"\r\n.pdf') == "rapport -2024-.pdf"
    assert safe_filename("ingenierie-2017–2024.xlsx") == "ingenierie-2017–2024.xlsx"
    assert safe_filename("..") == "export"
    assert content_disposition("évaluation.pdf", inline=True) == (
        "inline; filename*=utf-8''%C3%A9valuation.pdf"
    )
    with ZipArchive() as archive:
        archive.copy("documents/../../../etc/cron.d/x", io.BytesIO(b"a" * 200_000))
        archive.copy("/absolu\\..\\plan.pdf", io.BytesIO(b"%PDF"))
    noms = zipfile.ZipFile(archive.file).namelist()
    assert noms == ["documents/etc/cron.d/x", "absolu/plan.pdf"]


PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"


def test_pdf_embeds_data_images_but_fetches_no_file_nor_url(tmp_path):
    import base64

    image = tmp_path / "secret.png"
    image.write_bytes(base64.b64decode(PNG))

    def images(src: str) -> int:
        html = f'<html><body><p>Acte</p><img alt="" src="{src}"></body></html>'
        return len(PdfReader(io.BytesIO(html_to_pdf(html))).pages[0].images)

    assert images(f"data:image/png;base64,{PNG}") == 1
    assert images(image.as_uri()) == 0
    assert images("http://127.0.0.1:9/x.png") == 0


# --- no module writes files its own way ------------------------------------------------------

ECRIVAINS_CSV = {"writer", "DictWriter"}


def _import_infractions(noeud: ast.Import | ast.ImportFrom) -> list[str]:
    module = getattr(noeud, "module", None) or ""
    noms = {a.name for a in noeud.names}
    trouvees = []
    if module.startswith("weasyprint") or any(n.startswith("weasyprint") for n in noms):
        trouvees.append("importe weasyprint")
    if module == "openpyxl" and "Workbook" in noms:
        trouvees.append("importe openpyxl.Workbook")
    if module == "csv" and noms & ECRIVAINS_CSV:
        trouvees.append("importe un écrivain csv")
    return trouvees


def _attribute_infractions(noeud: ast.Attribute) -> list[str]:
    cible = noeud.value.id if isinstance(noeud.value, ast.Name) else ""
    trouvees = []
    if (cible == "csv" and noeud.attr in ECRIVAINS_CSV) or noeud.attr == "write_pdf":
        trouvees.append(f"{cible}.{noeud.attr}")
    if cible == "openpyxl" and noeud.attr == "Workbook":
        trouvees.append("openpyxl.Workbook")
    return trouvees


def _call_infractions(noeud: ast.Call) -> list[str]:
    appel = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
    trouvees = []
    if appel in ("StreamingHttpResponse", "Workbook"):
        trouvees.append(f"{appel}(…)")
    if appel == "ZipFile" and any(
        isinstance(a, ast.Constant) and a.value in ("w", "a", "x") for a in noeud.args
    ):
        trouvees.append("ZipFile en écriture")
    return trouvees


def _node_infractions(noeud: ast.AST) -> list[str]:
    if isinstance(noeud, (ast.Import, ast.ImportFrom)):
        return _import_infractions(noeud)
    if isinstance(noeud, ast.Attribute):
        return _attribute_infractions(noeud)
    if isinstance(noeud, ast.Call):
        return _call_infractions(noeud)
    if isinstance(noeud, ast.Constant) and noeud.value == "Content-Disposition":
        return ["en-tête Content-Disposition écrit à la main"]
    return []


def _infractions(source: str, nom: str) -> list[str]:
    return [
        f"{nom}:{getattr(noeud, 'lineno', 0)} {infraction}"
        for noeud in ast.walk(ast.parse(source, filename=nom))
        for infraction in _node_infractions(noeud)
    ]


def test_every_export_goes_through_the_output_layer():
    modules = [
        p for p in PACKAGE.rglob("*.py") if LAYER not in p.parents and "migrations" not in p.parts
    ]
    assert len(modules) > 100
    infractions = [
        i for p in modules for i in _infractions(p.read_text(), str(p.relative_to(PACKAGE)))
    ]
    assert infractions == [], "\n".join(infractions)


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)",
        "from openpyxl import Workbook",
        "from weasyprint import HTML",
        "pdf = HTML(string=s).write_pdf()",
        "from django.http import StreamingHttpResponse as S\nr = StreamingHttpResponse(x)",
        "import zipfile\nz = zipfile.ZipFile(out, 'w')",
        "r['Content-Disposition'] = 'attachment'",
    ],
)
def test_the_guard_sees_a_new_writer(source):
    assert _infractions(source, "essai.py")


# --- JSON and GeoJSON, streamed -----------------------------------------------------------


def test_json_rows_are_streamed_typed_and_left_as_they_are():
    import json

    from territoires.core.exports.jsonfiles import geojson_lines, json_lines, point

    lignes = [
        [c, Decimal("-12.50"), Decimal("3"), datetime.date(2026, 3, 2), True, None] for c in CHARGES
    ] * 300
    morceaux = list(json_lines(lignes, headers=["nom", "montant", "n", "date", "ok", "vide"]))
    assert len(morceaux) == 3  # 1,000 rows a chunk, then the rest with the closing bracket
    objets = json.loads("".join(morceaux))
    assert len(objets) == 2100
    assert objets[0] == {
        "nom": CHARGES[0],  # JSON is data: no apostrophe, no formula either
        "montant": -12.5,
        "n": 3,
        "date": "2026-03-02",
        "ok": True,
        "vide": None,
    }
    assert json.loads("".join(json_lines([], headers=["a"]))) == []

    collection = json.loads(
        "".join(
            geojson_lines(
                [
                    (point(Decimal("0.62"), "43.93"), {"nom": "Lectoure", "pop": 3648}),
                    (point(None, 43), {"nom": "sans position"}),
                    ({"type": "LineString", "coordinates": [[0, 1], [1, 2]]}, {"nom": "ligne"}),
                ]
            )
        )
    )
    assert collection["type"] == "FeatureCollection"
    premier, sans, ligne = collection["features"]
    assert premier["geometry"] == {"type": "Point", "coordinates": [0.62, 43.93]}
    assert premier["properties"] == {"nom": "Lectoure", "pop": 3648}
    assert sans["geometry"] is None and ligne["geometry"]["type"] == "LineString"


def test_a_large_xlsx_is_sent_from_its_file_by_chunks():
    from territoires.core.exports.responses import xlsx_file_response

    response = xlsx_file_response(
        filename="lignes.xlsx",
        sheets=[
            spreadsheets.Sheet("Lignes", ["nom", "n"], ([c, i] for i, c in enumerate(CHARGES)))
        ],
    )
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="lignes.xlsx"'
    contenu = b"".join(response.streaming_content)
    classeur = verifier_xlsx(contenu, attendus=CHARGES)
    assert classeur.worksheets[0]["B3"].value == 1
