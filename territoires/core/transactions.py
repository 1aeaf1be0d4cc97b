"""Run something when the current transaction is rolled back (Django only offers on_commit)."""

import logging
import weakref
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def on_rollback(callback: Callable[[], None], using: str | None = None) -> None:
    """Call `callback` if the enclosing transaction (or savepoint) is rolled back.

    Django drops the on_commit callbacks of a rolled-back transaction or savepoint: we register
    a marker there and act when it is dropped without having run. Outside a transaction the
    marker runs at once and `callback` is never called. Used to delete a file written to
    storage for a database row that finally does not exist.
    """
    state = {"committed": False}

    def mark_committed() -> None:
        state["committed"] = True

    def on_drop() -> None:
        if not state["committed"]:
            try:
                callback()
            except Exception:
                logger.exception("Nettoyage après annulation de transaction impossible.")

    weakref.finalize(mark_committed, on_drop).atexit = False
    transaction.on_commit(mark_committed, using=using)
