"""Constraints shared by the parameters of the API (written into the OpenAPI schema)."""

#: No NUL character: PostgreSQL refuses it in a text, the API answers 422 before.
TEXTE = r"^[^\x00]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"
#: Identifiers fit a 32-bit integer on every backend.
ENTIER_MAX = 2**31 - 1
