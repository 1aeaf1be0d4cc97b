"""Opaque pagination cursor: the sort keys and id of the last row, signed.

The signature (Django's `signing`, keyed by SECRET_KEY) makes a forged or truncated cursor a
clean French error instead of a query on arbitrary values; values are re-parsed by type
before they reach SQL as bound parameters anyway.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core import signing

_SALT = "territoires.opendata.tabulaire.curseur"
_INVALID = "Curseur de pagination invalide ou périmé : recommencez depuis la première page."


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | date):
        return str(value)
    return value


def cursor_encode(*, cle: str, signature: list, values: list) -> str:
    return signing.dumps(
        {"k": cle, "s": signature, "v": [_plain(value) for value in values]},
        salt=_SALT,
        compress=True,
    )


def cursor_decode(curseur: Any, *, cle: str, signature: list) -> list:
    """The raw values stored by `cursor_encode` for this table and sort, or `ValueError`."""
    if not isinstance(curseur, str) or len(curseur) > 4000:
        raise ValueError(_INVALID)
    try:
        payload = signing.loads(curseur, salt=_SALT)
    except signing.BadSignature:
        raise ValueError(_INVALID) from None
    if (
        not isinstance(payload, dict)
        or payload.get("k") != cle
        or payload.get("s") != signature
        or not isinstance(payload.get("v"), list)
        or len(payload["v"]) != len(signature)
    ):
        raise ValueError(_INVALID)
    return payload["v"]
