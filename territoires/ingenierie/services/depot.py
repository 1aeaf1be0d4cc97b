"""Filing a request (by the collectivité online, or by the mission for a call or a visit)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.comptes.models import Organisation
from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify

from ..models import Sollicitation
from ..selectors import mission_managers, sector_advisor_get
from .shared import CATEGORIE


def _epci_of(organisation: Organisation):
    if organisation.epci_id:
        return organisation.epci
    if organisation.commune_id:
        return organisation.commune.epci
    return None


@transaction.atomic
def sollicitation_create(
    *,
    organisation: Organisation,
    sujet: str,
    description: str,
    domaine,
    nature,
    communes: Iterable = (),
    echeance_souhaitee: datetime.date | None = None,
    canal: str = Sollicitation.Canal.EN_LIGNE,
    saisie_par=None,
    fichiers: Iterable = (),
    deposee_le: datetime.datetime | None = None,
) -> Sollicitation:
    if not organisation.est_collectivite:
        raise ValidationError("Seule une commune ou une intercommunalité dépose une sollicitation.")
    now = deposee_le or timezone.now()
    sollicitation = Sollicitation.objects.create(
        organisation=organisation,
        epci=_epci_of(organisation),
        sujet=sujet.strip(),
        description=description.strip(),
        domaine=domaine,
        nature=nature,
        echeance_souhaitee=echeance_souhaitee,
        canal=canal,
        saisie_par=saisie_par,
        deposee_le=now,
        derniere_activite_le=now,
    )
    sollicitation.numero = f"ING-{now:%Y}-{sollicitation.pk:05d}"
    # The advisor of the territory's sector is named referent; he takes it in charge.
    sollicitation.referent = sector_advisor_get(sollicitation.epci_id)
    sollicitation.save(update_fields=["numero", "referent"])
    communes = list(communes)
    if not communes and organisation.commune_id:
        communes = [organisation.commune]
    sollicitation.communes.set(communes)
    for fichier in fichiers:
        document_upload(
            file=fichier,
            owner_organisation=organisation,
            uploaded_by=saisie_par,
            attached_to=sollicitation,
        )
    canal_label = sollicitation.get_canal_display().lower()
    journal_record(
        obj=sollicitation,
        actor=saisie_par,
        action=Evenement.Action.CREATION,
        description=f"Sollicitation reçue ({canal_label})",
    )
    if sollicitation.referent is not None:
        notify(
            users=[sollicitation.referent],
            title=f"Nouvelle sollicitation de votre secteur : {sollicitation.sujet}",
            body=f"{organisation} sollicite l'ingénierie ({sollicitation.domaine}). Conseiller "
            "du secteur, vous êtes nommé référent : prenez-la en charge depuis sa page.",
            url=sollicitation.get_absolute_url(),
            category=CATEGORIE,
        )
    notify(
        users=[u for u in mission_managers() if u != sollicitation.referent],
        title=f"Nouvelle sollicitation : {sollicitation.sujet}",
        body=f"{organisation} sollicite l'ingénierie ({sollicitation.domaine}).",
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation
