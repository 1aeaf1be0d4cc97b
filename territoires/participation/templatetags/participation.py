from django import template

from ..formats import euros as _euros

register = template.Library()


@register.filter
def euros(value) -> str:
    """« 1 352,46 € », « 900 000 € » (narrow no-break spaces between thousands)."""
    return _euros(value)


@register.filter
def champ_enveloppe(form, enveloppe):
    """The bound field of an enveloppe in the ballot form (`env_<pk>`)."""
    return form[f"env_{enveloppe.pk}"]
