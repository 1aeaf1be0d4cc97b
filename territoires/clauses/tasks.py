"""Background task of the clauses module: the workbook import launched from the interface."""

from django_tasks import task

from territoires.core.services import progress_finish, progress_tracking, progress_update


@task()
def clauses_import_task(*, import_id: int, suivi_id: str | None = None) -> str:
    from . import services
    from .models import ImportClauses

    import_ = ImportClauses.objects.select_related("fichier", "fichier_heures").get(pk=import_id)
    with progress_tracking(suivi_id, total=9, message="Lecture du classeur…"):

        def on_progress(done: int, total: int, message: str) -> None:
            progress_update(done, total, message)

        import_ = services.import_executer(import_=import_, on_progress=on_progress)
        if import_.statut == ImportClauses.Statut.REFUSE:
            texte = f"Fichier refusé : {len(import_.erreurs)} erreur(s), rien n'a été enregistré."
        else:
            texte = import_.resume.get("texte", "Import terminé.")
        progress_finish(result_url=import_.get_absolute_url(), result_text=texte, message=texte)
    return import_.statut
