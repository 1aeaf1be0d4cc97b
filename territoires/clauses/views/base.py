"""What every page of the module shares: its breadcrumb root, the year asked for, the
filtered and paginated lists."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone


def accueil_crumb():
    return ("Clauses sociales", reverse("clauses:marches"))


def annee_demandee(request, defaut: int | None = None) -> int:
    try:
        annee = int(request.GET.get("annee", ""))
        if 2000 <= annee <= 2100:
            return annee
    except ValueError:
        pass
    return defaut or timezone.localdate().year - 1


def filtered_page(request, filterset_class, queryset: QuerySet, *, per_page: int):
    """The list's FilterSet (bound to the query string) and the asked page of its rows."""
    filterset = filterset_class(request.GET, queryset=queryset)
    page_obj: Page = Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))
    return filterset, page_obj


def search_text(filterset) -> str:
    """The search typed in the list's form, as it was applied (blank when invalid)."""
    return filterset.form.cleaned_data.get("q") or "" if filterset.form.is_valid() else ""
