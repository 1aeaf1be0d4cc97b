"""Models of the pilotage's own readers (elected officials); none of the domains' objects."""

from .elus import Delegation, SuiviElu

__all__ = ["Delegation", "SuiviElu"]
