"""The commune of residence, chosen by its name (never by its INSEE code).

A text field: with JavaScript, the shared « choix par nom » combobox completes it from the
referentiel's autocomplete; without it, the server finds the commune by its name (accents,
case and hyphens ignored: « saint jean poutge » is Saint-Jean-Poutge) and, when the name is
unknown or shared, answers with the communes to choose from.
"""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy

from territoires.core.text import normalize_search
from territoires.instances import exemple_nom
from territoires.referentiel.communes import CommuneRefusee, commune_actuelle, libelle_commune
from territoires.referentiel.models import Commune
from territoires.referentiel.selectors import communes_matching
from territoires.ui.widgets import ChoixParNomWidget

# « Auch (32) », as the autocomplete names a commune.
_CODE = re.compile(r"[0-9][0-9AB][0-9]{3}")
_LIBELLE = re.compile(r"^(?P<nom>.+?)\s*\((?P<departement>[0-9AB]{2,3})\)$")
SUGGESTIONS_MAX = 8


def commune_par_nom(texte: str) -> tuple[Commune | None, list[str]]:
    """The current commune named `texte`, or None and the labels of those it may mean."""
    texte = texte.strip()
    departement = ""
    if m := _LIBELLE.match(texte):
        texte, departement = m["nom"], m["departement"]
    candidates = list(communes_matching(texte)[:50])
    cle = normalize_search(texte)
    exactes = [
        c
        for c in candidates
        if (normalize_search(c.nom) == cle or c.code == texte)
        and (not departement or (c.departement_id and c.departement.code == departement))
    ]
    if len(exactes) == 1:
        return exactes[0], []
    return None, [libelle_commune(c) for c in (exactes or candidates)[:SUGGESTIONS_MAX]]


class CommuneParNomField(forms.CharField):
    """One current commune, typed by its name; cleaned into a `Commune`."""

    default_error_messages = {
        "inconnue": "Aucune commune ne s'appelle « %(nom)s » : vérifiez l'orthographe.",
        "suggestions": "« %(nom)s » ne désigne pas une seule commune : écrivez son nom complet, "
        "par exemple %(suggestions)s.",
        "plusieurs": "Indiquez une seule commune.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault(
            "help_text",
            format_lazy(
                "Son nom, par exemple « {} » ; des suggestions s'affichent pendant la saisie.",
                exemple_nom(),
            ),
        )
        kwargs.setdefault(
            "widget",
            ChoixParNomWidget(source=reverse_lazy("referentiel:communes_autocomplete")),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return libelle_commune(value)
        return super().prepare_value(value)

    def clean(self, value):
        # The combobox ends a choice with « , » (it serves lists of names too).
        texte = super().clean(value)
        noms = [n.strip() for n in (texte or "").split(",") if n.strip()]
        if not noms:
            return None
        if len(noms) > 1:
            raise forms.ValidationError(self.error_messages["plusieurs"], code="plusieurs")
        commune, suggestions = commune_par_nom(noms[0])
        if commune is not None:
            return commune
        nom = noms[0][:80]
        if _CODE.fullmatch(nom):
            # An INSEE code (old links): the referential's rule names the commune to choose.
            try:
                return commune_actuelle(nom)
            except CommuneRefusee as refus:
                raise forms.ValidationError(refus.message, code="commune_non_actuelle") from None
        if not suggestions:
            raise forms.ValidationError(
                self.error_messages["inconnue"], code="inconnue", params={"nom": nom}
            )
        raise forms.ValidationError(
            self.error_messages["suggestions"],
            code="suggestions",
            params={"nom": nom, "suggestions": " ; ".join(f"« {s} »" for s in suggestions)},
        )
