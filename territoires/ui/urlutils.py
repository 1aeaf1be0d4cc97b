from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse


def safe_reverse(url_name: str, *args) -> str:
    """The URL, or "" when the module that provides it is not there (yet)."""
    return _reverse(get_script_prefix(), get_urlconf(), url_name, args)


# The menu and the header ask the same dozen addresses on every page: each is resolved once
# per prefix and URL configuration (a test that swaps the configuration empties the cache).
@lru_cache(maxsize=1024)
def _reverse(prefix: str, urlconf, url_name: str, args: tuple) -> str:
    try:
        return reverse(url_name, urlconf=urlconf, args=args or None)
    except NoReverseMatch:
        return ""


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
