"""Results: counting, public results, ballot box, participation, evaluation report."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, public
from territoires.core.task_tracking import task_launch
from territoires.referentiel.maps import carte_communes_context

from .. import exports, selectors
from ..models import (
    Canal,
    EnveloppeCampagne,
)
from .common import breadcrumb, get_campagne


@require_POST
@object_rule_required("participation.gerer_campagne", get_campagne)
def resultats_calculer(request, campagne_slug, obj):
    from ..tasks import resultats_calculer_task

    suivi = task_launch(
        task=resultats_calculer_task,
        owner=request.user,
        label=f"Dépouillement — {obj.titre}",
        campagne_id=obj.pk,
    )
    return redirect("core:tache_detail", tache_id=suivi.pk)


@public
def resultats(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    return render(
        request,
        "participation/resultats.html",
        {
            "campagne": c,
            "blocs": selectors.resultats_expliques(c),
            "peut_gerer": request.user.has_perm("participation.gerer"),
            "breadcrumb_items": breadcrumb(c, ("Résultats", None)),
        },
    )


def _enveloppe(request, campagne_slug, urne_id, **kwargs):
    # The ballot box of an enveloppe bears the number of the enveloppe.
    return get_object_or_404(
        EnveloppeCampagne.objects.select_related("campagne"),
        pk=urne_id,
        campagne__slug=campagne_slug,
    )


@public
def urne_export(request, campagne_slug, urne_id):
    """The ballot box of an enveloppe, after the close: anyone can count again (CSV or pabulib)."""
    env = _enveloppe(request, campagne_slug, urne_id)
    c = env.campagne
    if not c.urne_publiee:
        raise Http404("L'urne est publiée après la clôture du vote.")
    if request.GET.get("format") == "pabulib":
        resultat = selectors.resultat_get(enveloppe=env, methode=c.methode)
        if resultat is None:
            raise Http404("Résultat pas encore calculé.")
        return exports.urne_pabulib(env, resultat)
    return exports.urne_csv(env)


@public
def chiffres(request, campagne_slug):
    c = get_campagne(request, campagne_slug)
    p = selectors.participation(c)
    carte = carte_communes_context(
        {code: n for code, n in p["commune"].items()}, titre="Votants par commune", unite="votants"
    )
    cantons = selectors.participation_par_canton(c, p["commune"])
    carte_cantons = (
        carte_communes_context(
            {code: ligne["taux"] for ligne in cantons for code in ligne["communes"]},
            titre="Taux de participation du canton de chaque commune",
            unite="votants pour 100 habitants",
        )["carte"]
        if cantons
        else None
    )
    return render(
        request,
        "participation/chiffres.html",
        {
            "campagne": c,
            "cantons": cantons,
            "carte_cantons": carte_cantons,
            "total": p["total"].get("total", 0),
            "canaux": [
                (Canal(k).label if k in Canal.values else k, v)
                for k, v in sorted(p["canal"].items())
            ],
            "ages": sorted(p["age"].items()),
            **carte,
            "breadcrumb_items": breadcrumb(c, ("Participation", None)),
        },
    )


@public
def evaluation_pdf(request, campagne_slug):
    return exports.evaluation_pdf(get_campagne(request, campagne_slug))
