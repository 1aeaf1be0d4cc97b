"""Tâches de fond du budget participatif."""

from django_tasks import task

from territoires.core.services import progress_finish, progress_tracking, progress_update


@task()
def resultats_calculer_task(*, campagne_id: int, suivi_id: str | None = None) -> int:
    """Dépouille chaque enveloppe d'une campagne (urne brassée d'abord)."""
    from .models import Campagne
    from .services import resultats_campagne, urne_brasser

    campagne = Campagne.objects.get(pk=campagne_id)
    with progress_tracking(suivi_id, message="Brassage de l'urne…"):
        urne_brasser(campagne=campagne)

        def avance(fait: int, total: int) -> None:
            progress_update(fait, total, f"Enveloppe {fait} sur {total} dépouillée")

        resultats = resultats_campagne(campagne=campagne, on_progress=avance)
        progress_finish(
            result_url=f"/budget-participatif/{campagne.slug}/resultats/",
            message=f"{len(resultats)} enveloppe(s) dépouillée(s).",
        )
    return len(resultats)
