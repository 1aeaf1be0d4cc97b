from django import template

from territoires.ui.formats import nombre_fr

register = template.Library()


nombre_fr = register.filter(nombre_fr)


@register.filter
def pct_fr(value) -> str:
    if value is None:
        return "—"
    return f"{nombre_fr(value)} %"


@register.filter
def evolution_fr(value) -> str:
    if value is None:
        return "—"
    return f"{'+' if value > 0 else ''}{nombre_fr(value)} %"


@register.filter
def effectif(value, seuil=None) -> str:
    """A count of people; None is a count under the statistical threshold, shown « < 5 »."""
    if value is None:
        return f"< {seuil}" if seuil else "masqué"
    return nombre_fr(value)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)
