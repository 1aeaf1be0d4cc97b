"""Reads of the automatic datasets' page: each dataset, its resources and current versions,
and the last refreshes launched from the page (a constant number of queries)."""

from dataclasses import dataclass

from django.db.models import Prefetch

from territoires.core.models import TacheSuivi
from territoires.opendata.models import JeuDeDonnees, Ressource

from . import REGISTRE, JeuAutomatique
from .tasks import datasets_refresh_task


@dataclass
class EtatJeu:
    auto: JeuAutomatique
    jeu: JeuDeDonnees | None
    ressources: list[Ressource]

    @property
    def url(self) -> str | None:
        """The dataset's public page in the catalogue."""
        return self.jeu.get_absolute_url() if self.jeu is not None else None


def automatic_datasets_state() -> list[EtatJeu]:
    jeux = {
        j.source_module: j
        for j in JeuDeDonnees.objects.exclude(source_module="")
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "ressources",
                queryset=Ressource.objects.select_related("version_courante").order_by("pk"),
            )
        )
    }
    return [
        EtatJeu(
            auto=auto,
            jeu=jeux.get(code),
            ressources=list(jeux[code].ressources.all()) if code in jeux else [],
        )
        for code, auto in REGISTRE.items()
    ]


def refreshes_recent(limit: int = 5) -> list[TacheSuivi]:
    return list(
        TacheSuivi.objects.filter(tache_chemin=datasets_refresh_task.module_path)
        .select_related("proprietaire")
        .order_by("-cree_le")[:limit]
    )
