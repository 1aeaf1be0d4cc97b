"""Reads of the agency model shared by views, forms and services."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from territoires.comptes.models import Organisation

from ..models import ConfigurationIngenierie, Sollicitation
from .models import Adhesion, BaremeAdhesion, Devis, Facture, PrestationRealisee


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


def agence_pour_territoire(codes, *, epci_siren: str = "", organisation_ids=None) -> dict:
    """The agency's work with the organisations of a territory (pilotage): the communes `codes`
    (INSEE) and the EPCI `epci_siren` when given. Three queries (four with an EPCI).

    `{"adhesions": [dict], "prestations": [dict]}`: each membership year of each organisation
    (`organisation`, `annee`, `statut`, `statut_libelle`, `montant`), newest first, and the
    services delivered by organisation and year (`organisation`, `annee`, `nombre`,
    `montant_ht`). A membership is a public deliberation: outside `organisation_ids` (None:
    every organisation) only the paid memberships are listed, without their amount, and no
    service delivered (the amounts invoiced are not public).
    """
    # Indexed reads of the territory's organisations first (an OR across the joins of the
    # commune and of the EPCI would scan every organisation of the country).
    organisations = set(
        Organisation.objects.filter(commune__code__in=list(codes)).values_list("pk", flat=True)
    )
    if epci_siren:
        organisations |= set(
            Organisation.objects.filter(epci__siren=epci_siren).values_list("pk", flat=True)
        )
    adhesions = []
    for adhesion in (
        Adhesion.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("-annee", "organisation__nom", "pk")
    ):
        detail = organisation_ids is None or adhesion.organisation_id in organisation_ids
        if not detail and adhesion.statut != Adhesion.Statut.PAYEE:
            continue
        adhesions.append(
            {
                "organisation": adhesion.organisation.nom,
                "annee": adhesion.annee,
                "statut": adhesion.statut,
                "statut_libelle": adhesion.get_statut_display(),
                "montant": adhesion.montant if detail else None,
            }
        )
    realisees = PrestationRealisee.objects.filter(
        ligne__devis__sollicitation__organisation__in=organisations
    )
    if organisation_ids is not None:
        realisees = realisees.filter(
            ligne__devis__sollicitation__organisation_id__in=organisation_ids
        )
    prestations = [
        {"organisation": nom, "annee": annee, "nombre": nombre, "montant_ht": montant}
        for nom, annee, nombre, montant in realisees.annotate(annee=ExtractYear("date"))
        .values_list("ligne__devis__sollicitation__organisation__nom", "annee")
        .annotate(nombre=Count("pk"), montant=Sum("montant_ht"))
        .order_by("-annee", "ligne__devis__sollicitation__organisation__nom")
    ]
    return {"adhesions": adhesions, "prestations": prestations}
