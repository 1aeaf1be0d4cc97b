"""What every page of the module shares: its breadcrumb root, the year asked for."""

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
