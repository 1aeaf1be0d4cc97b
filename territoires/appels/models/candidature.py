"""A candidature to a call, its answers, and the jury's scores."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition

from territoires.aides.models import Dossier
from territoires.aides.models.common import StatutReloadMixin
from territoires.comptes.models import Organisation
from territoires.core.models import Document
from territoires.core.workflow import condition

from .appel import Appel, Critere, Question


@condition(
    "La date limite de l'appel est passée : la candidature ne peut plus être déposée. "
    "Votre brouillon reste enregistré."
)
def avant_date_limite(candidature) -> bool:
    return candidature.appel.est_ouvert(timezone.now())


@condition("La sélection se fait une fois la date limite passée.")
def apres_date_limite(candidature) -> bool:
    return timezone.now() >= candidature.appel.date_limite


class Candidature(StatutReloadMixin, models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        DEPOSEE = "deposee", "Déposée"
        RETENUE = "retenue", "Retenue"
        NON_RETENUE = "non_retenue", "Non retenue"

    TONS = {
        Statut.BROUILLON: "neutral",
        Statut.DEPOSEE: "info",
        Statut.RETENUE: "success",
        Statut.NON_RETENUE: "warning",
    }

    appel = models.ForeignKey(Appel, on_delete=models.PROTECT, related_name="candidatures")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation candidate",
        on_delete=models.PROTECT,
        related_name="candidatures_appels",
    )
    titre = models.CharField("titre du projet", max_length=200)
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creee_le = models.DateTimeField(auto_now_add=True)
    modifiee_le = models.DateTimeField(auto_now=True)
    deposee_le = models.DateTimeField("déposée le", null=True, blank=True)
    statut = FSMField(
        max_length=12, choices=Statut.choices, default=Statut.BROUILLON, protected=True
    )
    commentaire_deliberation = models.TextField("commentaire de délibération", blank=True)
    motifs = models.TextField("motifs de la décision", blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    dossier = models.OneToOneField(
        Dossier,
        verbose_name="dossier d'aide",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidature_appel",
    )

    class Meta:
        ordering = ["appel", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appel", "organisation"], name="candidature_une_par_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.titre} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("appels:candidature", args=[self.pk])

    @property
    def journal_organisation(self) -> Organisation:
        return self.organisation

    @property
    def tone(self) -> str:
        return self.TONS.get(self.statut, "neutral")

    @property
    def est_decidee(self) -> bool:
        return self.statut in (self.Statut.RETENUE, self.Statut.NON_RETENUE)

    def document_visible_par(self, user) -> bool:
        """The candidate's members, the service and the jury read the attached documents."""
        return user.has_perm("appels.view_candidature", self)

    @transition(
        field=statut,
        source=Statut.BROUILLON,
        target=Statut.DEPOSEE,
        conditions=[avant_date_limite],
        custom={"label": "Déposer la candidature"},
    )
    def deposer(self):
        self.deposee_le = timezone.now()

    @transition(
        field=statut,
        source=Statut.DEPOSEE,
        target=Statut.RETENUE,
        conditions=[apres_date_limite],
        custom={"label": "Retenir"},
    )
    def retenir(self):
        self.decidee_le = timezone.now()

    @transition(
        field=statut,
        source=Statut.DEPOSEE,
        target=Statut.NON_RETENUE,
        conditions=[apres_date_limite],
        custom={"label": "Ne pas retenir"},
    )
    def ne_pas_retenir(self):
        self.decidee_le = timezone.now()


class Reponse(models.Model):
    """The answer to one question: text (or a choice), an amount or a document."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="reponses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="reponses")
    texte = models.TextField(blank=True)
    montant = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question__ordre", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidature", "question"], name="reponse_une_par_question"
            )
        ]

    def __str__(self) -> str:
        return f"Réponse à « {self.question} »"

    def est_remplie(self) -> bool:
        return bool(self.texte.strip()) or self.montant is not None or self.document_id is not None


class Note(models.Model):
    """One jury member's score of one candidature (one value per criterion)."""

    candidature = models.ForeignKey(Candidature, on_delete=models.CASCADE, related_name="notes")
    membre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="membre du jury",
        on_delete=models.PROTECT,
        related_name="notes_appels",
    )
    commentaire = models.TextField(blank=True)
    donnee_le = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidature", "donnee_le"]
        constraints = [
            models.UniqueConstraint(fields=["candidature", "membre"], name="note_une_par_membre")
        ]

    def __str__(self) -> str:
        return f"Note de {self.membre} sur « {self.candidature.titre} »"


class NoteCritere(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="valeurs")
    critere = models.ForeignKey(Critere, on_delete=models.PROTECT, related_name="+")
    valeur = models.DecimalField(max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["critere__ordre", "critere__pk"]
        constraints = [
            models.UniqueConstraint(fields=["note", "critere"], name="note_critere_unique")
        ]

    def __str__(self) -> str:
        return f"{self.critere.libelle} : {self.valeur}"
