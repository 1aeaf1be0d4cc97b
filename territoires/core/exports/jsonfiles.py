"""JSON and GeoJSON files of rows, streamed by chunks (never whole in memory).

JSON is data, not a spreadsheet: text is written as it is (no neutralisation, a reader of JSON
runs no formula); numbers stay numbers (a `Decimal` as a JSON number), dates in ISO 8601.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from .cells import plain_value

#: Rows written between two chunks: few writes, memory bounded by one chunk.
ROWS_PER_CHUNK = 1000


def json_value(value: Any) -> Any:
    """A value JSON can hold: None, bool, int, float, text; dates in ISO 8601; a mapping or a
    list (a GeoJSON geometry) as it is."""
    if isinstance(value, (dict, list)):
        return value
    value = plain_value(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _chunks(opening: str, items: Iterable[str], closing: str) -> Iterator[str]:
    parts = [opening]
    for number, item in enumerate(items, start=1):
        parts.append(("\n" if number == 1 else ",\n") + item)
        if number % ROWS_PER_CHUNK == 0:
            yield "".join(parts)
            parts = []
    parts.append(closing)
    yield "".join(parts)


def json_lines(rows: Iterable[Sequence[Any]], *, headers: Sequence[str]) -> Iterator[str]:
    """A JSON array of objects (one per row, keys from `headers`), by chunks."""
    keys = list(headers)
    objects = (
        _dumps({key: json_value(value) for key, value in zip(keys, row, strict=False)})
        for row in rows
    )
    return _chunks("[", objects, "\n]\n")


def geojson_lines(features: Iterable[tuple[Mapping | None, Mapping[str, Any]]]) -> Iterator[str]:
    """A GeoJSON FeatureCollection, by chunks, from (geometry or None, properties) pairs."""
    items = (
        _dumps(
            {
                "type": "Feature",
                "geometry": dict(geometry) if geometry else None,
                "properties": {key: json_value(value) for key, value in properties.items()},
            }
        )
        for geometry, properties in features
    )
    return _chunks('{"type":"FeatureCollection","features":[', items, "\n]}\n")


def point(longitude: Any, latitude: Any) -> dict | None:
    """A GeoJSON point, or None when a coordinate is missing or not a number."""
    try:
        lon, lat = float(longitude), float(latitude)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}
