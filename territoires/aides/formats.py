"""Amounts and rates as a French reader writes them (« 12 000 € », « 50 % »)."""

from decimal import ROUND_HALF_UP, Decimal


def euros(value) -> str:
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    entier, _, decimales = f"{value:,.2f}".partition(".")
    texte = entier.replace(",", "\u202f")
    # No-break space before the symbol: an amount never wraps in a table cell.
    return f"{texte}\u00a0€" if decimales == "00" else f"{texte},{decimales}\u00a0€"


def pct(value) -> str:
    value = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value.normalize():f} %".replace(".", ",")
