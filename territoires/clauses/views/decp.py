"""DECP files: upload, outcome, buyers to follow."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required

from ..filters import ImportDecpFilter
from ..forms import DecpForm, DecpSuivreForm
from ..models import DonneurOrdre, ImportDecp, Marche
from ..services.decp import decp_launch, donneur_ordre_follow
from ..tasks import clauses_decp_task
from .base import accueil_crumb


def _decp(request, decp_id):
    return get_object_or_404(ImportDecp.objects.select_related("fichier", "tache"), pk=decp_id)


@rule_required("clauses.import")
def decp(request):
    form = DecpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import_ = decp_launch(
            task=clauses_decp_task,
            fichier=form.cleaned_data["fichier"],
            user=request.user,
            organisation=request.organisation,
        )
        return redirect(import_)
    return render(
        request,
        "clauses/decp.html",
        {
            "form": form,
            "imports": ImportDecpFilter(
                request.GET, queryset=ImportDecp.objects.select_related("fichier", "cree_par")
            ).qs[:10],
            "breadcrumb_items": [accueil_crumb(), ("Marchés des DECP", None)],
        },
    )


@object_rule_required("clauses.import", _decp)
def decp_detail(request, decp_id, obj: ImportDecp):
    resultat = obj.resultat or {}
    ids = resultat.get("crees", []) + resultat.get("completes", [])
    marches = {m.pk: m for m in Marche.objects.filter(pk__in=ids).select_related("donneur_ordre")}
    groupes: dict[str, list] = {}
    for record in resultat.get("non_suivis", []):
        date = record["date_notification"]
        groupes.setdefault(record["acheteur_siret"], []).append(
            record | {"date": datetime.date.fromisoformat(date) if date else None}
        )
    connus = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=groupes)}
    acheteurs = [
        {
            "siret": siret,
            "donneur": connus.get(siret),
            "marches": records,
            "form": DecpSuivreForm(
                initial={
                    "siret": siret,
                    "nom": connus[siret].nom if siret in connus else "",
                    "categorie": connus[siret].categorie if siret in connus else "commune",
                },
                auto_id=f"suivre-{siret}-%s",
            ),
        }
        for siret, records in sorted(groupes.items())
    ]
    page_obj = Paginator(acheteurs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "clauses/decp_detail.html",
        {
            "import": obj,
            "crees": [marches[pk] for pk in resultat.get("crees", []) if pk in marches],
            "completes": [marches[pk] for pk in resultat.get("completes", []) if pk in marches],
            "page_obj": page_obj,
            "non_suivis_n": len(resultat.get("non_suivis", [])),
            "page_has_errors": obj.statut == ImportDecp.Statut.REFUSE,
            "breadcrumb_items": [
                accueil_crumb(),
                ("Marchés des DECP", reverse("clauses:decp")),
                (str(obj), None),
            ],
        },
    )


@require_POST
@object_rule_required("clauses.manage", _decp)
def decp_suivre(request, decp_id, obj: ImportDecp):
    form = DecpSuivreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le nom et la catégorie de l'acheteur à suivre.")
        return redirect(obj)
    try:
        donneur, crees = donneur_ordre_follow(import_=obj, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(obj)
    messages.success(
        request,
        f"{donneur.nom} est suivi : {len(crees)} marché{'s' if len(crees) > 1 else ''} "
        "ajouté(s) à vos marchés.",
    )
    return redirect(obj)
