"""DECP files: launched in the background, pre-fill the followed buyers' marchés; a buyer
listed as not followed may be followed."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django_tasks.base import Task

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.task_tracking import task_launch

from .. import decp
from ..decp import MarcheDecp
from ..models import DonneurOrdre, ImportDecp, Marche


@dataclass
class ResultatDecp:
    lus: int = 0
    crees: list[Marche] = field(default_factory=list)
    completes: list[Marche] = field(default_factory=list)
    non_suivis: list[MarcheDecp] = field(default_factory=list)


def decp_launch(*, task: Task, fichier: File, user, organisation) -> ImportDecp:
    """Store the uploaded DECP file (core documents) and read it in a background task.

    `task` is `tasks.clauses_decp_task`, given by the caller: tasks call services, never the
    reverse (no import cycle).
    """
    with transaction.atomic():
        doc = document_upload(
            file=fichier, owner_organisation=organisation, uploaded_by=user, allowed_types=("json",)
        )
        import_ = ImportDecp.objects.create(fichier=doc, cree_par=user)
        suivi = task_launch(
            task=task,
            owner=user,
            label=f"Lecture des DECP « {doc.nom_original} »",
            import_id=import_.pk,
        )
        ImportDecp.objects.filter(pk=import_.pk).update(tache=suivi)
    import_.refresh_from_db()
    return import_


def decp_run(*, import_: ImportDecp, on_progress=None) -> ImportDecp:
    """Run the same reading as `territoires clauses import-decp` on a stored file."""
    try:
        with import_.fichier.fichier.open("rb") as f:
            marches = decp.marches_read(f)
        resultat = decp_apply(marches, on_progress=on_progress)
    except decp.DecpIllisible as exc:
        import_.statut = ImportDecp.Statut.REFUSE
        import_.erreur = str(exc)
    else:
        import_.statut = ImportDecp.Statut.IMPORTE
        import_.resultat = {
            "lus": resultat.lus,
            "crees": [m.pk for m in resultat.crees],
            "completes": [m.pk for m in resultat.completes],
            "non_suivis": [decp.marche_as_dict(m) for m in resultat.non_suivis],
        }
    import_.save(update_fields=["statut", "erreur", "resultat"])
    journal_record(
        obj=import_,
        actor=import_.cree_par,
        action=Evenement.Action.AUTRE,
        description=f"Lecture DECP : {import_.get_statut_display().lower()}",
    )
    return import_


@transaction.atomic
def donneur_ordre_follow(
    *, import_: ImportDecp, siret: str, nom: str, categorie: str, actor
) -> tuple[DonneurOrdre, list[Marche]]:
    """Start following a buyer listed as not followed: its « Clause sociale » marchés of the
    file become marchés of the module (already there: left as they are)."""
    enregistrements = [
        decp.marche_from_dict(d)
        for d in import_.resultat.get("non_suivis", [])
        if d["acheteur_siret"] == siret
    ]
    if not enregistrements:
        raise ValidationError("Cet acheteur n'est pas dans la liste des marchés non suivis.")
    donneur = DonneurOrdre.objects.filter(siret=siret).first()
    if donneur is None:
        donneur = DonneurOrdre(siret=siret, nom=nom, categorie=categorie, suivi=True)
        donneur.full_clean()
        donneur.save()
        journal_record(
            obj=donneur, actor=actor, action=Evenement.Action.CREATION, description=str(donneur)
        )
    elif not donneur.suivi:
        donneur.suivi = True
        donneur.save(update_fields=["suivi"])
        journal_record(
            obj=donneur,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description="Suivi par la facilitatrice",
        )
    crees = []
    for m in enregistrements:
        if not Marche.objects.filter(donneur_ordre=donneur, reference=m.id).exists():
            marche = marche_create_from_decp(donneur=donneur, m=m)
            journal_record(
                obj=marche,
                actor=actor,
                action=Evenement.Action.CREATION,
                description="Créé depuis les DECP",
            )
            crees.append(marche)
    return donneur, crees


def decp_apply(marches: list[MarcheDecp], *, on_progress=None) -> ResultatDecp:
    """Pre-fill the followed buyers' marchés; idempotent (a second run changes nothing).

    Written by chunks of 500 records (each in its transaction, a record's pre-fill being
    idempotent), so that the progress of a large file is visible while it runs.
    """
    resultat = ResultatDecp(lus=len(marches))
    suivis = {
        d.siret: d
        for d in DonneurOrdre.objects.filter(
            suivi=True, siret__in={m.acheteur_siret for m in marches}
        )
    }
    for debut in range(0, len(marches), 500):
        with transaction.atomic():
            for m in marches[debut : debut + 500]:
                _decp_marche_apply(m, suivis, resultat)
        if on_progress:
            on_progress(min(debut + 500, len(marches)), len(marches))
    return resultat


def _decp_marche_apply(m: MarcheDecp, suivis: dict, resultat: ResultatDecp) -> None:
    donneur = suivis.get(m.acheteur_siret)
    if donneur is None:
        if m.clause_sociale:
            resultat.non_suivis.append(m)
        return
    marche = Marche.objects.filter(donneur_ordre=donneur, reference=m.id).first()
    if marche is None:
        resultat.crees.append(marche_create_from_decp(donneur=donneur, m=m))
        return
    # Pre-fill only what the facilitator left empty.
    changes = []
    for attr, value in (
        ("date_notification", m.date_notification),
        ("montant", m.montant),
        ("cpv", m.cpv),
        ("duree_mois", m.duree_mois),
        ("decp_uid", m.uid),
    ):
        if value not in (None, "") and getattr(marche, attr) in (None, ""):
            setattr(marche, attr, value)
            changes.append(attr)
    # A consideration the DECP declares is added; one the facilitator set is never removed.
    for attr in ("clause_environnementale", "critere_environnemental"):
        if getattr(m, attr) and not getattr(marche, attr):
            setattr(marche, attr, True)
            changes.append(attr)
    if changes:
        marche.save(update_fields=changes)
        resultat.completes.append(marche)


def marche_create_from_decp(*, donneur: DonneurOrdre, m: MarcheDecp) -> Marche:
    return Marche.objects.create(
        donneur_ordre=donneur,
        reference=m.id,
        objet=m.objet or m.id,
        date_notification=m.date_notification,
        montant=m.montant,
        cpv=m.cpv,
        duree_mois=m.duree_mois,
        decp_uid=m.uid,
        clause_environnementale=m.clause_environnementale,
        critere_environnemental=m.critere_environnemental,
    )
