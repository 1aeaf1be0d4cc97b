"""Home sections that lead to the territory pages (issue 13): a commune's or an EPCI's members
find their own page, an elected official the pages of the territory they follow."""

from django.urls import reverse

from territoires.referentiel.selectors import current_communes
from territoires.ui import home

COMMUNES_LISTEES_MAX = 60


def _organisation_context(request) -> dict:
    organisation = request.organisation
    territoire = organisation.commune or organisation.epci
    return {"territoire": territoire, "fiche_url": territoire.get_absolute_url()}


def _has_territory(request) -> bool:
    organisation = getattr(request, "organisation", None)
    return organisation is not None and bool(organisation.commune_id or organisation.epci_id)


def _elu_context(request) -> dict:
    from territoires.pilotage.elus import communes_suivies, suivi_for

    suivi = suivi_for(request.user)
    codes = communes_suivies(suivi)
    canton = suivi.canton if suivi is not None and suivi.canton_id else None
    communes = []
    if len(codes) <= COMMUNES_LISTEES_MAX:
        communes = list(current_communes().filter(code__in=codes).order_by("nom"))
    return {
        "canton": canton,
        "communes": communes,
        "nombre": len(codes),
        "recherche_url": reverse("referentiel:recherche"),
    }


home.register_section(
    "pilotage.ma_fiche",
    title="Ce que le Département fait avec ma collectivité",
    audiences={home.ORGANISATION},
    template_name="pilotage/territoire/home_organisation.html",
    order=15,
    get_context=_organisation_context,
    predicate=_has_territory,
)
home.register_section(
    "pilotage.fiches_elu",
    title="Les fiches de mon territoire",
    audiences={home.ELU},
    template_name="pilotage/territoire/home_elu.html",
    order=12,
    get_context=_elu_context,
)
