"""Amounts as a French reader writes them: « 1 352,46 € », « 900 000 € » (narrow no-break
spaces between thousands, cents only when there are any)."""

from decimal import ROUND_HALF_UP, Decimal


def euros(value) -> str:
    if value is None or value == "":
        return "—"
    value = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    entier, _, decimales = f"{value:,.2f}".partition(".")
    texte = entier.replace(",", "\u202f")
    return f"{texte}\u00a0€" if decimales == "00" else f"{texte},{decimales}\u00a0€"
