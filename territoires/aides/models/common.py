"""Helpers shared by the models of the aides module."""

from decimal import Decimal

ZERO = Decimal("0")


def permission(perm: str):
    """A transition permission read from `rules` with the object (django-fsm-2 callable)."""

    def check(instance, user) -> bool:
        return user.has_perm(perm, instance)

    return check
