"""The mission's queue of requests and its exports."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from territoires.comptes.access import rule_required

from .. import exports, selectors
from ..filters import TRI, SollicitationFilter
from . import PAGE_SIZE


def _filtered(request):
    filterset = SollicitationFilter(request.GET or None, queryset=selectors.sollicitations_list())
    sort = request.GET.get("tri", "-deposee_le")
    if sort not in TRI:
        sort = "-deposee_le"
    queryset = filterset.qs.order_by(TRI[sort], "-pk")
    return filterset, queryset, sort


@rule_required("ingenierie.view_queue")
def file(request):
    filterset, queryset, sort = _filtered(request)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("tri", None)
    return render(
        request,
        "ingenierie/file.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "sort": sort,
            "querystring": query.urlencode(),
            "breadcrumb_items": [("File des sollicitations", None)],
        },
    )


@rule_required("ingenierie.view_queue")
def file_export(request, format):
    _, queryset, _ = _filtered(request)
    if format == "csv":
        return exports.sollicitations_csv(queryset)
    if format == "xlsx":
        return exports.sollicitations_xlsx(queryset)
    raise Http404
