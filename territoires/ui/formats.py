from decimal import Decimal


def nombre_fr(value) -> str:
    """« 40 706 », « 15,7 » : French digit grouping (non-breaking space), decimal comma."""
    if value is None or value == "":
        return "—"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        texte = f"{int(value):,}"
    else:
        texte = f"{value:,.1f}" if abs(value.as_tuple().exponent) <= 1 else f"{value:,.2f}"
    return texte.replace(",", "\u00a0").replace(".", ",")
