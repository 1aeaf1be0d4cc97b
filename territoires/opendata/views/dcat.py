"""The DCAT-AP catalogue at stable public URLs, for the harvesters (data.gouv.fr…)."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from territoires.core.access import public

from .. import dcat


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@public
@require_safe
def catalogue_jsonld(request):
    triples = dcat.catalogue_triples(base=_base(request))
    return HttpResponse(dcat.jsonld_text(triples), content_type="application/ld+json")


@public
@require_safe
def catalogue_turtle(request):
    triples = dcat.catalogue_triples(base=_base(request))
    return HttpResponse(dcat.turtle(triples), content_type="text/turtle; charset=utf-8")
