"""SQLite: which index reads a page with a frequent « contient » (docs/adr/0009, « Ordre des
filtres »).

SQLite's planner knows the selectivity of an equality (`sqlite_stat1`, written by `ANALYZE`
at the load) but not the one of a `LIKE '%…%'`: with a frequent text and an equality on a
coarse column (a category among twelve), it reads the rows of the category through its index
and sorts them (80 000 rows a million), where walking the index of the sort and filtering
would stop after a few thousand rows. The question already asked to the trigram index
(`RARE_MAX + 1` row ids, in id order) tells the share of rows containing the text: the
`RARE_MAX + 1`-th id is far when the text is scarce, near when it is common. With the
statistics of the equalities, two estimates of the rows read:

- walking the index of the sort: `(taille + 1) / (share of the text × share of each equality)`;
- through the index of the most selective equality: `rows × its share` (then a sort).

The cheaper one is chosen; the equalities are then written `+key` (`where_build(unindexed=
True)`) so that SQLite walks the index of the sort. A wrong estimate costs no wrong row (the
same clauses answer) and at most the guard of `reading._guarded` (interruption, then the
equality's index and a sort).
"""

from dataclasses import dataclass

from .query import table_name


@dataclass(frozen=True)
class Selective:
    """An equality (`valeurs` = 1) or an `in` (`valeurs` = its number of values)."""

    key: str
    valeurs: int


def stats_sql(cle: str) -> tuple[str, list]:
    """A scalar subquery giving `idx stat;idx stat…` of the version's table (sqlite_stat1),
    evaluated once when it is a column of the question to the trigram index."""
    return (
        "(SELECT group_concat(idx || ' ' || stat, ';') FROM sqlite_stat1 WHERE tbl = %s)",
        [table_name(cle)],
    )


def _shares(stats: str | None, cle: str) -> tuple[int | None, dict[str, float]]:
    """(rows of the table, {key: share of the rows of one value}) from sqlite_stat1."""
    if not stats:
        return None, {}
    prefix = f"{table_name(cle)}_"
    rows, shares = None, {}
    for item in stats.split(";"):
        parts = item.split(" ")
        if len(parts) < 3 or not parts[0].startswith(prefix):
            continue
        try:
            total, per_value = int(parts[1]), int(parts[2])
        except ValueError:
            continue
        if total > 0:
            rows = total
            shares[parts[0][len(prefix) :]] = per_value / total
    return rows, shares


def walk_sort_index(
    *, cle: str, probe: list, selective: list[Selective], taille: int, rare_max: int
) -> bool:
    """Should the page walk the index of its sort rather than an equality's index?

    `probe`: the rows of the question to the trigram index, (row id, statistics), more
    than `rare_max` of them (a frequent text)."""
    if not selective or len(probe) <= rare_max:
        return False
    rows, shares = _shares(probe[0][1], cle)
    last_id = max(row[0] for row in probe)
    if not rows or last_id <= 0:
        return False
    text_share = min(1.0, len(probe) / last_id)
    filters_share = text_share
    natural = float(rows)
    for item in selective:
        share = shares.get(item.key)
        if share is None:
            return False
        share = min(1.0, share * item.valeurs)
        filters_share *= share
        natural = min(natural, rows * share)
    walk = (taille + 1) / filters_share if filters_share > 0 else float("inf")
    return walk < natural
