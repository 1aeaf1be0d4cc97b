from django.urls import NoReverseMatch, reverse


def safe_reverse(url_name: str, *args) -> str:
    """The URL, or "" when the module that provides it is not there (yet)."""
    try:
        return reverse(url_name, args=args or None)
    except NoReverseMatch:
        return ""
