"""Réalisations of the winning projets: public follow-up, photos, milestones (jalons)."""

from django.core.exceptions import ValidationError
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from .idees import Projet


class Realisation(FSMModelMixin, models.Model):
    """The works of a winning projet, followed publicly until they are finished.

    `statut` changes only by its transitions (`core.workflow.transition_apply`, journalised):
    lancer, terminer (at once for a small projet), abandonner, reprendre.
    """

    class Statut(models.TextChoices):
        A_LANCER = "a_lancer", "À lancer"
        EN_COURS = "en_cours", "En cours"
        TERMINEE = "terminee", "Terminée"
        ABANDONNEE = "abandonnee", "Abandonnée"

    projet = models.OneToOneField(Projet, on_delete=models.CASCADE, related_name="realisation")
    statut = FSMField(
        max_length=12, choices=Statut.choices, default=Statut.A_LANCER, protected=True
    )
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0)
    budget_depense = models.DecimalField(
        "budget dépensé (€)", max_digits=12, decimal_places=2, default=0
    )
    commentaire = models.TextField("point d'étape public", blank=True)
    mis_a_jour_le = models.DateTimeField(auto_now=True)

    def document_visible_par(self, user) -> bool:
        """Photos of the progress are public, as the follow-up page is."""
        return True

    def clean(self):
        if self.avancement > 100:
            raise ValidationError({"avancement": "L'avancement ne peut dépasser 100 %."})

    def __str__(self) -> str:  # noqa: DJ012
        return str(self.projet)

    @transition(
        field=statut,
        source=Statut.A_LANCER,
        target=Statut.EN_COURS,
        permission="participation.gerer_realisation",
        custom={"label": "Lancer les travaux"},
    )
    def lancer(self):
        pass

    @transition(
        field=statut,
        source=[Statut.A_LANCER, Statut.EN_COURS],
        target=Statut.TERMINEE,
        permission="participation.gerer_realisation",
        custom={"label": "Terminer"},
    )
    def terminer(self):
        pass

    @transition(
        field=statut,
        source=[Statut.A_LANCER, Statut.EN_COURS],
        target=Statut.ABANDONNEE,
        permission="participation.gerer_realisation",
        custom={"label": "Abandonner"},
    )
    def abandonner(self):
        pass

    @transition(
        field=statut,
        source=[Statut.TERMINEE, Statut.ABANDONNEE],
        target=Statut.EN_COURS,
        permission="participation.gerer_realisation",
        custom={"label": "Reprendre les travaux"},
    )
    def reprendre(self):
        pass


class PhotoRealisation(models.Model):
    """A public photo of the progress of a réalisation, with its alternative text."""

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="photos")
    document = models.OneToOneField("core.Document", on_delete=models.PROTECT, related_name="+")
    texte_alternatif = models.CharField(
        "texte alternatif",
        max_length=250,
        help_text="Ce que montre la photo, pour qui ne la voit pas (lu par les lecteurs d'écran).",
    )
    legende = models.CharField("légende", max_length=250, blank=True)
    ajoutee_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ajoutee_le", "-pk"]

    def __str__(self) -> str:
        return str(self.texte_alternatif)


class Jalon(models.Model):
    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="jalons")
    libelle = models.CharField("libellé", max_length=200)
    date_prevue = models.DateField("date prévue")
    atteint_le = models.DateField("atteint le", null=True, blank=True)

    class Meta:
        ordering = ["date_prevue", "pk"]

    def __str__(self) -> str:
        return str(self.libelle)
