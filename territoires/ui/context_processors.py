"""Variables every page of the project can use (see docs/ui.md).

With strict templates a page may only print variables that always exist: this processor
defines them all, with empty values for anonymous visitors.
"""

from functools import cache
from importlib.metadata import PackageNotFoundError, version

from .branding import get_branding, get_legal
from .navigation import SEARCH_URL_NAME, entries_for
from .urlutils import safe_reverse

SOFTWARE_NAME = "Territoires"
SOFTWARE_LICENCE = "AGPL-3.0-or-later"


# Reading the installed metadata costs ~2 ms (it scans site-packages): once per process.
@cache
def software_version() -> str:
    try:
        return version("territoires")
    except PackageNotFoundError:
        return ""


def ui(request):
    user = getattr(request, "user", None)
    # The comptes middleware has already loaded the active memberships (`request.membres`).
    membres = getattr(request, "membres", None)
    if membres is None:
        membres = []
        if user is not None and user.is_authenticated:
            membres = list(user.membres.actifs().select_related("organisation"))
    # The switcher lists organisations: one user may hold two roles in the same one.
    organisations = list({m.organisation_id: m.organisation for m in membres}.values())
    return {
        "branding": get_branding(),
        "legal": get_legal(),
        "software": {
            "name": SOFTWARE_NAME,
            "licence": SOFTWARE_LICENCE,
            "version": software_version(),
        },
        "membres": membres,
        "organisations_utilisateur": organisations,
        "organisation_courante": getattr(request, "organisation", None),
        "membre_courant": getattr(request, "membre", None),
        "navigation": entries_for(request) if user is not None else [],
        "search_url": safe_reverse(SEARCH_URL_NAME),
        "notifications_url": safe_reverse("core:notification_list"),
        "switch_organisation_url": safe_reverse("comptes:organisation_switch"),
    }
