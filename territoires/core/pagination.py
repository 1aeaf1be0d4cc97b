"""The paginator of the long lists (aid dossiers, engineering requests).

A page is read in two steps: the keys of its rows first, sorted on the narrow columns of the
sort (the primary key and the sort key, an index or a small temporary sort), then those rows
with their relations by primary key. Sorting the wide rows themselves (texts, joined names)
would cost seconds at hundreds of thousands of rows; the rows shown are the same.
"""

from django.core.paginator import Paginator


class ListePaginator(Paginator):
    """With a `plafond`, counts only up to that many rows: counting every match of a text
    search (a LIKE over each row) would cost seconds at national scale, and nobody reads page
    200 of a search. Without one, the exact count (on an index)."""

    def __init__(self, *args, plafond: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plafond = plafond

    @property
    def count(self) -> int:
        if not hasattr(self, "_count"):
            if self.plafond is None:
                self._count = self.object_list.count()
            else:
                self._count = self.object_list.values("pk")[: self.plafond + 1].count()
        return self._count

    @property
    def depasse(self) -> bool:
        return self.plafond is not None and self.count > self.plafond

    def page(self, number):
        """The page's keys first, on the narrow index of the sort (no wide row sorted), then
        those rows with their relations: deep pages and any sort stay fast."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {o.pk: o for o in self.object_list.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
