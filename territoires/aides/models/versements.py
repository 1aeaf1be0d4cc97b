"""Payments of a granted subsidy: advance, instalments, balance.

A request is born « nouveau » in memory, then its transitions are journaled by
`core.workflow.transition_apply`: `demander` (the applicant; guarded by the dossier's state and
by no other pending request), then `payer` or `rejeter` (finance).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from territoires.core.workflow import condition

from ..formats import euros
from .common import ZERO, StatutReloadMixin, permission
from .dossier import Dossier


@condition("Un versement se demande une fois la subvention attribuée.")
def subvention_attribuee(versement) -> bool:
    return versement.dossier.statut in Dossier.STATUTS_A_PAYER


@condition("Une demande de versement est déjà en cours de traitement.")
def aucune_demande_en_cours(versement) -> bool:
    pending = versement.dossier.versements.filter(statut=Versement.Statut.DEMANDE)
    if versement.pk is not None:
        pending = pending.exclude(pk=versement.pk)
    return not pending.exists()


class Versement(StatutReloadMixin, models.Model):
    class Type(models.TextChoices):
        AVANCE = "avance", "Avance"
        ACOMPTE = "acompte", "Acompte"
        SOLDE = "solde", "Solde"

    class Statut(models.TextChoices):
        NOUVEAU = "nouveau", "Nouveau"
        DEMANDE = "demande", "Demandé"
        PAYE = "paye", "Payé"
        REJETE = "rejete", "Rejeté"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versements")
    type = models.CharField(max_length=10, choices=Type.choices)
    depenses_justifiees = models.DecimalField(
        "dépenses réalisées HT justifiées", max_digits=12, decimal_places=2, default=ZERO
    )
    montant_demande = models.DecimalField("montant demandé", max_digits=12, decimal_places=2)
    montant_verse = models.DecimalField(
        "montant versé", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # A row is saved by `demander` (or created already requested by loaders and tests).
    statut = FSMField(max_length=10, choices=Statut.choices, default=Statut.DEMANDE, protected=True)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    demande_le = models.DateTimeField(default=timezone.now)
    paye_le = models.DateField("payé le", null=True, blank=True)
    motif_rejet = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["demande_le"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} de {euros(self.montant_demande)}"

    @property
    def libelle_paye(self) -> str:
        """« Avance payée », « Acompte payé », « Solde payé »: the participle agrees."""
        accord = "e" if self.type == self.Type.AVANCE else ""
        return f"{self.get_type_display()} payé{accord}"

    @classmethod
    def en_attente_des_finances(cls):
        """The requests finance has to handle, oldest first: filed, neither paid nor rejected,
        of a dossier still to be paid (a balanced, lapsed or closed dossier waits for nothing)."""
        return (
            cls.objects.filter(
                statut=cls.Statut.DEMANDE, dossier__statut__in=Dossier.STATUTS_A_PAYER
            )
            .select_related("dossier__organisation")
            .order_by("demande_le", "pk")
        )

    @classmethod
    def nouveau(cls, *, dossier: Dossier, **fields) -> "Versement":
        """A request not filed yet (in memory): its `demander` transition says whether the
        dossier accepts one now."""
        return cls(dossier=dossier, statut=cls.Statut.NOUVEAU, **fields)

    @property
    def organisation_id(self):
        return self.dossier.organisation_id

    def document_visible_par(self, user) -> bool:
        return user.has_perm("aides.view_dossier", self.dossier)

    # --- transitions -------------------------------------------------------------------------

    @transition(
        field=statut,
        source=Statut.NOUVEAU,
        target=Statut.DEMANDE,
        permission=permission("aides.demander_versement"),
        conditions=[subvention_attribuee, aucune_demande_en_cours],
        custom={"label": "Demander le versement"},
    )
    def demander(self):
        self.demande_le = timezone.now()

    @transition(
        field=statut,
        source=Statut.DEMANDE,
        target=Statut.PAYE,
        permission=permission("aides.payer_dossier"),
        custom={"label": "Payer"},
    )
    def payer(self, *, date: datetime.date):
        self.montant_verse = self.montant_demande
        self.paye_le = date

    @transition(
        field=statut,
        source=Statut.DEMANDE,
        target=Statut.REJETE,
        permission=permission("aides.payer_dossier"),
        custom={"label": "Rejeter la demande"},
    )
    def rejeter(self, *, motif: str):
        self.motif_rejet = motif
