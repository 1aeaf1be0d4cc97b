"""A period from the command's options or the page's GET parameters, validated at the border."""

from __future__ import annotations

from django.utils import timezone

from territoires.pilotage.chiffres.periode import Periode

ANNEE_MIN = 1990


class PeriodeInvalide(ValueError):
    """A French message for the reader."""


def _annee(valeur, nom: str) -> int | None:
    if valeur in (None, ""):
        return None
    try:
        annee = int(valeur)
    except (TypeError, ValueError):
        raise PeriodeInvalide(f"{nom} : une année en quatre chiffres est attendue.") from None
    maximum = timezone.localdate().year
    if not ANNEE_MIN <= annee <= maximum:
        raise PeriodeInvalide(f"{nom} : l'année doit être comprise entre {ANNEE_MIN} et {maximum}.")
    return annee


def periode_choisie(*, annee=None, depuis=None, jusqu_a=None) -> Periode:
    """One year, or a period; by default the last full calendar year."""
    annee = _annee(annee, "Année")
    depuis = _annee(depuis, "Depuis")
    jusqu_a = _annee(jusqu_a, "Jusqu'à")
    if annee is not None:
        if depuis is not None or jusqu_a is not None:
            raise PeriodeInvalide("Choisissez une année ou une période, pas les deux.")
        return Periode(depuis=annee, jusqu_a=annee)
    if depuis is None and jusqu_a is None:
        derniere = timezone.localdate().year - 1
        return Periode(depuis=derniere, jusqu_a=derniere)
    depuis = depuis if depuis is not None else jusqu_a
    jusqu_a = jusqu_a if jusqu_a is not None else timezone.localdate().year
    if depuis > jusqu_a:
        raise PeriodeInvalide("La première année doit précéder la dernière.")
    return Periode(depuis=depuis, jusqu_a=jusqu_a)
