"""French long dates: « 1er avril 2026 », the ordinal French typography requires for the 1st."""

from django import template
from django.utils.formats import date_format

register = template.Library()


@register.filter(expects_localtime=True)
def date_longue(value, suite: str = "") -> str:
    """`{{ d|date_longue }}` → « 1er avril 2026 » ; `suite` adds a Django format (" à H:i")."""
    if not value:
        return ""
    texte = date_format(value, "j F Y")
    if value.day == 1:
        texte = "1er" + texte[1:]
    if suite:
        texte += date_format(value, suite)
    return texte
