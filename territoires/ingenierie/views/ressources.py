"""The resource library: search and new resources."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from territoires.core.access import rule_required

from .. import selectors
from ..filters import RessourceFilter
from ..forms import RessourceForm
from ..services import ressources as services
from . import PAGE_SIZE


@rule_required("ingenierie.view_ressources")
def ressources(request):
    filterset = RessourceFilter(request.GET or None, queryset=selectors.ressources_list())
    page_obj = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "ingenierie/ressources.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "breadcrumb_items": [("Bibliothèque de ressources", None)],
        },
    )


@rule_required("ingenierie.manage_ressources")
def ressource_nouvelle(request):
    form = RessourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.ressource_create(
                titre=data["titre"],
                type=data["type"],
                description=data["description"],
                domaines=data["domaines"],
                url=data["url"],
                fichier=data.get("fichier"),
                actor=request.user,
                organisation=request.organisation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ressource ajoutée à la bibliothèque.")
            return redirect("ingenierie:ressources")
    return render(
        request,
        "ingenierie/ressource_form.html",
        {
            "form": form,
            "breadcrumb_items": [
                ("Bibliothèque de ressources", reverse("ingenierie:ressources")),
                ("Nouvelle ressource", None),
            ],
        },
    )
