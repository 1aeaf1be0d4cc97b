"""The background task of the refresh, launched by the « Actualiser maintenant » button or by
`territoires donnees actualiser --en-tache`. It calls the refresh, never the reverse."""

from django_tasks import task

from territoires.core.task_tracking import task_relaunch_allow

from .refresh import datasets_refresh


@task()
def datasets_refresh_task(*, codes: list[str] | None = None, suivi_id: str | None = None) -> str:
    bilans = datasets_refresh(codes=codes, suivi_id=suivi_id)
    return "\n".join(b.texte for b in bilans)


# A failed refresh may be relaunched from its page by whoever may launch it.
task_relaunch_allow(
    datasets_refresh_task,
    allowed=lambda user, kwargs: user.has_perm("opendata.moderer_jeudedonnees"),
)
