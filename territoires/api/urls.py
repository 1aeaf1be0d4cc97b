"""`/api/`: the ninja views (each marked public and open to CORS) and the documentation page."""

from django.urls import path

from territoires.core.access import public

from . import docs
from .cors import cors_open
from .main import api

app_name = "api"


def _ninja_patterns():
    patterns, _app_name, _namespace = api.urls
    for pattern in patterns:
        # Read-only, anonymous, throttled per IP: every operation is public.
        pattern.callback = public(cors_open(pattern.callback))
    return patterns


urlpatterns: list = [
    path("docs", docs.documentation, name="docs"),
    *_ninja_patterns(),
]
