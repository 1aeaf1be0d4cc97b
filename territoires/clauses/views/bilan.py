"""The yearly report (staff) and the public figures (masked)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import render

from territoires.core.access import public, rule_required
from territoires.core.exports.responses import JSON, PDF, XLSX, file_response

from .. import exports
from ..models import (
    ConfigurationClauses,
)
from ..selectors.bilan import annees_disponibles, bilan_annuel
from .base import accueil_crumb, annee_demandee


def _masquer(request) -> bool:
    """Only the facilitator sees exact small counts of people; others get them masked."""
    return not request.user.has_perm("clauses.view_participants")


@rule_required("clauses.view_bilan")
def bilan(request):
    annee = annee_demandee(request)
    donnees = bilan_annuel(annee, masquer=_masquer(request))
    return render(
        request,
        "clauses/bilan.html",
        exports.bilan_contexte(donnees)
        | {
            "annees": annees_disponibles() or [annee],
            "annee": annee,
            "breadcrumb_items": [accueil_crumb(), (f"Bilan {annee}", None)],
        },
    )


@rule_required("clauses.view_bilan")
def bilan_export(request):
    annee = annee_demandee(request)
    format_ = request.GET.get("format", "json")
    donnees = bilan_annuel(annee, masquer=_masquer(request))
    if format_ == "xlsx":
        contenu, mime = exports.bilan_xlsx(donnees), XLSX
    elif format_ == "pdf":
        contenu, mime = exports.bilan_pdf(donnees), PDF
    else:
        format_ = "json"
        contenu, mime = _json(donnees), JSON
    return file_response(
        contenu, filename=f"bilan-clauses-sociales-{annee}.{format_}", content_type=mime
    )


def _json(donnees: dict) -> bytes:
    return json.dumps(donnees, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


@public
def chiffres(request):
    """Public figures: counts under the statistical threshold are hidden."""
    annee = annee_demandee(request)
    donnees = bilan_annuel(annee, masquer=True)
    return render(
        request,
        "clauses/chiffres.html",
        exports.bilan_contexte(donnees)
        | {
            "annee": annee,
            "annees": annees_disponibles() or [annee],
            "seuil": ConfigurationClauses.courante().seuil_secret_statistique,
            "breadcrumb_items": [("Clauses sociales : chiffres clés", None)],
        },
    )


@public
def chiffres_json(request):
    """Open data: the same masked figures as JSON."""
    annee = annee_demandee(request)
    return file_response(
        _json(bilan_annuel(annee, masquer=True)),
        filename=f"clauses-sociales-{annee}.json",
        content_type=JSON,
    )
