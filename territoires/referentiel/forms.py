"""Form fields that apply the rule of `communes.py`: current communes only, and an error
that names the current commune to choose."""

from django import forms

from .communes import CommuneRefusee, commune_actuelle, communes_actuelles, normaliser_code
from .models import Commune


class CommuneActuelleField(forms.CharField):
    """An INSEE code typed by the user; cleaned into the current `Commune`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Commune (code INSEE)")
        kwargs.setdefault("help_text", "Cinq caractères, par exemple 32013 pour Auch.")
        kwargs.setdefault("max_length", 6)  # « 32 013 » typed with a space
        super().__init__(**kwargs)

    def clean(self, value) -> Commune | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return commune_actuelle(value)
        except CommuneRefusee as refus:
            raise forms.ValidationError(refus.message, code="commune_non_actuelle") from None


class CommunesActuellesField(forms.CharField):
    """Several INSEE codes separated by commas; cleaned into a list of current communes."""

    def clean(self, value) -> list[Commune]:
        value = super().clean(value)
        codes = [normaliser_code(c) for c in (value or "").split(",") if c.strip()]
        trouvees, refus = communes_actuelles(codes)
        if refus:
            raise forms.ValidationError(
                [refus[code] for code in dict.fromkeys(codes) if code in refus],
                code="commune_non_actuelle",
            )
        return list({trouvees[code].pk: trouvees[code] for code in codes}.values())
