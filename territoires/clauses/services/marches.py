"""The facilitator's work on a marché: steps, schedule, hours of the lots, their companies."""

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.journal import journal_record, track_changes
from territoires.core.models import Evenement
from territoires.core.workflow import transition_apply

from ..models import Attribution, Entreprise, HeuresMensuelles, Lot, Marche, heures_calculateur


def marche_advance(*, marche: Marche, transition: str, actor, reason: str = "") -> Marche:
    transition_apply(obj=marche, transition=transition, actor=actor, reason=reason)
    return marche


@transaction.atomic
def marche_schedule(*, marche: Marche, duree_mois: int, actor) -> Marche:
    with track_changes(marche, actor=actor, fields=["duree_mois"]):
        marche.duree_mois = duree_mois
        marche.save(update_fields=["duree_mois"])
    return marche


def marche_environnement_update(
    *, marche: Marche, clause_environnementale: bool, critere_environnemental: bool, actor
) -> Marche:
    """The environmental considerations of a marché, journaled."""
    champs = ["clause_environnementale", "critere_environnemental"]
    with track_changes(marche, actor=actor, fields=champs):
        marche.clause_environnementale = clause_environnementale
        marche.critere_environnemental = critere_environnemental
        marche.save(update_fields=champs)
    return marche


@transaction.atomic
def lot_calibrate(
    *, lot: Lot, montant, part_main_oeuvre_pct, taux_insertion_pct, cout_horaire, actor
) -> Lot:
    """Record the calculator's inputs and set the lot's hours to its result."""
    heures = heures_calculateur(
        montant=montant,
        part_main_oeuvre_pct=part_main_oeuvre_pct,
        taux_insertion_pct=taux_insertion_pct,
        cout_horaire=cout_horaire,
    )
    if heures is None:
        raise ValidationError("Renseignez les quatre valeurs du calcul (coût horaire non nul).")
    with track_changes(lot, actor=actor, reason="Calcul des heures prescrites"):
        lot.calcul_montant = montant
        lot.calcul_part_main_oeuvre_pct = part_main_oeuvre_pct
        lot.calcul_taux_insertion_pct = taux_insertion_pct
        lot.calcul_cout_horaire = cout_horaire
        lot.heures_prescrites = heures
        lot.save()
    return lot


@transaction.atomic
def attribution_save(*, lot: Lot, entreprise: Entreprise, role: str, actor) -> Attribution:
    """Add a company to a lot, or change its role (attributaire, co-traitant, sous-traitant)."""
    attribution, cree = Attribution.objects.get_or_create(
        lot=lot, entreprise=entreprise, defaults={"role": role}
    )
    if not cree and attribution.role != role:
        ancien = attribution.get_role_display()
        attribution.role = role
        attribution.save(update_fields=["role"])
        description = (
            f"{entreprise} : {ancien} → {attribution.get_role_display()} (lot {lot.numero})"
        )
    elif cree:
        description = f"{attribution} ajoutée au lot {lot.numero}"
    else:
        return attribution
    journal_record(
        obj=lot.marche, actor=actor, action=Evenement.Action.MODIFICATION, description=description
    )
    return attribution


@transaction.atomic
def attribution_remove(*, lot: Lot, entreprise: Entreprise, actor) -> None:
    """Remove a company from a lot; refused once it has hours on the lot."""
    if HeuresMensuelles.objects.filter(lot=lot, entreprise=entreprise).exists():
        raise ValidationError(
            f"{entreprise} a des heures sur le lot {lot.numero} : elle ne peut pas en être retirée."
        )
    supprimees, _ = Attribution.objects.filter(lot=lot, entreprise=entreprise).delete()
    if supprimees:
        journal_record(
            obj=lot.marche,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description=f"{entreprise} retirée du lot {lot.numero}",
        )
