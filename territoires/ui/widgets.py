"""Choosing several objects by their names: a text field that works without JavaScript, turned
into an accessible combobox (ARIA 1.2 pattern, keyboard) by `ui/js/choix-par-nom.js`.

Without JavaScript the reader types the names separated by commas (« Auch, Lectoure »); with
it, each name typed after the last comma is completed from suggestions: those of an endpoint
(`source`, a URL answering `{"results": [{"label": …}]}` for `?q=`, as
`referentiel:communes_autocomplete`) or, without one, the field's own choices. Either way the
server receives the same text, and `ChoixParNomField` turns it into objects, with a French
error for a name it does not know or that names two of them.

    communes = ChoixParNomField(
        queryset=Commune.objects.filter(...), label="Communes couvertes",
        libelle=lambda c: f"{c.nom} ({c.departement.code})", nom=lambda c: c.nom,
        source=reverse_lazy("referentiel:communes_autocomplete"),
        objet="une commune", objets="communes",
    )
"""

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from territoires.core.text import normalize_search

SEPARATEUR = ","
NOMS_MAX = 500  # names in one field: beyond, the text is not a choice


class ChoixParNomWidget(forms.TextInput):
    template_name = "ui/widgets/choix_par_nom.html"

    def __init__(self, attrs=None, *, source=None):
        super().__init__(attrs)
        self.source = source
        self.suggestions: list[str] = []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        sans_source = self.source is None  # a lazy URL is only read when rendering
        context["widget"]["source"] = "" if sans_source else str(self.source)
        context["widget"]["suggestions"] = self.suggestions if sans_source else []
        return context


def _cle(texte: str) -> str:
    return normalize_search(texte).strip()


class ChoixParNomField(forms.Field):
    """Objects of `queryset` chosen by their names, separated by commas; a list of objects."""

    widget = ChoixParNomWidget
    default_error_messages = {
        "inconnu": "« %(nom)s » n'est pas %(objet)s proposée ici : vérifiez l'orthographe ou "
        "choisissez-la dans les suggestions.",
        "ambigu": "« %(nom)s » désigne plusieurs %(objets)s : écrivez le nom comme dans les "
        "suggestions, par exemple « %(exemple)s ».",
        "trop": "Au plus %(max)s noms.",
    }

    def __init__(
        self,
        *,
        queryset,
        libelle: Callable = str,
        nom: Callable = str,
        source=None,
        objet: str = "une valeur",
        objets: str = "valeurs",
        **kwargs,
    ):
        self.libelle, self.nom, self.objet, self.objets = libelle, nom, objet, objets
        kwargs.setdefault("widget", ChoixParNomWidget(source=source))
        super().__init__(**kwargs)
        self.queryset = queryset

    @property
    def queryset(self):
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self._queryset = queryset
        if self.widget.source is None:
            self.widget.suggestions = _Suggestions(self)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value or ""
        objets = value if isinstance(value, list | tuple) else list(value.all())
        if not objets:
            return ""
        # Read again through the queryset: its select_related serves every label in one query.
        pks = [getattr(o, "pk", o) for o in objets]
        return f"{SEPARATEUR} ".join(self.libelle(o) for o in self.queryset.filter(pk__in=pks))

    def to_python(self, value) -> list:
        noms = [n.strip() for n in (value or "").split(SEPARATEUR)]
        noms = list(dict.fromkeys(n for n in noms if n))
        if len(noms) > NOMS_MAX:
            raise ValidationError(
                self.error_messages["trop"], code="trop", params={"max": NOMS_MAX}
            )
        if not noms:
            return []
        par_libelle, par_nom = {}, {}
        for objet in self.queryset:  # the field's own choices: bounded by its queryset
            par_libelle.setdefault(_cle(self.libelle(objet)), objet)
            par_nom.setdefault(_cle(self.nom(objet)), []).append(objet)
        choisis, erreurs = [], []
        for texte in noms:
            cle = _cle(texte)
            homonymes = par_nom.get(cle, [])
            objet = par_libelle.get(cle) or (homonymes[0] if len(homonymes) == 1 else None)
            if objet is not None:
                choisis.append(objet)
            elif homonymes:
                erreurs.append(self._erreur("ambigu", texte, exemple=self.libelle(homonymes[0])))
            else:
                erreurs.append(self._erreur("inconnu", texte))
        if erreurs:
            raise ValidationError(erreurs)
        return list(dict.fromkeys(choisis))

    def _erreur(self, code: str, texte: str, **params) -> ValidationError:
        nom = re.sub(r"\s+", " ", texte)[:80]
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={"nom": nom, "objet": self.objet, "objets": self.objets, **params},
        )

    def has_changed(self, initial, data) -> bool:
        return self.prepare_value(initial) != (data or "")


class _Suggestions:
    """The labels of the field's choices, read when the widget renders (not at import)."""

    def __init__(self, field: ChoixParNomField):
        self.field = field

    def __iter__(self):
        return iter([self.field.libelle(o) for o in self.field.queryset])
