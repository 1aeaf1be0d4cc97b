"""The applicant's side: create and edit a draft, attach documents, file it (or send the
requested documents back)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.documents import document_upload
from territoires.core.journal import journal_record, track_changes
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from .. import eligibilite
from ..models import (
    DemandeComplement,
    Dossier,
    LigneDepense,
    LigneFinancement,
    pieces_manquantes,
)
from .calendrier import dossier_place
from .common import dossier_instructors, dossier_lock
from .numerotation import numero_allocate


class DossierRefuse(ValidationError):
    """The filing checks refused the dossier; `verdicts` says every reason."""

    def __init__(self, verdicts):
        self.verdicts = verdicts
        super().__init__([v.message for v in eligibilite.refus(verdicts)])


class PiecesManquantes(ValidationError):
    """A required piece is missing or sent back « à corriger »: `pieces` lists them."""

    def __init__(self, pieces: list[str]):
        self.pieces = pieces
        super().__init__(
            "Le dossier n'a pas été déposé : des pièces obligatoires manquent ou sont à "
            "corriger — %(liste)s.",
            params={"liste": " ; ".join(pieces)},
        )


def _replace_lines(dossier, depenses, financements):
    if depenses is not None:
        dossier.depenses.all().delete()
        LigneDepense.objects.bulk_create(
            LigneDepense(dossier=dossier, libelle=d["libelle"], montant_ht=d["montant_ht"])
            for d in depenses
            if d.get("libelle")
        )
    if financements is not None:
        dossier.financements.all().delete()
        LigneFinancement.objects.bulk_create(
            LigneFinancement(
                dossier=dossier,
                financeur=f["financeur"],
                montant=f["montant"],
                statut=f.get("statut") or LigneFinancement.Statut.SOLLICITE,
            )
            for f in financements
            if f.get("financeur")
        )


@transaction.atomic
def dossier_create(
    *,
    organisation,
    dispositif,
    actor,
    data: dict,
    communes=(),
    depenses: list[dict] | None = None,
    financements: list[dict] | None = None,
) -> Dossier:
    if not actor.has_perm("aides.add_dossier"):
        raise PermissionDenied
    dossier = Dossier(organisation=organisation, dispositif=dispositif, **data)
    if not dossier.siret_beneficiaire and organisation.siret:
        dossier.siret_beneficiaire = organisation.siret
    dossier.full_clean(exclude=["numero", "statut"])
    dossier._history_user = actor
    dossier.save()
    dossier.communes.set(communes or ([organisation.commune] if organisation.commune_id else []))
    _replace_lines(dossier, depenses, financements)
    journal_record(
        obj=dossier, actor=actor, action=Evenement.Action.CREATION, description="Brouillon créé"
    )
    return dossier


@transaction.atomic
def dossier_update(
    *,
    dossier: Dossier,
    actor,
    version: int | None,
    data: dict,
    communes=None,
    depenses: list[dict] | None = None,
    financements: list[dict] | None = None,
) -> Dossier:
    dossier = dossier_lock(dossier, version)
    if not actor.has_perm("aides.change_dossier", dossier):
        raise PermissionDenied("Ce dossier n'est plus modifiable.")
    with track_changes(dossier, actor=actor, fields=list(data.keys())):
        for key, value in data.items():
            setattr(dossier, key, value)
        dossier.full_clean(exclude=["numero", "statut"])
        dossier._history_user = actor
        dossier.save()
    if communes is not None:
        dossier.communes.set(communes)
    _replace_lines(dossier, depenses, financements)
    return dossier


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor, date: datetime.date | None = None) -> Dossier:
    """File the dossier: run every check, number it and place it in its session."""
    dossier = dossier_lock(dossier, None)
    today = date or timezone.localdate()
    manquantes = pieces_manquantes(dossier)
    if manquantes:
        raise PiecesManquantes(manquantes)
    verdicts = eligibilite.controles_depot(dossier, date=today)
    if eligibilite.refus(verdicts):
        raise DossierRefuse(verdicts)
    if dossier.statut == Dossier.Statut.BROUILLON:
        dossier.numero = numero_allocate(annee=today.year)
        # Filed with every required piece: complete today, placed by today.
        dossier_place(dossier=dossier, date=today)
        transition_apply(
            obj=dossier,
            transition="deposer",
            actor=actor,
            reason=" ; ".join(v.message for v in verdicts),
        )
        if date is not None:
            Dossier.objects.filter(pk=dossier.pk).update(
                depose_le=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
            )
    else:
        # Complete on the day the complements arrive: the session follows that day.
        avant = dossier.session
        apres = dossier_place(dossier=dossier, date=today)
        transition_apply(
            obj=dossier,
            transition="completer",
            actor=actor,
            reason=(
                f"Complet le {today:%d/%m/%Y} : replacé de {avant} à {apres}"
                if avant != apres and apres is not None
                else ""
            ),
        )
        DemandeComplement.objects.filter(dossier=dossier, repondu_le__isnull=True).update(
            repondu_le=timezone.now()
        )
    notify(
        users=dossier_instructors(dossier),
        title=f"Dossier {dossier.numero} déposé",
        body=f"{dossier.organisation} : {dossier.intitule}",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return dossier


@transaction.atomic
def dossier_document_add(*, dossier: Dossier, actor, fichier):
    return document_upload(
        file=fichier,
        owner_organisation=dossier.organisation,
        uploaded_by=actor,
        attached_to=dossier,
    )


@transaction.atomic
def dossier_draft_prepare(*, organisation, dispositif, actor, data: dict, origine: str) -> Dossier:
    """A draft prepared by the Département for `organisation` (a candidature selected by a
    call for projects): nothing is retyped, the organisation completes and files it.

    Unlike `dossier_create`, the actor is the Département's staff who prepares it, and the
    organisation may be an association or a company; `origine` says where it comes from in
    the journal.
    """
    dossier = Dossier(organisation=organisation, dispositif=dispositif, **data)
    if not dossier.siret_beneficiaire and organisation.siret:
        dossier.siret_beneficiaire = organisation.siret
    dossier.full_clean(exclude=["numero", "statut"])
    dossier._history_user = actor
    dossier.save()
    if organisation.commune_id:
        dossier.communes.set([organisation.commune])
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Brouillon préparé à partir de {origine}",
    )
    return dossier
