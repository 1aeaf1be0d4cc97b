from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def timedelta_fr(value: timedelta) -> str:
    """« 1 heure », « 30 minutes », « 1 heure et 30 minutes »."""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} heure{'s' if hours > 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes > 1 else ''}")
    return " et ".join(parts)
