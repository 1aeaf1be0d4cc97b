"""Helpers shared by the models of the aides module."""

from decimal import Decimal

ZERO = Decimal("0")


def permission(perm: str):
    """A transition permission read from `rules` with the object (django-fsm-2 callable)."""

    def check(instance, user) -> bool:
        return user.has_perm(perm, instance)

    return check


class StatutReloadMixin:
    """`statut` is protected against assignment (only a transition changes it), but reloading
    it from the database is not a transition."""

    def refresh_from_db(self, using=None, fields=None, **kwargs):
        if fields is None or "statut" in fields:
            self.__dict__.pop("statut", None)
        super().refresh_from_db(using=using, fields=fields, **kwargs)
