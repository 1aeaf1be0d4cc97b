"""How a key figure is written: numbers the French way, the period in words, the dict shape
of the frozen interface (`cle, phrase, valeur, unite, definition, url_module`)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def n(valeur) -> str:
    """A count or an amount, grouped by thousands, rounded half up (« 126 348 »): Django's
    `number_format` would cut the decimals off (56.67 → 56)."""
    arrondi = Decimal(str(valeur or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return number_format(arrondi, decimal_pos=0, use_l10n=True, force_grouping=True)


def pct(taux) -> str:
    """A rate (0.4) as a whole percentage (« 40 % »)."""
    return f"{n(Decimal(taux or 0) * 100)} %"


def quand(periode) -> str:
    """« en 2022 » or « entre 2017 et 2023 »."""
    if periode.depuis == periode.jusqu_a:
        return f"en {periode.depuis}"
    return f"entre {periode.depuis} et {periode.jusqu_a}"


def chiffre(cle, phrase, valeur, unite, definition, url) -> dict:
    return {
        "cle": cle,
        "phrase": phrase,
        "valeur": valeur,
        "unite": unite,
        "definition": definition,
        "url_module": url,
    }


def nb(valeur, singulier: str, pluriel: str | None = None) -> str:
    """A count with its noun agreed (« 1 personne », « 377 personnes », « 0 projet »)."""
    pluriel = pluriel or f"{singulier}s"
    arrondi = Decimal(str(valeur or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{n(arrondi)} {singulier if abs(arrondi) < 2 else pluriel}"
