from django import template

from territoires.aides.formats import euros as _euros
from territoires.aides.formats import pct as _pct

register = template.Library()


@register.filter
def euros(value) -> str:
    """12 000 € (narrow no-break space between thousands, cents only when any)."""
    if value is None or value == "":
        return "—"
    return _euros(value)


@register.filter
def pourcent(value) -> str:
    if value is None or value == "":
        return "—"
    return _pct(value)
