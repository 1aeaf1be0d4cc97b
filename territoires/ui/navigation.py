"""The main menu, built from the entries that modules register.

A module adds its entry in its `AppConfig.ready()`::

    from territoires.ui import navigation

    navigation.register("Mes dossiers", "aides:dossiers", permission="aides.view_dossier")

An entry is shown when the user has `permission` (a `rules` permission, asked of `rules`
directly) and `predicate(user)` is true; an entry whose URL does not resolve (module absent)
is left out.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules

from .urlutils import safe_reverse

#: The search of communes and EPCI (referentiel): menu entry, header search, skip link.
SEARCH_URL_NAME = "referentiel:recherche"


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    permission: str | None = None
    predicate: Callable | None = None
    order: int = 100

    def visible_to(self, user) -> bool:
        if self.permission and not _granted(user, self.permission):
            return False
        return self.predicate is None or bool(self.predicate(user))


def _granted(user, permission: str) -> bool:
    """`user.has_perm` for a `rules` permission, without its fall-through: a refusal there
    also asks Django's ModelBackend, two queries (table permissions) on every page."""
    if user.is_active and user.is_superuser:
        return True
    return rules.has_perm(permission, user)


_registry: dict[str, NavEntry] = {}


def register(
    label: str,
    url_name: str,
    *,
    permission: str | None = None,
    predicate: Callable | None = None,
    order: int = 100,
) -> NavEntry:
    """Add (or replace: the key is `url_name`) an entry of the main menu."""
    entry = NavEntry(label, url_name, permission, predicate, order)
    _registry[url_name] = entry
    return entry


def unregister(url_name: str) -> None:
    _registry.pop(url_name, None)


def registered() -> list[NavEntry]:
    return sorted(_registry.values(), key=lambda e: (e.order, e.label))


def entries_for(request) -> list[dict]:
    """Entries visible to the user: label, url and whether it is the current page."""
    user = request.user
    path = request.path
    entries = []
    for entry in registered():
        if not entry.visible_to(user):
            continue
        url = safe_reverse(entry.url_name)
        if not url:
            continue
        current = path == url if url == "/" else path.startswith(url)
        entries.append({"label": entry.label, "url": url, "current": current})
    return entries


def is_staff(user) -> bool:
    return user.is_active and user.is_staff


def has_membership(user) -> bool:
    from territoires.comptes.rules import active_memberships

    return bool(active_memberships(user))


def register_defaults() -> None:
    """Entries of the ui app and of the platform (comptes, which sits below ui and registers
    nothing here); an entry a module registered first is kept."""
    defaults = [
        ("Accueil", "ui:home", None, None, 0),
        ("Territoires", SEARCH_URL_NAME, None, None, 10),
        # The open-data portal, public (an entry whose URL does not resolve is left out).
        ("Données ouvertes", "opendata:catalogue", None, None, 70),
        ("Mon organisation", "comptes:membres", "comptes.manage_own_account", has_membership, 90),
        ("Administration", "admin:index", None, is_staff, 1000),
    ]
    for label, url_name, permission, predicate, order in defaults:
        if url_name not in _registry:
            register(label, url_name, permission=permission, predicate=predicate, order=order)
