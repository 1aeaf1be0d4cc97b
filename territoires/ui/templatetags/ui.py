"""Template helpers of the shared components (`{% load ui %}`)."""

from django import template

register = template.Library()

MESSAGE_TONES = {"debug": "info", "info": "info", "success": "success", "warning": "warning"}


@register.filter
def error_count(form) -> int:
    """Number of errors of a bound form (field errors and errors of the whole form)."""
    errors = getattr(form, "errors", None) or {}
    return sum(len(field_errors) for field_errors in errors.values())


@register.filter
def message_tone(message) -> str:
    """Tone of an `.alert` for a Django message (`error` for unknown levels)."""
    return MESSAGE_TONES.get(getattr(message, "level_tag", ""), "error")


@register.filter
def alert_role(tone: str) -> str:
    """Errors and warnings interrupt screen readers (`alert`), the rest waits (`status`)."""
    return "alert" if tone in {"error", "warning"} else "status"


@register.filter
def elided_pages(page_obj):
    """Page numbers around the current page, `…` (Paginator.ELLIPSIS) for gaps."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


@register.filter
def error_fields(form) -> list:
    """Visible fields in error, with their errors, in the order of the form."""
    return [field for field in form.visible_fields() if field.errors]


@register.filter
def hidden_errors(form) -> list:
    """Errors of hidden fields and of the whole form: listed without a link."""
    errors = list(form.non_field_errors())
    for field in form.hidden_fields():
        errors.extend(field.errors)
    return errors


@register.filter
def field_anchor(field) -> str:
    """Id to link to from the error summary: the input, or the first choice of a group."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


@register.filter(name="nombre_fr")
def nombre_fr_filter(value) -> str:
    """« 12 000 », « 15,7 »: French digit grouping in any template (`ui/formats.py`)."""
    from territoires.ui.formats import nombre_fr

    return nombre_fr(value)
