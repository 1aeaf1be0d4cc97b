"""Spreadsheets and PDF of the ingénierie module."""

from django.http import HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from territoires.core.exports.responses import csv_response, pdf_response, xlsx_response
from territoires.core.exports.spreadsheets import Sheet

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


def _jour(value):
    return timezone.localtime(value).date() if value else None


def _row(s) -> list:
    return [
        s.numero,
        _jour(s.deposee_le),
        s.organisation.nom,
        s.epci.nom if s.epci_id else "",
        s.sujet,
        s.domaine.nom,
        s.nature.nom,
        s.get_canal_display(),
        s.get_statut_display(),
        s.get_etape_display() if s.etape else "",
        str(s.referent) if s.referent_id else "",
        _jour(s.premiere_reponse_le),
        _jour(s.cloturee_le),
    ]


def _rows(queryset):
    return (_row(s) for s in queryset.iterator(chunk_size=2000))


def sollicitations_csv(queryset) -> StreamingHttpResponse:
    """Streamed: the export of 200,000 rows never sits whole in memory."""
    return csv_response(filename="sollicitations.csv", headers=COLONNES, rows=_rows(queryset))


def sollicitations_xlsx(queryset) -> HttpResponse:
    return xlsx_response(
        filename="sollicitations.xlsx",
        sheets=[Sheet("Sollicitations", COLONNES, _rows(queryset))],
    )


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
    sheets = [Sheet("En bref", rows=[[p] for p in _en_bref(depuis, jusqu_a)])]
    sheets = [s for s in sheets if s.rows]
    sheets += [Sheet(title, headers, rows) for title, headers, rows in stats_tables(stats)]
    return xlsx_response(filename=f"ingenierie-{_periode_label(stats)}.xlsx", sheets=sheets)


def rapport_pdf(request, *, depuis=None, jusqu_a=None) -> HttpResponse:
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
    return pdf_response(filename=f"rapport-ingenierie-{_periode_label(stats)}.pdf", html=html)
