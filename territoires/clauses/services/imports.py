"""A workbook import: stored, launched in the background, read, checked and written."""

from collections.abc import Callable

from django.core.files import File
from django.db import transaction
from django_tasks.base import Task

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.task_tracking import task_launch

from ..imports import lecture, lecture_xlsx, verification
from ..imports.donnees import Erreur, FichierIllisible
from ..models import ImportClauses
from .imports_application import ResultatImport, import_apply

Progress = Callable[[int, int, str], None] | None


class ImportRefuse(Exception):
    """The file was rejected: `erreurs` lists every bad row."""

    def __init__(self, erreurs: list[Erreur]):
        super().__init__(f"{len(erreurs)} erreur(s)")
        self.erreurs = erreurs


def classeur_import(
    *,
    fichier,
    fichier_heures=None,
    on_progress: Progress = None,
) -> ResultatImport:
    """Read, check and write a workbook (or marches.csv + heures.csv). All or nothing.

    Raises `FichierIllisible` or `ImportRefuse` (with every bad row): nothing written.
    """
    if on_progress:
        on_progress(0, 9, "Lecture du fichier")
    if fichier_heures is not None:
        marches, heures = lecture.csv_read(fichier, fichier_heures)
    else:
        marches, heures = lecture_xlsx.classeur_read(fichier)

    def validation_progress(done: int, total: int) -> None:
        if on_progress:
            on_progress(0, 9, f"Vérification : ligne {done} sur {total}")

    donnees, erreurs = verification.lignes_check(marches, heures, on_progress=validation_progress)
    if erreurs:
        raise ImportRefuse(erreurs)
    return import_apply(donnees=donnees, on_progress=on_progress)


def import_launch(
    *,
    task: Task,
    fichier: File,
    fichier_heures: File | None = None,
    user,
    organisation,
) -> ImportClauses:
    """Store the uploaded file(s) (core documents) and run the import as a background task.

    `task` is `tasks.clauses_import_task`, given by the caller: tasks call services, never the
    reverse (no import cycle).
    """
    with transaction.atomic():
        doc = document_upload(
            file=fichier,
            owner_organisation=organisation,
            uploaded_by=user,
            allowed_types=("xlsx", "csv", "txt"),
        )
        doc_heures = None
        if fichier_heures is not None:
            doc_heures = document_upload(
                file=fichier_heures,
                owner_organisation=organisation,
                uploaded_by=user,
                allowed_types=("csv", "txt"),
            )
        import_ = ImportClauses.objects.create(
            fichier=doc, fichier_heures=doc_heures, cree_par=user
        )
        suivi = task_launch(
            task=task,
            owner=user,
            label=f"Import du classeur « {doc.nom_original} »",
            import_id=import_.pk,
        )
        ImportClauses.objects.filter(pk=import_.pk).update(tache=suivi)
    import_.refresh_from_db()
    return import_


def import_run(*, import_: ImportClauses, on_progress: Progress = None) -> ImportClauses:
    """Run a stored import; its row records the outcome (errors or summary)."""
    fichier = import_.fichier.fichier.open("rb")
    fichier_heures = import_.fichier_heures.fichier.open("rb") if import_.fichier_heures else None
    try:
        resultat = classeur_import(
            fichier=fichier, fichier_heures=fichier_heures, on_progress=on_progress
        )
    except ImportRefuse as refus:
        import_.statut = ImportClauses.Statut.REFUSE
        import_.erreurs = [e.as_dict() for e in refus.erreurs]
    except FichierIllisible as exc:
        import_.statut = ImportClauses.Statut.REFUSE
        import_.erreurs = [{"feuille": "", "ligne": 0, "message": str(exc)}]
    else:
        import_.statut = ImportClauses.Statut.IMPORTE
        import_.resume = resultat.as_dict() | {"texte": resultat.texte()}
    finally:
        fichier.close()
        if fichier_heures:
            fichier_heures.close()
    import_.save(update_fields=["statut", "erreurs", "resume"])
    journal_record(
        obj=import_,
        actor=import_.cree_par,
        action=Evenement.Action.AUTRE,
        description=f"Import {import_.get_statut_display().lower()} "
        f"({len(import_.erreurs)} erreur(s))",
    )
    return import_
