"""`{% appels_ouverts as appels %}`: the open calls, for the aid catalogue's section."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def appels_ouverts() -> list[tuple]:
    return [(appel, selectors.delai_label(appel)) for appel in selectors.appels_ouverts()]
