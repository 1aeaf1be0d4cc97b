"""The facilitator's activity: support agreements with buyers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from territoires.core.access import rule_required

from ..forms import (
    ConventionForm,
)
from ..models import (
    ConventionAccompagnement,
)
from ..services.activite import convention_create
from .base import accueil_crumb


@rule_required("clauses.manage")
def conventions(request):
    form = ConventionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("clauses.manage"):
            raise PermissionDenied
        if form.is_valid():
            convention_create(actor=request.user, **form.cleaned_data)
            messages.success(request, "Convention enregistrée.")
            return redirect("clauses:conventions")
    return render(
        request,
        "clauses/conventions.html",
        {
            "form": form,
            "conventions": ConventionAccompagnement.objects.select_related("donneur_ordre"),
            "breadcrumb_items": [accueil_crumb(), ("Conventions d'accompagnement", None)],
        },
    )
