"""Page-number pagination of the API's lists (`page`, `taille`), with the total.

Ninja's pagination protocol (`@paginate(PagePagination)`), French names, bounded sizes.
"""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000, description="Numéro de la page, à partir de 1.")
        taille: int = Field(
            20,
            ge=1,
            le=settings.API_PAGE_TAILLE_MAX,
            description="Nombre de résultats par page.",
        )

    class Output(Schema):
        total: int = Field(description="Nombre de résultats, toutes pages comprises.")
        page: int
        taille: int
        resultats: list[Any]

    items_attribute = "resultats"

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        debut = (pagination.page - 1) * pagination.taille
        return {
            "total": self._items_count(queryset),
            "page": pagination.page,
            "taille": pagination.taille,
            "resultats": list(queryset[debut : debut + pagination.taille]),
        }
