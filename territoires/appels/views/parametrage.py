"""The service creates a call, then sets its questions, grid and jury before publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.comptes.models import ROLES_DEPARTEMENT, Organisation
from territoires.comptes.rules import active_memberships
from territoires.core.access import object_rule_required, rule_required

from .. import services
from ..forms_gestion import AppelForm, CritereFormSet, JuryForm, QuestionFormSet
from .common import LISTE, errors_of, get_appel


def _services_de(user):
    ids = [
        m.organisation_id
        for m in active_memberships(user)
        if m.role in ROLES_DEPARTEMENT and m.organisation.est_departement
    ]
    return Organisation.objects.filter(pk__in=ids).order_by("nom")


@rule_required("appels.voir_gestion")
def appel_creer(request):
    form = AppelForm(request.POST or None, organisations=_services_de(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            appel = services.appel_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Appel créé : définissez ses questions, sa grille et son jury."
            )
            return redirect("appels:parametrer", appel_id=appel.pk)
    return render(
        request,
        "appels/appel_form.html",
        {
            "form": form,
            "breadcrumb_items": [
                (LISTE, reverse("appels:liste")),
                ("Gestion et jury", reverse("appels:gestion")),
                ("Nouvel appel", None),
            ],
        },
    )


@object_rule_required("appels.gerer_appel", get_appel)
def parametrer(request, appel_id, obj):
    data = request.POST if request.method == "POST" else None
    questions = QuestionFormSet(data, instance=obj, prefix="questions")
    criteres = CritereFormSet(data, instance=obj, prefix="criteres")
    jury = JuryForm(data, initial={"jury": list(obj.jury.all())})
    if data is not None and questions.is_valid() and criteres.is_valid() and jury.is_valid():
        try:
            services.appel_configure(
                appel=obj,
                actor=request.user,
                questions=questions,
                criteres=criteres,
                jury=jury.cleaned_data["jury"],
            )
        except ValidationError as error:
            for message in errors_of(error):
                messages.error(request, message)
        else:
            messages.success(request, "Questions, grille et jury enregistrés.")
        return redirect("appels:parametrer", appel_id=obj.pk)
    erreurs = bool(data) and not (questions.is_valid() and criteres.is_valid() and jury.is_valid())
    return render(
        request,
        "appels/parametrer.html",
        {
            "appel": obj,
            "questions": questions,
            "criteres": criteres,
            "jury_form": jury,
            "modifiable": obj.statut == "brouillon",
            "page_has_errors": erreurs,
            "breadcrumb_items": [
                (LISTE, reverse("appels:liste")),
                (obj.titre, obj.get_absolute_url()),
                ("Paramétrer", None),
            ],
        },
    )
