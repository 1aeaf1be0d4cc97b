"""Versions of a resource: a file deposited, previewed, confirmed; or rows from a module.

`version_upload` stores the file through the hostile-file guard (`core/documents`, with the
open-data size limit `DONNEES_TAILLE_MAX`) and inspects it (`lecture.file_inspect`): format,
encoding, separator, detected column types. The producer corrects the types on the preview,
then `version_confirm` reads the whole file as a stream, loads it into the tabular storage,
validates it against the declared schema, counts the rows added and removed against the
current version and makes it current — all or nothing: a reading or validation error leaves
the version « refusée » with its report, nothing loaded, the previous version current.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from territoires.core import journal
from territoires.core.documents import document_upload
from territoires.core.models import Evenement
from territoires.core.task_tracking import progress_finish, progress_tracking, progress_update
from territoires.core.workflow import transition_apply
from territoires.ui.formats import nombre_fr

from .. import lecture, tabulaire
from ..models import Ressource, VersionRessource
from ..tabulaire import Colonne
from .fichiers import document_path, estimate_rows
from .ressources import resource_create, resource_schema_set

logger = logging.getLogger(__name__)

FORMATS_ACCEPTES = ("csv", "xlsx", "ods", "json", "geojson")


class VersionRefusee(Exception):
    """The file cannot become the current version; `rapport` says why (French)."""

    def __init__(self, rapport: dict):
        super().__init__(rapport.get("message", ""))
        self.rapport = rapport


def version_number_next(ressource: Ressource) -> int:
    Ressource.objects.select_for_update().filter(pk=ressource.pk).first()
    return (ressource.versions.aggregate(n=Max("numero"))["n"] or 0) + 1


def _inspect(document) -> "lecture.Apercu":
    with document_path(document) as path:
        try:
            return lecture.file_inspect(path=path, nom=document.nom_original)
        except lecture.LectureError as exc:
            raise ValidationError(str(exc), code="lecture") from exc


def _preset_types(ressource: Ressource, apercu) -> list[dict]:
    """Detected types; a declared schema's types first where the column names match."""
    from .. import validation

    declared = {}
    if ressource.schema:
        declared = {c.nom: c.type for c in validation.schema_columns(nom=ressource.schema)}
    return [
        {"nom": c.nom, "type_detecte": c.type, "type": declared.get(c.nom, c.type)}
        for c in apercu.colonnes
    ]


def _check_not_automatic(ressource: Ressource) -> None:
    if ressource.jeu.est_automatique:
        raise ValidationError(
            "Ce jeu de données est publié automatiquement par un module : on n'y dépose pas "
            "de fichier.",
            code="automatique",
        )


@transaction.atomic
def version_upload(*, ressource: Ressource, actor, fichier) -> VersionRessource:
    """Store and inspect a deposited file: a new version « à vérifier » with its preview.

    Raises ValidationError (French) when the guard or the reader refuses the file; nothing
    is then stored.
    """
    _check_not_automatic(ressource)
    version = VersionRessource.objects.create(
        ressource=ressource, numero=version_number_next(ressource), format="csv", deposee_par=actor
    )
    document = document_upload(
        file=fichier,
        owner_organisation=ressource.jeu.organisation,
        uploaded_by=actor,
        attached_to=version,
        allowed_types=FORMATS_ACCEPTES,
        max_size=settings.DONNEES_TAILLE_MAX,
    )
    return _version_fill(version=version, document=document)


def _version_fill(*, version: VersionRessource, document) -> VersionRessource:
    apercu = _inspect(document)
    version.document = document
    version.format = apercu.format
    version.encodage = apercu.encodage or ""
    version.separateur = apercu.separateur or ""
    version.colonnes = _preset_types(version.ressource, apercu)
    version.save()
    journal.journal_record(
        obj=version.ressource.jeu,
        actor=version.deposee_par,
        action=Evenement.Action.MODIFICATION,
        description=f"Dépôt du fichier « {document.nom_original} » ({version})",
        organisation=version.ressource.jeu.organisation,
    )
    return version


@transaction.atomic
def resource_add(
    *, jeu, actor, titre: str, fichier, schema: str = "", description: str = ""
) -> VersionRessource:
    """A new resource and its first file, both or neither: the version to preview."""
    ressource = resource_create(
        jeu=jeu, actor=actor, titre=titre, schema=schema, description=description
    )
    return version_upload(ressource=ressource, actor=actor, fichier=fichier)


@transaction.atomic
def version_retry(*, version: VersionRessource, actor) -> VersionRessource:
    """A refused version's file again, as a new version to preview (types corrected)."""
    if version.statut != VersionRessource.Statut.REFUSEE or version.document is None:
        raise ValidationError("Seule une version refusée peut être reprise.")
    ressource = version.ressource
    _check_not_automatic(ressource)
    nouvelle = VersionRessource.objects.create(
        ressource=ressource,
        numero=version_number_next(ressource),
        format=version.format,
        encodage=version.encodage,
        separateur=version.separateur,
        colonnes=version.colonnes,
        document=version.document,
        deposee_par=actor,
    )
    return nouvelle


def columns_check(*, version: VersionRessource, colonnes: Sequence[dict]) -> list[Colonne]:
    """The corrected columns: same names in the same order, known types."""
    noms = [c["nom"] for c in version.colonnes]
    if [c.get("nom") for c in colonnes] != noms:
        raise ValidationError("Les colonnes ne correspondent pas au fichier déposé.")
    resultat = []
    for c in colonnes:
        if c.get("type") not in VersionRessource.TYPES_COLONNE:
            raise ValidationError(
                "Le type « %(type)s » de la colonne « %(nom)s » est inconnu.",
                params={"type": c.get("type"), "nom": c["nom"]},
            )
        resultat.append(Colonne(nom=c["nom"], type=c["type"]))
    return resultat


def _cell_errors_report(erreurs, *, schema: str = "") -> dict:
    return {
        "schema": schema,
        "valide": False,
        "message": (
            "Des cellules ne correspondent pas au type choisi pour leur colonne : corrigez le "
            "type de la colonne ou le fichier."
        ),
        "erreurs": [
            {"ligne": e.ligne, "colonne": e.colonne, "valeur": e.valeur, "message": e.message}
            for e in erreurs
        ],
        "total": len(erreurs),
    }


def _load(
    *, version: VersionRessource, cle: str, colonnes: list[Colonne], suivi, on_progress=None
) -> int:
    erreurs: list = []
    total = None

    def progress(done, *args, **kwargs) -> None:
        progress_update(done, message=f"{nombre_fr(done)} lignes chargées")
        if on_progress is not None:
            on_progress(done, total)

    def indexing(done: int) -> None:
        # Its own step: on a million rows the search indexes take a third of the time.
        progress_update(
            done,
            message=f"{nombre_fr(done)} lignes chargées ; construction des index de recherche…",
        )

    with document_path(version.document) as path:
        if suivi is not None or on_progress is not None:
            total = estimate_rows(path, version.format)
            progress_update(0, total=total)
        lignes = lecture.rows_read(
            path=path,
            format=version.format,
            encodage=version.encodage,
            separateur=version.separateur,
            colonnes=colonnes,
            erreurs=erreurs,
        )
        storage_drop_quietly(cle)  # what a killed worker may have left
        tabulaire.table_create(cle=cle, colonnes=colonnes)
        try:
            nombre = tabulaire.rows_load(
                cle=cle,
                colonnes=colonnes,
                lignes=lignes,
                on_progress=progress,
                on_indexing=indexing,
            )
        except ValueError as exc:  # a value that does not fit its column (« Ligne 12 : … »)
            if isinstance(exc, lecture.LectureError):
                raise
            raise VersionRefusee(_message_report(exc)) from exc
    if erreurs:
        raise VersionRefusee(_cell_errors_report(erreurs, schema=version.ressource.schema))
    return nombre


def _validate(*, schema: str, cle: str, colonnes: list[Colonne]) -> dict:
    from .. import validation

    if not schema:
        return {}
    rapport = validation.schema_validate(
        nom=schema, colonnes=colonnes, lignes=tabulaire.rows_stream(cle=cle, colonnes=colonnes)
    )
    resultat = rapport.as_json()
    if not rapport.valide:
        resultat.setdefault(
            "message",
            f"Le fichier n'est pas conforme au schéma « {schema} » : corrigez les erreurs "
            "ci-dessous, ou publiez la ressource sans schéma.",
        )
        raise VersionRefusee(resultat)
    return resultat


def changes_count(*, precedente, cle: str, colonnes: list[Colonne], nombre: int) -> tuple[int, int]:
    if precedente is None or not precedente.table:
        return nombre, 0
    avant = [(c["nom"], c["type"]) for c in precedente.colonnes]
    if avant != [(c.nom, c.type) for c in colonnes]:
        # Other columns: every row differs.
        return nombre, precedente.nb_lignes
    return tabulaire.rows_diff(cle_avant=precedente.table, cle_apres=cle, colonnes=colonnes)


def current_version_of(ressource: Ressource) -> VersionRessource | None:
    """The current version as stored now (the caller's object may be older)."""
    pk = (
        Ressource.objects.filter(pk=ressource.pk).values_list("version_courante", flat=True).first()
    )
    return VersionRessource.objects.filter(pk=pk).first() if pk else None


def storage_drop_quietly(cle: str) -> None:
    try:
        tabulaire.table_drop(cle=cle)
    except Exception:  # the table may not exist yet
        logger.debug("Table %s absente", cle, exc_info=True)


@transaction.atomic
def _refuse(*, version: VersionRessource, actor, colonnes: list[dict], rapport: dict) -> None:
    version.colonnes = colonnes
    version.validation = rapport
    version.conforme = False
    version.save(update_fields=["colonnes", "validation", "conforme"])
    transition_apply(
        obj=version,
        transition="refuser",
        actor=None,
        reason=rapport.get("message", "")[:500],
    )


@transaction.atomic
def version_make_current(*, version: VersionRessource, actor, champs: dict) -> VersionRessource:
    ressource = Ressource.objects.select_for_update().get(pk=version.ressource_id)
    for name, value in champs.items():
        setattr(version, name, value)
    version.save(update_fields=list(champs))
    transition_apply(obj=version, transition="valider", actor=None)
    ressource.version_courante = version
    ressource.save(update_fields=["version_courante"])
    version.ressource = ressource
    journal.journal_record(
        obj=ressource.jeu,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=(
            f"{version} publiée : {version.nb_lignes} lignes "
            f"(+{version.lignes_ajoutees} / −{version.lignes_retirees})"
        ),
        organisation=ressource.jeu.organisation,
    )
    return version


def _colonnes_json(version: VersionRessource, colonnes: list[Colonne]) -> list[dict]:
    detected = {c["nom"]: c.get("type_detecte", c.get("type")) for c in version.colonnes}
    return [
        {"nom": c.nom, "type_detecte": detected.get(c.nom, c.type), "type": c.type}
        for c in colonnes
    ]


def version_confirm(
    *,
    version: VersionRessource,
    actor,
    colonnes: list[dict],
    suivi_id=None,
    schema: str | None = None,
    on_progress=None,
) -> VersionRessource:
    """Read, load, validate, diff and make current a previewed version (all or nothing).

    `colonnes`: `[{"nom", "type"}]` as corrected on the preview; `schema` (optional) changes
    the schema declared by the resource first. With `suivi_id` (a followed task), the
    progress is reported; `on_progress(done, total)` (a command) is called too. A refused
    version keeps its report in `validation`.
    """
    if version.statut != VersionRessource.Statut.A_VERIFIER:
        raise ValidationError("Cette version a déjà été traitée.")
    _check_not_automatic(version.ressource)
    typed = columns_check(version=version, colonnes=colonnes)
    if schema is not None and schema != version.ressource.schema:
        resource_schema_set(ressource=version.ressource, actor=actor, schema=schema)
    cle = f"v{version.pk}"
    with progress_tracking(suivi_id, message="Lecture du fichier…") as suivi:
        try:
            nombre = _load(
                version=version, cle=cle, colonnes=typed, suivi=suivi, on_progress=on_progress
            )
            rapport = _validate(schema=version.ressource.schema, cle=cle, colonnes=typed)
            ajoutees, retirees = changes_count(
                precedente=current_version_of(version.ressource),
                cle=cle,
                colonnes=typed,
                nombre=nombre,
            )
        except (VersionRefusee, lecture.LectureError) as exc:
            storage_drop_quietly(cle)
            rapport = exc.rapport if isinstance(exc, VersionRefusee) else _message_report(exc)
            _refuse(
                version=version,
                actor=actor,
                colonnes=_colonnes_json(version, typed),
                rapport=rapport,
            )
            progress_finish(result_url=_version_url(version), result_text=rapport["message"])
            return version
        except BaseException:
            storage_drop_quietly(cle)
            raise
        version = version_make_current(
            version=version,
            actor=actor,
            champs={
                "colonnes": _colonnes_json(version, typed),
                "nb_lignes": nombre,
                "table": cle,
                "validation": rapport,
                "conforme": bool(rapport.get("valide")),
                "lignes_ajoutees": ajoutees,
                "lignes_retirees": retirees,
            },
        )
        progress_finish(
            result_url=_version_url(version),
            result_text=f"Version publiée : {nombre} lignes.",
        )
    return version


def _message_report(exc: Exception) -> dict:
    return {"schema": "", "valide": False, "message": str(exc), "erreurs": [], "total": 0}


def _version_url(version: VersionRessource) -> str:
    from django.urls import reverse

    return reverse("opendata:mes_jeux_ressource", kwargs={"ressource_id": version.ressource_id})
