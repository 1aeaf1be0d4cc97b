"""The public side of the calls: the list, a call's page with its countdown; the service's
list of its calls and their publication."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public, rule_required

from .. import selectors, services
from .common import LISTE, errors_of, get_appel


@public
def liste(request):
    appels = list(selectors.appels_publics())
    ouverts = [a for a in appels if a.est_ouvert()]
    autres = [a for a in appels if not a.est_ouvert()]
    return render(
        request,
        "appels/liste.html",
        {
            "ouverts": [(a, selectors.delai_label(a)) for a in ouverts],
            "autres": autres,
            "breadcrumb_items": [("Appels à projets", None)],
        },
    )


@public
def appel(request, appel_id):
    obj = get_appel(request, appel_id)
    if not request.user.has_perm("appels.view_appel", obj):
        raise Http404("Appel introuvable.")
    return render(
        request,
        "appels/appel.html",
        {
            "appel": obj,
            "delai": selectors.delai_label(obj),
            "ouvert": obj.est_ouvert(),
            "questions": list(obj.questions.all()),
            "criteres": list(obj.criteres.all()),
            "gerer": request.user.has_perm("appels.gerer_appel", obj),
            "classement_visible": request.user.has_perm("appels.view_classement", obj),
            "breadcrumb_items": [(LISTE, reverse("appels:liste")), (obj.titre, None)],
        },
    )


@rule_required("appels.voir_gestion")
def gestion(request):
    appels = list(selectors.appels_for_gestion(request.user))
    return render(
        request,
        "appels/gestion.html",
        {
            "appels": appels,
            "breadcrumb_items": [(LISTE, reverse("appels:liste")), ("Gestion et jury", None)],
        },
    )


def _transition(request, obj, service, succes: str):
    try:
        service(appel=obj, actor=request.user)
    except ValidationError as error:
        for message in errors_of(error):
            messages.error(request, message)
    else:
        messages.success(request, succes)
    return redirect(obj)


@require_POST
@object_rule_required("appels.gerer_appel", get_appel)
def publier(request, appel_id, obj):
    return _transition(request, obj, services.appel_publish, "Appel publié.")


@require_POST
@object_rule_required("appels.gerer_appel", get_appel)
def clore(request, appel_id, obj):
    return _transition(request, obj, services.appel_close, "Appel clos.")
