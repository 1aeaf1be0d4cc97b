"""The sollicitation (a request for engineering help), its states and its transitions; what
follows it up (actions, comments, notes, private documents, links) is in `suivi`.

Vocabulary (see docs/adr/0005-ingenierie-sollicitations.md): a *sollicitation* is a request,
never called a project; its *référent* is the one advisor who answers for it and receives its
reminders.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from territoires.comptes.models import Organisation
from territoires.referentiel.models import Commune, Epci

from .configuration import Domaine, Nature, Partenaire


class Sollicitation(models.Model):
    class Statut(models.TextChoices):
        NOUVELLE = "nouvelle", "Nouvelle"
        EN_COURS = "en_cours", "En cours"
        EN_ATTENTE = "en_attente", "En attente de la collectivité"
        TERMINEE = "terminee", "Terminée"
        ABANDONNEE = "abandonnee", "Abandonnée"
        REDIRIGEE = "redirigee", "Redirigée"
        DECLINEE = "declinee", "Déclinée"
        FUSIONNEE = "fusionnee", "Fusionnée avec une autre"

    STATUTS_OUVERTS = (Statut.NOUVELLE, Statut.EN_COURS, Statut.EN_ATTENTE)
    STATUTS_CLOS = (
        Statut.TERMINEE,
        Statut.ABANDONNEE,
        Statut.REDIRIGEE,
        Statut.DECLINEE,
        Statut.FUSIONNEE,
    )

    # Decided at triage, each with its own form and service; the others are follow-up buttons.
    TRANSITIONS_DE_TRI = ("accepter", "prendre_en_charge", "rediriger", "decliner", "fusionner")
    # Closing the follow-up needs a reason or a conclusion, read by the collectivité.
    TRANSITIONS_DE_CLOTURE = ("terminer", "abandonner")

    class Etape(models.TextChoices):
        BESOIN = "besoin", "Besoin défini"
        ACTEURS = "acteurs", "Acteurs identifiés"
        FAISABILITE = "faisabilite", "Faisabilité technique, juridique et financière"
        MARCHES = "marches", "Marchés et actes"

    class Canal(models.TextChoices):
        EN_LIGNE = "en_ligne", "En ligne"
        TELEPHONE = "telephone", "Téléphone"
        COURRIEL = "courriel", "Courriel"
        VISITE = "visite", "Visite ou réunion"

    numero = models.CharField("numéro", max_length=20, blank=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="collectivité demandeuse",
        on_delete=models.PROTECT,
        related_name="sollicitations",
    )
    # Denormalised from the organisation so that lists and figures filter by EPCI cheaply.
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, null=True, blank=True, related_name="sollicitations"
    )
    communes = models.ManyToManyField(
        Commune, verbose_name="communes concernées", blank=True, related_name="sollicitations"
    )
    sujet = models.CharField(max_length=200)
    description = models.TextField()
    domaine = models.ForeignKey(Domaine, on_delete=models.PROTECT, related_name="sollicitations")
    nature = models.ForeignKey(Nature, on_delete=models.PROTECT, related_name="sollicitations")
    echeance_souhaitee = models.DateField("échéance souhaitée", null=True, blank=True)
    canal = models.CharField(max_length=12, choices=Canal.choices, default=Canal.EN_LIGNE)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sollicitations_saisies",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller référent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sollicitations_referent",
    )
    conseillers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="autres conseillers",
        blank=True,
        related_name="sollicitations_conseiller",
    )
    partenaires = models.ManyToManyField(Partenaire, blank=True, related_name="sollicitations")
    statut = FSMField(default=Statut.NOUVELLE, choices=Statut.choices, protected=True)
    etape = models.CharField("étape", max_length=12, choices=Etape.choices, blank=True)
    redirigee_vers = models.ForeignKey(
        Partenaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fusionnee_dans = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="doublons"
    )
    motif_cloture = models.TextField("motif", blank=True)
    deposee_le = models.DateTimeField("déposée le", default=timezone.now, db_index=True)
    premiere_reponse_le = models.DateTimeField("première réponse le", null=True, blank=True)
    cloturee_le = models.DateTimeField("close le", null=True, blank=True)
    derniere_activite_le = models.DateTimeField(default=timezone.now)
    inactivite_signalee_le = models.DateTimeField(null=True, blank=True)
    # Durations in days, kept with the dates they come from (see save()): the figures take
    # medians over hundreds of thousands of requests without parsing two dates per row.
    jours_premiere_reponse = models.FloatField(null=True, blank=True, editable=False)
    jours_cloture = models.FloatField(null=True, blank=True, editable=False)
    relances_desactivees = models.BooleanField(
        "ne plus recevoir « où en êtes-vous ? »", default=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-deposee_le", "-pk"]
        indexes = [
            models.Index(fields=["statut", "-deposee_le"]),
            models.Index(fields=["referent", "statut"]),
            models.Index(fields=["epci", "-deposee_le"]),
            # Covering indexes of the figures (`statistiques.py`): each dimension is counted
            # from its index alone (status and date included), never from the wide rows.
            models.Index(fields=["deposee_le", "statut"], name="ing_soll_date_statut"),
            models.Index(
                fields=[
                    "domaine",
                    "nature",
                    "statut",
                    "deposee_le",
                    "jours_premiere_reponse",
                    "jours_cloture",
                ],
                name="ing_soll_dom_nat",
            ),  # fmt: skip
            models.Index(fields=["epci", "statut", "deposee_le"], name="ing_soll_epci_statut"),
            models.Index(
                fields=["jours_premiere_reponse", "statut", "deposee_le"], name="ing_soll_jours_rep"
            ),
            models.Index(
                fields=["statut", "jours_cloture", "deposee_le"], name="ing_soll_jours_clo"
            ),
        ]
        constraints = [
            # Blank only between the insert and the numbering that needs the primary key.
            models.UniqueConstraint(
                fields=["numero"],
                condition=~models.Q(numero=""),
                name="sollicitation_numero_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.numero} — {self.sujet}" if self.numero else self.sujet

    def save(self, *args, **kwargs):
        self.compute_durations()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "jours_premiere_reponse", "jours_cloture"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("ingenierie:sollicitation", args=[self.pk])

    def compute_durations(self) -> None:
        def days(end):
            if end is None or self.deposee_le is None:
                return None
            return round((end - self.deposee_le).total_seconds() / 86400, 2)

        self.jours_premiere_reponse = days(self.premiere_reponse_le)
        self.jours_cloture = days(self.cloturee_le)

    @property
    def est_ouverte(self) -> bool:
        return self.statut in self.STATUTS_OUVERTS

    @property
    def tone(self) -> str:
        return {
            self.Statut.NOUVELLE: "info",
            self.Statut.EN_COURS: "warning",
            self.Statut.EN_ATTENTE: "warning",
            self.Statut.TERMINEE: "success",
        }.get(self.statut, "neutral")

    def document_visible_par(self, user) -> bool:
        return user.has_perm("ingenierie.view_sollicitation", self)

    def a_un_referent(self) -> bool:
        """A request is accepted with the advisor who answers for it."""
        return self.referent_id is not None

    def _close(self) -> None:
        self.cloturee_le = timezone.now()

    # Triage (managers of the mission)
    @transition(
        field=statut,
        source=Statut.NOUVELLE,
        target=Statut.EN_COURS,
        permission="ingenierie.triage_sollicitation",
        conditions=[a_un_referent],
        custom={"label": "Accepter"},
    )
    def accepter(self):
        self.etape = self.etape or self.Etape.BESOIN

    # An advisor takes a new request in charge, as its referent (named on it, or any advisor
    # when the configuration allows it).
    @transition(
        field=statut,
        source=Statut.NOUVELLE,
        target=Statut.EN_COURS,
        permission="ingenierie.take_sollicitation",
        conditions=[a_un_referent],
        custom={"label": "Prendre en charge"},
    )
    def prendre_en_charge(self):
        self.etape = self.etape or self.Etape.BESOIN

    @transition(
        field=statut,
        source=Statut.NOUVELLE,
        target=Statut.REDIRIGEE,
        permission="ingenierie.triage_sollicitation",
        custom={"label": "Rediriger"},
    )
    def rediriger(self):
        self._close()

    @transition(
        field=statut,
        source=Statut.NOUVELLE,
        target=Statut.DECLINEE,
        permission="ingenierie.triage_sollicitation",
        custom={"label": "Décliner"},
    )
    def decliner(self):
        self._close()

    @transition(
        field=statut,
        source=Statut.NOUVELLE,
        target=Statut.FUSIONNEE,
        permission="ingenierie.triage_sollicitation",
        custom={"label": "Fusionner avec un doublon"},
    )
    def fusionner(self):
        self._close()

    # Follow-up (advisors)
    @transition(
        field=statut,
        source=Statut.EN_COURS,
        target=Statut.EN_ATTENTE,
        permission="ingenierie.work_sollicitation",
        custom={"label": "Mettre en attente de la collectivité"},
    )
    def mettre_en_attente(self):
        pass

    @transition(
        field=statut,
        source=Statut.EN_ATTENTE,
        target=Statut.EN_COURS,
        permission="ingenierie.work_sollicitation",
        custom={"label": "Reprendre"},
    )
    def reprendre(self):
        pass

    @transition(
        field=statut,
        source=[Statut.EN_COURS, Statut.EN_ATTENTE],
        target=Statut.TERMINEE,
        permission="ingenierie.work_sollicitation",
        custom={"label": "Terminer"},
    )
    def terminer(self):
        self._close()

    @transition(
        field=statut,
        source=[Statut.EN_COURS, Statut.EN_ATTENTE],
        target=Statut.ABANDONNEE,
        permission="ingenierie.work_sollicitation",
        custom={"label": "Abandonner"},
    )
    def abandonner(self):
        self._close()

    @transition(
        field=statut,
        source=[Statut.TERMINEE, Statut.ABANDONNEE],
        target=Statut.EN_COURS,
        permission="ingenierie.work_sollicitation",
        custom={"label": "Rouvrir"},
    )
    def rouvrir(self):
        self.cloturee_le = None
