"""The documents a scheme asks for, by type (configuration), and the dossier's slot for each.

`TypePiece` is configuration: a scheme declares its pieces (délibération, devis, RIB…),
required or not, with a short help. `PieceDossier` is the current file of one type on one
dossier: replaced while the dossier is open (the former file stays attached to the dossier),
checked by the instructor, who may send it back « à corriger » with a reason.
"""

from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from territoires.core.models import Document

from .common import StatutReloadMixin
from .dispositifs import Dispositif
from .dossier import Dossier


def _dossier_permission(perm: str):
    """A transition permission checked on the piece's dossier (the rules read the dossier)."""

    def check(instance, user) -> bool:
        return user.has_perm(perm, instance.dossier)

    return check


class TypePiece(models.Model):
    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="types_pieces"
    )
    code = models.SlugField(max_length=40)
    libelle = models.CharField("libellé", max_length=120)
    obligatoire = models.BooleanField(default=True)
    aide = models.CharField(
        "aide",
        max_length=255,
        blank=True,
        help_text="Ce que la pièce doit contenir, en une phrase.",
    )
    ordre = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "type de pièce"
        verbose_name_plural = "types de pièces"
        ordering = ["dispositif", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="aides_type_piece_unique")
        ]

    def __str__(self) -> str:
        return self.libelle


class PieceDossier(StatutReloadMixin, models.Model):
    class Statut(models.TextChoices):
        A_VERIFIER = "a_verifier", "À vérifier"
        CONFORME = "conforme", "Conforme"
        A_CORRIGER = "a_corriger", "À corriger"

    TONES = {"a_verifier": "info", "conforme": "success", "a_corriger": "warning"}

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pieces")
    type = models.ForeignKey(TypePiece, on_delete=models.PROTECT, related_name="pieces")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    statut = FSMField(default=Statut.A_VERIFIER, choices=Statut.choices, protected=True)
    motif = models.TextField("motif de la correction demandée", blank=True)
    depose_le = models.DateTimeField("déposée le", default=timezone.now)

    # Every former file of the slot stays readable (versions listed on the dossier's page).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "pièce du dossier"
        verbose_name_plural = "pièces du dossier"
        ordering = ["type__ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "type"], name="aides_piece_par_type")
        ]

    def __str__(self) -> str:
        return f"{self.type} — {self.dossier}"

    @property
    def organisation(self):
        return self.dossier.organisation

    @property
    def tone(self) -> str:
        return self.TONES.get(self.statut, "neutral")

    @transition(
        field=statut,
        source=[Statut.A_VERIFIER, Statut.CONFORME, Statut.A_CORRIGER],
        target=Statut.A_VERIFIER,
        permission=_dossier_permission("aides.deposer_piece"),
        custom={"label": "Remplacer la pièce"},
    )
    def remplacer(self, *, document: Document):
        self.document = document
        self.depose_le = timezone.now()
        self.motif = ""

    @transition(
        field=statut,
        source=[Statut.A_VERIFIER, Statut.A_CORRIGER],
        target=Statut.CONFORME,
        permission=_dossier_permission("aides.verifier_piece"),
        custom={"label": "Déclarer conforme"},
    )
    def valider(self):
        self.motif = ""

    @transition(
        field=statut,
        source=[Statut.A_VERIFIER, Statut.CONFORME],
        target=Statut.A_CORRIGER,
        permission=_dossier_permission("aides.verifier_piece"),
        custom={"label": "Demander une correction"},
    )
    def marquer_a_corriger(self, *, motif: str):
        self.motif = motif
