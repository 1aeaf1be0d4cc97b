"""Spreadsheets and PDF of the ingénierie module."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook

from .selectors import en_bref, statistiques

COLONNES = [
    "Numéro",
    "Déposée le",
    "Collectivité",
    "Intercommunalité",
    "Sujet",
    "Domaine",
    "Nature",
    "Canal",
    "Statut",
    "Étape",
    "Référent",
    "Première réponse le",
    "Close le",
]


def _row(s) -> list:
    def day(value):
        return timezone.localtime(value).date().isoformat() if value else ""

    return [
        s.numero,
        day(s.deposee_le),
        s.organisation.nom,
        s.epci.nom if s.epci_id else "",
        s.sujet,
        s.domaine.nom,
        s.nature.nom,
        s.get_canal_display(),
        s.get_statut_display(),
        s.get_etape_display() if s.etape else "",
        str(s.referent) if s.referent_id else "",
        day(s.premiere_reponse_le),
        day(s.cloturee_le),
    ]


class _Echo:
    def write(self, value):
        return value


def sollicitations_csv(queryset) -> StreamingHttpResponse:
    """Streamed: the export of 200,000 rows never sits whole in memory."""
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff" + writer.writerow(COLONNES)
        for s in queryset.iterator(chunk_size=2000):
            yield writer.writerow(_row(s))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sollicitations.csv"'
    return response


def _xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def sollicitations_xlsx(queryset) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sollicitations")
    sheet.append(COLONNES)
    for s in queryset.iterator(chunk_size=2000):
        sheet.append(_row(s))
    return _xlsx_response(workbook, "sollicitations.xlsx")


def _periode_label(stats: dict) -> str:
    periode = stats["periode"]
    if periode["depuis"] and periode["jusqu_a"]:
        if periode["depuis"] == periode["jusqu_a"]:
            return f"{periode['depuis']}"
        return f"{periode['depuis']}–{periode['jusqu_a']}"
    return "toute la période"


def stats_tables(stats: dict) -> list[tuple[str, list[str], list[list]]]:
    """The figures as (title, headers, rows): shared by the command, XLSX and PDF."""

    def pct(value):
        return "" if value is None else value

    tables = [
        (
            "Synthèse",
            ["Indicateur", "Valeur"],
            [
                ["Sollicitations", stats["total"]],
                ["Évolution depuis la première année (%)", pct(stats["croissance_pourcent"])],
                ["Communes ayant sollicité la mission", stats["communes"]["servies"]],
                ["Communes du département", stats["communes"]["total"]],
                ["Part des communes (%)", pct(stats["communes"]["part_pourcent"])],
                ["Intercommunalités ayant sollicité la mission", stats["epcis"]["servis"]],
                ["Intercommunalités du département", stats["epcis"]["total"]],
                ["Part des intercommunalités (%)", pct(stats["epcis"]["part_pourcent"])],
                [
                    "Délai médian de première réponse (jours)",
                    pct(stats["delai_median_premiere_reponse_jours"]),
                ],
                ["Délai médian de clôture (jours)", pct(stats["delai_median_cloture_jours"])],
            ],
        ),
        (
            "Par année",
            ["Année", "Sollicitations"],
            [[r["annee"], r["sollicitations"]] for r in stats["par_annee"]],
        ),
    ]
    for key, title, label in (
        ("par_domaine", "Par domaine", "Domaine"),
        ("par_nature", "Par nature", "Nature"),
        ("par_epci", "Par intercommunalité", "Intercommunalité"),
        ("par_statut", "Par statut", "Statut"),
    ):
        tables.append(
            (
                title,
                [label, "Sollicitations"],
                [[r["libelle"], r["sollicitations"]] for r in stats[key]],
            )
        )
    return tables


def _en_bref(depuis, jusqu_a) -> list[str]:
    """The yearly report opens with comparisons when it covers one year."""
    return en_bref(depuis) if depuis and depuis == jusqu_a else []


def rapport_xlsx(*, depuis=None, jusqu_a=None) -> HttpResponse:
    stats = statistiques(depuis=depuis, jusqu_a=jusqu_a)
    workbook = Workbook(write_only=True)
    phrases = _en_bref(depuis, jusqu_a)
    if phrases:
        sheet = workbook.create_sheet("En bref")
        for phrase in phrases:
            sheet.append([phrase])
    for title, headers, rows in stats_tables(stats):
        sheet = workbook.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    return _xlsx_response(workbook, f"ingenierie-{_periode_label(stats)}.xlsx")


def rapport_pdf(request, *, depuis=None, jusqu_a=None) -> HttpResponse:
    from weasyprint import HTML

    stats = statistiques(depuis=depuis, jusqu_a=jusqu_a)
    html = render_to_string(
        "ingenierie/rapport.html",
        {
            "stats": stats,
            "tables": stats_tables(stats),
            "periode": _periode_label(stats),
            "en_bref": _en_bref(depuis, jusqu_a),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="rapport-ingenierie-{_periode_label(stats)}.pdf"'
    )
    return response


FACTURE_COLONNES = ["Numéro", "Date", "SIREN", "Organisation", "Prestations jusqu'au", "Montant HT"]


def _facture_row(f) -> list:
    return [
        f.numero,
        f.date.isoformat(),
        f.organisation.siren,
        f.organisation.nom,
        f.periode_fin.isoformat(),
        f"{f.montant_ht:.2f}",
    ]


def factures_csv(queryset) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(FACTURE_COLONNES)
    writer.writerows(_facture_row(f) for f in queryset)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="factures.csv"'
    return response


def factures_xlsx(queryset) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Factures")
    sheet.append(FACTURE_COLONNES)
    for f in queryset:
        row = _facture_row(f)
        row[-1] = float(f.montant_ht)
        sheet.append(row)
    return _xlsx_response(workbook, "factures.xlsx")
