"""Background tasks of the clauses module: the workbook and DECP imports launched from the
interface, and the daily anonymisation. Tasks call services, never the reverse."""

from django_tasks import task

from territoires.core.task_tracking import (
    progress_finish,
    progress_tracking,
    progress_update,
    task_follower_register,
    task_relaunch_allow,
)

from .models import ImportClauses, ImportDecp
from .services.decp import decp_run
from .services.imports import import_run
from .services.participants import participants_anonymise


@task()
def clauses_import_task(*, import_id: int, suivi_id: str | None = None) -> str:
    import_ = ImportClauses.objects.select_related("fichier", "fichier_heures").get(pk=import_id)
    with progress_tracking(suivi_id, total=9, message="Lecture du classeur…"):

        def on_progress(done: int, total: int, message: str) -> None:
            progress_update(done, total, message)

        import_ = import_run(import_=import_, on_progress=on_progress)
        if import_.statut == ImportClauses.Statut.REFUSE:
            texte = f"Fichier refusé : {len(import_.erreurs)} erreur(s), rien n'a été enregistré."
        else:
            texte = import_.resume.get("texte", "Import terminé.")
        progress_finish(result_url=import_.get_absolute_url(), result_text=texte, message=texte)
    return import_.statut


@task()
def clauses_decp_task(*, import_id: int, suivi_id: str | None = None) -> str:
    import_ = ImportDecp.objects.select_related("fichier").get(pk=import_id)
    with progress_tracking(suivi_id, message="Lecture du fichier DECP…"):

        def on_progress(done: int, total: int) -> None:
            progress_update(done, total, f"Marchés rapprochés : {done} sur {total}")

        import_ = decp_run(import_=import_, on_progress=on_progress)
        if import_.statut == ImportDecp.Statut.REFUSE:
            texte = f"Fichier refusé : {import_.erreur}"
        else:
            r = import_.resultat
            texte = (
                f"{r['lus']} marché(s) lu(s) : {len(r['crees'])} créé(s), "
                f"{len(r['completes'])} complété(s), {len(r['non_suivis'])} « Clause sociale » "
                "d'acheteurs non suivis."
            )
        progress_finish(result_url=import_.get_absolute_url(), result_text=texte, message=texte)
    return import_.statut


@task()
def clauses_anonymiser_task() -> int:
    """The daily anonymisation, queued by `territoires clauses anonymiser --en-tache`."""
    return participants_anonymise()


# An import whose task fails is failed with it (same message), and follows it when relaunched
# (core/task_tracking.py); the facilitator who may import may relaunch it.
task_follower_register(
    model=ImportClauses,
    pending={"statut": ImportClauses.Statut.EN_COURS},
    failed=lambda message: {
        "statut": ImportClauses.Statut.ECHOUE,
        "erreurs": [{"feuille": "", "ligne": 0, "message": message}],
    },
    relaunched={"statut": ImportClauses.Statut.EN_COURS, "erreurs": [], "resume": {}},
)
task_follower_register(
    model=ImportDecp,
    pending={"statut": ImportDecp.Statut.EN_COURS},
    failed=lambda message: {"statut": ImportDecp.Statut.ECHOUE, "erreur": message},
    relaunched={"statut": ImportDecp.Statut.EN_COURS, "erreur": "", "resultat": {}},
)
for _task in (clauses_import_task, clauses_decp_task):
    task_relaunch_allow(_task, allowed=lambda user, kwargs: user.has_perm("clauses.import"))
