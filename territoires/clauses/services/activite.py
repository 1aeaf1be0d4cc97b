"""The facilitator's activity: site meetings and support agreements."""

import datetime

from django.db import transaction

from territoires.core.journal import journal_record
from territoires.core.models import Evenement

from ..models import (
    ConventionAccompagnement,
    DemandeAccompagnement,
    DonneurOrdre,
    Marche,
    Reunion,
)


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


@transaction.atomic
def demande_create(
    *,
    donneur_ordre: DonneurOrdre,
    date_reception: datetime.date,
    nature: str,
    objet: str,
    suite: str = DemandeAccompagnement.Suite.A_TRAITER,
    suite_precisions: str = "",
    actor,
) -> DemandeAccompagnement:
    """Record a request for support received from a buyer (journalled)."""
    demande = DemandeAccompagnement.objects.create(
        donneur_ordre=donneur_ordre,
        date_reception=date_reception,
        nature=nature,
        objet=objet,
        suite=suite,
        suite_precisions=suite_precisions,
    )
    journal_record(
        obj=demande, actor=actor, action=Evenement.Action.CREATION, description=str(demande)
    )
    return demande


@transaction.atomic
def demande_suite_update(
    *, demande: DemandeAccompagnement, suite: str, suite_precisions: str, actor
) -> DemandeAccompagnement:
    """Set what became of a request (journalled with the old and new outcome)."""
    # The stored outcome (a bound ModelForm has already changed the instance in memory).
    avant = DemandeAccompagnement.objects.select_for_update().get(pk=demande.pk)
    avant = avant.get_suite_display()
    demande.suite, demande.suite_precisions = suite, suite_precisions
    demande.save(update_fields=["suite", "suite_precisions"])
    journal_record(
        obj=demande,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Suite donnée : {avant} → {demande.get_suite_display()}",
    )
    return demande
