"""Public API (`/api/`, django-ninja): read-only, documented by its OpenAPI schema.

A reader on top of `opendata` and of the domains' public selectors; it writes nothing but its
counters and rate limits.
"""
