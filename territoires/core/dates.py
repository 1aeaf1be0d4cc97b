"""One rule for every date typed or imported: a sensible window, told to the user.

A works date in 1900 or 9999 is a typing slip, not a plan. Each date field names its window
(`Fenetre`); the bounds are computed on the day of the request from the settings
`DATES_ANNEE_MIN`, `DATES_HORIZON_ANS` and `DATES_NAISSANCE_AGE_MAX`. Forms use
`DateFenetreField` (help text « Entre 2000 et 2041. », `min` / `max` on `<input type="date">`,
a French error that says the window); imports call `date_hors_fenetre`.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format


class Fenetre(StrEnum):
    PROJET = "projet"  # planned or done: works, deadlines, meetings (2000 … year + 15)
    PASSE = "passe"  # already happened: deliberation, signature, hours worked (2000 … today)
    A_VENIR = "a_venir"  # wished for: a deadline asked by a commune (today … year + 15)
    NAISSANCE = "naissance"  # a birth date (today − 120 years … today)


def _longue(jour: datetime.date) -> str:
    texte = date_format(jour, "j F Y")
    return "1er" + texte[1:] if jour.day == 1 else texte


@dataclass(frozen=True)
class Bornes:
    fenetre: Fenetre
    debut: datetime.date
    fin: datetime.date
    aujourd_hui: datetime.date

    def contient(self, jour: datetime.date) -> bool:
        return self.debut <= jour <= self.fin

    def _borne(self, jour: datetime.date, *, annee: bool) -> str:
        if jour == self.aujourd_hui:
            return "aujourd'hui"
        return str(jour.year) if annee else f"le {_longue(jour)}"

    @property
    def aide(self) -> str:
        """« Entre 2000 et 2041. »"""
        debut, fin = self._borne(self.debut, annee=True), self._borne(self.fin, annee=True)
        return f"Entre {debut} et {fin}."

    @property
    def intervalle(self) -> str:
        """« entre le 1er janvier 2000 et aujourd'hui »"""
        debut, fin = self._borne(self.debut, annee=False), self._borne(self.fin, annee=False)
        return f"entre {debut} et {fin}"

    @property
    def erreur(self) -> str:
        """« Indiquez une date entre le 1er janvier 2000 et le 31 décembre 2041. »"""
        texte = f"Indiquez une date {self.intervalle}"
        if self.fenetre in (Fenetre.PASSE, Fenetre.NAISSANCE):
            texte += " : elle ne peut pas être dans le futur"
        elif self.fenetre == Fenetre.A_VENIR:
            texte += " : elle ne peut pas être dans le passé"
        return texte + "."


def bornes(fenetre: Fenetre | str, *, aujourd_hui: datetime.date | None = None) -> Bornes:
    """The window of `fenetre` on `aujourd_hui` (today by default), from the settings."""
    fenetre = Fenetre(fenetre)
    today = aujourd_hui or timezone.localdate()
    premier = datetime.date(settings.DATES_ANNEE_MIN, 1, 1)
    horizon = datetime.date(today.year + settings.DATES_HORIZON_ANS, 12, 31)
    if fenetre == Fenetre.PROJET:
        return Bornes(fenetre, premier, horizon, today)
    if fenetre == Fenetre.PASSE:
        return Bornes(fenetre, premier, today, today)
    if fenetre == Fenetre.A_VENIR:
        return Bornes(fenetre, today, horizon, today)
    plus_ancienne = datetime.date(today.year - settings.DATES_NAISSANCE_AGE_MAX, 1, 1)
    return Bornes(fenetre, plus_ancienne, today, today)


def date_hors_fenetre(
    jour: datetime.date, fenetre: Fenetre | str, *, aujourd_hui: datetime.date | None = None
) -> str | None:
    """For imports: None when `jour` is inside the window, else the French reason to put
    after the value (« hors de la fenêtre admise, entre le 1er janvier 2000 et aujourd'hui »)."""
    limites = bornes(fenetre, aujourd_hui=aujourd_hui)
    return None if limites.contient(jour) else f"hors de la fenêtre admise, {limites.intervalle}"


class DateFenetreField(forms.DateField):
    """A date field that accepts only its window and says which one.

    Bounds are refreshed each time a form is built (Django deep-copies its fields then), so
    that a server running for days keeps « today » right.
    """

    def __init__(self, *, fenetre: Fenetre | str = Fenetre.PROJET, **kwargs):
        self.fenetre = Fenetre(fenetre)
        self.aide_propre = kwargs.get("help_text", "")
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
        self._actualiser()

    def __deepcopy__(self, memo):
        copie = super().__deepcopy__(memo)
        copie._actualiser()
        return copie

    def _actualiser(self) -> None:
        limites = bornes(self.fenetre)
        self.help_text = " ".join(t for t in (self.aide_propre, limites.aide) if t)
        if getattr(self.widget, "input_type", None) == "date":
            self.widget.attrs["min"] = limites.debut.isoformat()
            self.widget.attrs["max"] = limites.fin.isoformat()

    def validate(self, value):
        super().validate(value)
        if value:
            limites = bornes(self.fenetre)
            if not limites.contient(value):
                raise forms.ValidationError(limites.erreur, code="hors_fenetre")


def admin_dates() -> dict:
    """`formfield_overrides` of a ModelAdmin: its date fields keep the admin's calendar and
    get the travaux window (2000 … year + 15), the widest one."""
    from django.contrib.admin.widgets import AdminDateWidget
    from django.db import models

    return {models.DateField: {"form_class": DateFenetreField, "widget": AdminDateWidget}}
