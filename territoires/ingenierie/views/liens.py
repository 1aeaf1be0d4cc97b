"""Links posted from the request's page."""

from django.contrib import messages
from django.http import Http404
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required

from ..forms import LienForm
from ..services import liens
from .sollicitation import back_to, get_sollicitation, render_with_errors


def _objet_du_lien(request, form):
    """The object behind a Territoires address (an aid dossier, a marché…), read with the
    page's own rule: only what the advisor may open is linked as an object."""
    match = form.match
    get_object = getattr(match.func, "access_get_object", None) if match else None
    if get_object is None:
        return None
    try:
        obj = get_object(request, **match.kwargs)
    except Http404:
        obj = None
    if obj is None or not request.user.has_perm(match.func.access_rule, obj):
        # Another service's object (an aid dossier the advisor cannot open): a plain link,
        # named by the advisor.
        if not form.cleaned_data["libelle"].strip():
            form.add_error(
                "libelle",
                "Cette page n'existe pas ou vous n'y avez pas accès : indiquez un libellé "
                "pour ajouter le lien quand même.",
            )
        return None
    return obj


@require_POST
@object_rule_required("ingenierie.work_sollicitation", get_sollicitation)
def sollicitation_lien(request, sollicitation_id, obj):
    form = LienForm(request.POST, bases=(request.build_absolute_uri("/"),))
    objet = _objet_du_lien(request, form) if form.is_valid() else None
    if not form.is_valid():
        return render_with_errors(request, obj, {"lien_form": form})
    libelle = form.cleaned_data["libelle"].strip()
    if not libelle:
        libelle = f"{capfirst(objet._meta.verbose_name)} {objet}"[:200]
    liens.lien_add(
        sollicitation=obj, libelle=libelle, url=form.cleaned_data["url"], actor=request.user,
        objet=objet,
    )  # fmt: skip
    messages.success(request, f"Lien ajouté : {libelle}.")
    return back_to(obj, "liens")
