"""Every write of the agency model: memberships, quotes, services delivered, invoices."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.comptes.models import Organisation
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply
from territoires.ui.formats import nombre_fr

from ..models import Sollicitation
from ..services.shared import (
    CATEGORIE,
    activity_record,
    demandeurs_of,
    is_transition,
    staff_of,
)
from .models import (
    Adhesion,
    Devis,
    Facture,
    LigneDevis,
    Prestation,
    PrestationRealisee,
)
from .selectors import cotisation_for


@transaction.atomic
def adhesions_renew(*, annee: int, actor, organisations: Iterable | None = None) -> int:
    """Renewal campaign: a call for the fee to last year's members (or to `organisations`).

    Idempotent: an organisation already called this year is left as it is.
    """
    if organisations is None:
        ids = Adhesion.objects.filter(annee=annee - 1, statut=Adhesion.Statut.PAYEE).values(
            "organisation_id"
        )
        organisations = Organisation.objects.filter(pk__in=ids)
    organisations = list(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).select_related(
            "commune", "epci"
        )
    )
    deja = set(
        Adhesion.objects.filter(annee=annee, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    nouvelles = [
        Adhesion(organisation=o, annee=annee, montant=cotisation_for(organisation=o, annee=annee))
        for o in organisations
        if o.pk not in deja
    ]
    Adhesion.objects.bulk_create(nouvelles)
    for adhesion in Adhesion.objects.filter(
        annee=annee, organisation__in=[a.organisation for a in nouvelles]
    ):
        journal_record(
            obj=adhesion.organisation,
            actor=actor,
            action=Evenement.Action.CREATION,
            description=f"Appel de cotisation {annee} : {adhesion.montant} €",
        )
    return len(nouvelles)


@transaction.atomic
def adhesion_create(
    *, organisation: Organisation, annee: int, payee: bool = False, actor
) -> Adhesion:
    """A collectivité joins for `annee`; its fee is read from the scale by population band."""
    existante = Adhesion.objects.filter(organisation=organisation, annee=annee).first()
    if existante is not None:
        raise ValidationError(
            f"{organisation} a déjà une adhésion {annee} "
            f"({existante.get_statut_display().lower()}) : changez son statut dans la liste."
        )
    adhesion = Adhesion.objects.create(
        organisation=organisation,
        annee=annee,
        montant=cotisation_for(organisation=organisation, annee=annee),
        statut=Adhesion.Statut.PAYEE if payee else Adhesion.Statut.APPELEE,
    )
    journal_record(
        obj=organisation,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Adhésion {annee} à l'ingénierie : {adhesion.montant} € "
        f"({adhesion.get_statut_display().lower()})",
    )
    return adhesion


@transaction.atomic
def adhesion_transition_apply(*, adhesion: Adhesion, transition: str, actor) -> Adhesion:
    """Record a payment, a refusal or a new call of the fee (journaled)."""
    if not is_transition(adhesion, transition):
        raise ValidationError("Action inconnue.")
    transition_apply(obj=adhesion, transition=transition, actor=actor)
    return adhesion


@transaction.atomic
def devis_ligne_add(
    *, sollicitation: Sollicitation, prestation: Prestation, quantite, actor
) -> Devis:
    """Add a line to the request's draft quote (created on the first line)."""
    if quantite <= 0:
        raise ValidationError("La quantité doit être positive.")
    devis = sollicitation.devis.filter(statut=Devis.Statut.BROUILLON).first()
    if devis is None:
        devis = Devis.objects.create(sollicitation=sollicitation)
        devis.numero = f"DEV-{devis.cree_le:%Y}-{devis.pk:05d}"
        devis.save(update_fields=["numero"])
    LigneDevis.objects.create(
        devis=devis, prestation=prestation, quantite=quantite, prix_unitaire_ht=prestation.prix_ht
    )
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Devis {devis.numero} : {prestation} × {quantite}",
    )
    return devis


@transaction.atomic
def devis_transition_apply(*, devis: Devis, transition: str, actor) -> Devis:
    """Send a quote (the mission) or answer it (the collectivité); the other side is told."""
    if not is_transition(devis, transition):
        raise ValidationError("Action inconnue.")
    if transition == "accepter":
        devis.repondu_par = actor
    transition_apply(obj=devis, transition=transition, actor=actor)
    sollicitation = devis.sollicitation
    activity_record(sollicitation)
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Devis {devis.numero} : {devis.get_statut_display().lower()}",
    )
    if transition == "envoyer":
        users, title = demandeurs_of(sollicitation), f"Devis {devis.numero} à examiner"
    else:
        users = staff_of(sollicitation)
        title = f"Devis {devis.numero} {devis.get_statut_display().lower()} par la collectivité"
    notify(users=users, title=title, url=sollicitation.get_absolute_url(), category=CATEGORIE)
    return devis


@transaction.atomic
def prestation_realisee_add(
    *, ligne: LigneDevis, date: datetime.date, quantite, actor
) -> PrestationRealisee:
    if not ligne.devis.est_accepte:
        raise ValidationError("Seul un devis accepté donne lieu à des prestations.")
    deja = sum((r.quantite for r in ligne.realisations.all()), 0)
    if quantite <= 0 or deja + quantite > ligne.quantite:
        raise ValidationError(
            f"La quantité réalisée dépasserait celle du devis : {nombre_fr(ligne.quantite)} "
            f"au devis, {nombre_fr(deja)} déjà réalisée(s)."
        )
    realisee = PrestationRealisee.objects.create(
        ligne=ligne,
        date=date,
        quantite=quantite,
        montant_ht=(quantite * ligne.prix_unitaire_ht).quantize(ligne.prix_unitaire_ht),
        enregistree_par=actor,
    )
    activity_record(ligne.devis.sollicitation)
    return realisee


@transaction.atomic
def factures_issue(
    *, jusqu_au: datetime.date, actor, prestation: PrestationRealisee | None = None
) -> list[Facture]:
    """One invoice per organisation for the services delivered up to `jusqu_au` and not yet
    invoiced (per period), or for one `prestation` alone (per service). The rows are locked
    so that two clicks never invoice a service twice."""
    a_facturer = PrestationRealisee.objects.select_for_update().filter(facture__isnull=True)
    if prestation is not None:
        a_facturer = a_facturer.filter(pk=prestation.pk)
        jusqu_au = prestation.date
    a_facturer = list(
        a_facturer.filter(date__lte=jusqu_au)
        .select_related("ligne__devis__sollicitation")
        .order_by("pk")
    )
    par_organisation: dict[int, list[PrestationRealisee]] = {}
    for p in a_facturer:
        par_organisation.setdefault(p.ligne.devis.sollicitation.organisation_id, []).append(p)
    annee = jusqu_au.year
    dernier = (
        Facture.objects.filter(numero__startswith=f"FAC-{annee}-")
        .order_by("-numero")
        .values_list("numero", flat=True)
        .first()
    )
    suivant = int(dernier.rsplit("-", 1)[1]) + 1 if dernier else 1
    factures = []
    for organisation_id, prestations in sorted(par_organisation.items()):
        facture = Facture.objects.create(
            numero=f"FAC-{annee}-{suivant:05d}",
            organisation_id=organisation_id,
            periode_fin=jusqu_au,
            montant_ht=sum(p.montant_ht for p in prestations),
            emise_par=actor,
        )
        suivant += 1
        PrestationRealisee.objects.filter(pk__in=[p.pk for p in prestations]).update(
            facture=facture
        )
        journal_record(
            obj=facture, actor=actor, action=Evenement.Action.CREATION,
            organisation=facture.organisation,
        )  # fmt: skip
        factures.append(facture)
    return factures
