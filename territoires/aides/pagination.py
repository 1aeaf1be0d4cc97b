"""The paginator of the dossier lists: the keys of a page first, then its rows (shared with
the engineering queue in `core.pagination`)."""

from territoires.core.pagination import ListePaginator

__all__ = ["ListePaginator"]
