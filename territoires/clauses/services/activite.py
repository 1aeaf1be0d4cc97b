"""The facilitator's activity: site meetings and support agreements."""

import datetime

from django.db import transaction

from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import ConventionAccompagnement, DonneurOrdre, Marche, Reunion


@transaction.atomic
def reunion_create(
    *, marche: Marche | None, type: str, date: datetime.date, compte_rendu: str, actor
) -> Reunion:
    reunion = Reunion.objects.create(marche=marche, type=type, date=date, compte_rendu=compte_rendu)
    journal_record(
        obj=marche or reunion,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"{reunion.get_type_display()} du {date:%d/%m/%Y}",
    )
    return reunion


@transaction.atomic
def convention_create(
    *, donneur_ordre: DonneurOrdre, objet: str, date_signature: datetime.date, actor
) -> ConventionAccompagnement:
    convention = ConventionAccompagnement.objects.create(
        donneur_ordre=donneur_ordre, objet=objet, date_signature=date_signature
    )
    journal_record(
        obj=convention, actor=actor, action=Evenement.Action.CREATION, description=str(convention)
    )
    return convention
