"""Downloads of dossier lists and of a dossier's archive (built in `aides/exports.py`)."""

from django.http import Http404

from territoires.core.access import object_rule_required, rule_required

from .. import exports, selectors
from .common import (
    get_dossier,
    get_session,
)
from .depot import mes_dossiers_filtered
from .instruction import instruction_filtered


@rule_required("aides.list_mes_dossiers")
def mes_dossiers_export(request, export_format):
    """The organisation's own dossiers (never another's), with the filters of the page."""
    if export_format not in ("csv", "xlsx"):
        raise Http404
    qs = mes_dossiers_filtered(request).qs
    return exports.dossiers_export(qs, format=export_format, filename="mes-dossiers")


@rule_required("aides.list_dossiers_instruction")
def instruction_export(request, export_format):
    if export_format not in ("csv", "xlsx"):
        raise Http404
    qs = instruction_filtered(request).qs
    return exports.dossiers_export(qs, format=export_format, filename="dossiers")


@object_rule_required("aides.view_session", get_session)
def session_export(request, session_id, export_format, obj):
    """The session's report as a dossier list (CSV or XLSX), for the commission's file."""
    if export_format not in ("csv", "xlsx"):
        raise Http404
    qs = selectors.session_dossiers(obj)
    return exports.dossiers_export(qs, format=export_format, filename=f"session-{obj.pk}")


@object_rule_required("aides.instruire_dossier", get_dossier)
def dossier_archive(request, dossier_id, obj):
    """A ZIP of the dossier for archiving: its summary, its journal and every document."""
    return exports.dossier_archive(obj)
