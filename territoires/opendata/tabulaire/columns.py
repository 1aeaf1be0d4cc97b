"""Column types: storage identifiers, SQL types, value conversions to and from the database.

A column is never named in SQL by the name the producer gave it: column n of a version is
stored as `c<n>` (and, for text, its accent-free lower-case form as `n<n>`, used to filter
and sort). Names only live in Python, which maps them to these generated identifiers.
"""

import functools
import json
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

TYPES = (
    "texte",
    "entier",
    "decimal",
    "date",
    "booleen",
    "latitude",
    "longitude",
    "geometrie",
)
COLUMNS_MAX = 500
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_TRUE = {"1", "true", "vrai", "oui", "o", "yes", "y", "t"}
_FALSE = {"0", "false", "faux", "non", "n", "no", "f"}
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# The same form as `core.text.normalize_search` (accent-free, case-folded, punctuation as one
# space), computed faster: it runs on every text cell of a million-row file.
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`´.,;:/()«»\"]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


@functools.lru_cache(maxsize=20_000)
def text_key(value: str) -> str:
    """Accent-free, case-folded form of a text, on which text is filtered and sorted.

    Cached: the same communes, categories, statuses come back on many rows."""
    if value.isascii():
        return _SEPARATORS.sub(" ", value.lower()).strip()
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", value)).casefold()
    if "œ" in folded or "æ" in folded:
        folded = folded.translate(_LIGATURES)
    return _SEPARATORS.sub(" ", folded).strip()


_SQL_TYPES = {
    "sqlite": {
        "texte": "TEXT",
        "entier": "INTEGER",
        "decimal": "REAL",
        "date": "TEXT",
        "booleen": "INTEGER",
        "latitude": "REAL",
        "longitude": "REAL",
        "geometrie": "TEXT",
    },
    "postgresql": {
        "texte": "TEXT",
        "entier": "BIGINT",
        "decimal": "NUMERIC",
        "date": "DATE",
        "booleen": "BOOLEAN",
        "latitude": "DOUBLE PRECISION",
        "longitude": "DOUBLE PRECISION",
        "geometrie": "TEXT",
    },
}
_TYPE_LABELS = {
    "texte": "un texte",
    "entier": "un nombre entier",
    "decimal": "un nombre décimal",
    "date": "une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
    "booleen": "oui ou non",
    "latitude": "une latitude",
    "longitude": "une longitude",
    "geometrie": "une géométrie GeoJSON",
}


# --- Parsing: a Python value (typed, or text from a URL) to the column's Python type --------


def _parse_text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        result = value
    elif isinstance(value, float | Decimal):
        if value != value.__floor__():
            raise ValueError
        result = int(value)
    else:
        result = int(str(value).strip().replace(" ", "").replace("\u202f", ""))
    if not INT_MIN <= result <= INT_MAX:
        raise ValueError
    return result


def _parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | float):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = str(value).strip().replace(" ", "").replace("\u202f", "").replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation as error:
            raise ValueError from error
    if not result.is_finite():
        raise ValueError
    return result


def _parse_float(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    result = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    if not math.isfinite(result):
        raise ValueError
    return result


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _FRENCH_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


def _parse_geometry(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    json.loads(text)
    return text


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "texte": _parse_text,
    "entier": _parse_int,
    "decimal": _parse_decimal,
    "date": _parse_date,
    "booleen": _parse_bool,
    "latitude": _parse_float,
    "longitude": _parse_float,
    "geometrie": _parse_geometry,
}


_EXACT_TYPES = {
    "texte": str,
    "entier": int,
    "decimal": Decimal,
    "date": date,
    "booleen": bool,
    "latitude": float,
    "longitude": float,
}


def value_parse(col: "StoredColumn", value: Any) -> Any:
    """The value in the column's Python type, or a French `ValueError`."""
    try:
        return _PARSERS[col.type](value)
    except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
        shown = str(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        raise ValueError(
            f"La valeur « {shown} » n'est pas {_TYPE_LABELS[col.type]} (colonne « {col.nom} »)."
        ) from None


# --- Storage form: what the driver receives and returns ---------------------------------------


def _without_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL characters: they are dropped on both engines."""
    return text.replace("\x00", "") if "\x00" in text else text


def _sqlite_to_db(col_type: str) -> Callable[[Any], Any] | None:
    return {
        "texte": _without_nul,
        "decimal": float,
        "date": date.isoformat,
        "booleen": int,
    }.get(col_type)


def _to_db(vendor: str, col_type: str) -> Callable[[Any], Any] | None:
    if vendor == "sqlite":
        return _sqlite_to_db(col_type)
    return _without_nul if col_type == "texte" else None


def _decimal_from_float(value: float) -> Decimal:
    return Decimal(repr(value))


def _from_db(vendor: str, col_type: str) -> Callable[[Any], Any] | None:
    if col_type == "geometrie":
        return json.loads
    if vendor == "sqlite":
        return {"decimal": _decimal_from_float, "date": date.fromisoformat, "booleen": bool}.get(
            col_type
        )
    return None


@dataclass(frozen=True)
class StoredColumn:
    """A column of a version as stored: its position gives its SQL identifiers."""

    position: int
    nom: str  # unique name (duplicates get « (2) », « (3) »)
    type: str

    @property
    def ident(self) -> str:
        return f"c{self.position}"

    @property
    def key(self) -> str:
        """Identifier compared, filtered and sorted on (accent-free form for text)."""
        return f"n{self.position}" if self.type == "texte" else f"c{self.position}"

    @property
    def sortable(self) -> bool:
        return self.type != "geometrie"

    def sql_type(self, vendor: str) -> str:
        return _SQL_TYPES[vendor][self.type]

    def to_db(self, vendor: str) -> Callable[[Any], Any]:
        """Parse then convert a value to what the driver stores (None stays None)."""
        parse = _PARSERS[self.type]
        convert = _to_db(vendor, self.type)
        exact = _EXACT_TYPES.get(self.type)

        def apply(value: Any) -> Any:
            if value is None or value == "":
                return None
            if type(value) is exact:  # already typed (the usual case): no parsing
                if exact is int and not INT_MIN <= value <= INT_MAX:
                    value_parse(self, value)
                return convert(value) if convert else value
            try:
                parsed = parse(value)
            except (ValueError, TypeError, OverflowError, json.JSONDecodeError):
                value_parse(self, value)  # raises the French message
                raise
            return convert(parsed) if convert else parsed

        return apply

    def key_to_db(self, vendor: str, value: Any) -> Any:
        """A filter or cursor value in the storage form of `key` (normalised text)."""
        if self.type == "texte":
            return text_key(_parse_text(value))
        parsed = value_parse(self, value)
        convert = _to_db(vendor, self.type)
        return convert(parsed) if convert else parsed

    def from_db(self, vendor: str) -> Callable[[Any], Any] | None:
        return _from_db(vendor, self.type)


def columns_resolve(colonnes: Sequence) -> list[StoredColumn]:
    """Stored columns of `colonnes` (`Colonne` objects or dicts with `nom` and `type`)."""
    if not colonnes:
        raise ValueError("Une table doit avoir au moins une colonne.")
    if len(colonnes) > COLUMNS_MAX:
        raise ValueError(f"Une table a au plus {COLUMNS_MAX} colonnes ({len(colonnes)} reçues).")
    seen: dict[str, int] = {}
    result = []
    for position, colonne in enumerate(colonnes):
        nom = colonne["nom"] if isinstance(colonne, dict) else colonne.nom
        type_ = colonne["type"] if isinstance(colonne, dict) else colonne.type
        if type_ not in TYPES:
            raise ValueError(
                f"Type de colonne inconnu « {type_} » (colonne « {nom} ») : "
                f"types possibles : {', '.join(TYPES)}."
            )
        nom = str(nom)
        unique = nom
        while unique in seen:
            seen[nom] += 1
            unique = f"{nom} ({seen[nom]})"
        seen.setdefault(nom, 1)
        seen.setdefault(unique, 1)
        result.append(StoredColumn(position=position, nom=unique, type=type_))
    return result


def column_names(colonnes: Sequence) -> list[str]:
    """The names under which rows are returned (a duplicate name gets « (2) », « (3) »…)."""
    return [col.nom for col in columns_resolve(colonnes)]
