"""Make unknown template variables fail loudly in tests (TERRITOIRES_STRICT_TEMPLATES=1)."""


class InvalidTemplateVariable(str):
    def __mod__(self, other):
        raise NameError(f"Variable de gabarit inconnue : {other!r}")

    def __bool__(self):
        # `{% if missing %}` stays falsy: only printing an unknown variable fails.
        return True


INVALID = InvalidTemplateVariable("%s")
