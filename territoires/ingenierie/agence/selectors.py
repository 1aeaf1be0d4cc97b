"""Reads of the agency model shared by views, forms and services."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from territoires.comptes.models import Organisation

from ..models import ConfigurationIngenierie, Sollicitation
from .models import Adhesion, BaremeAdhesion, Devis, Facture


def population_of(organisation: Organisation) -> int:
    if organisation.commune_id:
        return organisation.commune.population or 0
    if organisation.epci_id:
        return organisation.epci.population or 0
    return 0


def cotisation_for(*, organisation: Organisation, annee: int):
    """The fee of the scale row of this year whose population band holds the organisation."""
    population = population_of(organisation)
    bareme = (
        BaremeAdhesion.objects.filter(annee=annee, population_min__lte=population)
        .filter(Q(population_max__isnull=True) | Q(population_max__gte=population))
        .order_by("-population_min")
        .first()
    )
    if bareme is None:
        raise ValidationError(
            f"Aucun barème d'adhésion {annee} pour {population} habitants : complétez le barème."
        )
    return bareme.montant


def est_adherente(organisation: Organisation) -> bool:
    """True unless the instance reserves advice to this year's paying members."""
    config = ConfigurationIngenierie.courante()
    if not (config.activer_adhesions and config.reserver_conseil_aux_adherents):
        return True
    return Adhesion.objects.filter(
        organisation=organisation,
        annee=timezone.localdate().year,
        statut=Adhesion.Statut.PAYEE,
    ).exists()


def devis_for_sollicitation(sollicitation, *, user) -> QuerySet:
    """The quotes of a request `user` may read, with their lines and services delivered.

    A draft is the mission's work in progress: the collectivité sees sent quotes only.
    """
    devis = sollicitation.devis.prefetch_related("lignes__prestation", "lignes__realisations")
    if not user.has_perm("ingenierie.manage_agence"):
        devis = devis.exclude(statut=Devis.Statut.BROUILLON)
    return devis


def adhesions_list() -> QuerySet:
    """Memberships with what a row of the list shows (population of the commune or EPCI)."""
    return Adhesion.objects.select_related("organisation__commune", "organisation__epci")


def factures_list() -> QuerySet:
    return Facture.objects.select_related("organisation")


#: A request the mission took on (accepted at triage, whatever became of it since): the
#: agency's « projets suivis ». Redirected, declined, merged and still untriaged ones are not.
STATUTS_SUIVIS = ("en_cours", "en_attente", "terminee", "abandonnee")


def chiffres_agence(*, depuis: int, jusqu_a: int) -> dict:
    """The agency's figures over the years [depuis, jusqu_a] (inclusive), as the seeds say
    them (« depuis 3 ans : 622 projets suivis et 230 adhérents »). Three queries at most.

    - `projets_suivis`: requests filed in the period and accepted at triage (`STATUTS_SUIVIS`),
      the sum of those states in `ingenierie stats` on the same period;
    - `adherents`: distinct collectivités whose membership of a year of the period is paid
      (each counts once however many years), None when the instance has no agency model.
    """
    tz = timezone.get_current_timezone()
    debut = datetime.datetime(depuis, 1, 1, tzinfo=tz)
    fin = datetime.datetime(jusqu_a + 1, 1, 1, tzinfo=tz)
    projets = Sollicitation.objects.filter(
        deposee_le__gte=debut, deposee_le__lt=fin, statut__in=STATUTS_SUIVIS
    ).count()
    adherents = None
    if ConfigurationIngenierie.courante().activer_adhesions:
        adherents = (
            Adhesion.objects.filter(
                annee__gte=depuis, annee__lte=jusqu_a, statut=Adhesion.Statut.PAYEE
            )
            .values("organisation_id")
            .distinct()
            .count()
        )
    return {"projets_suivis": projets, "adherents": adherents}
