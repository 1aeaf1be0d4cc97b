"""The aid dossier, its life cycle (django-fsm-2 transitions) and numbering; its expenses
and financing plan are in `plan`."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from territoires.comptes.models import Organisation, validate_siret
from territoires.core.workflow import condition
from territoires.referentiel.models import Commune

from .common import ZERO, StatutReloadMixin, permission
from .dispositifs import Dispositif
from .f2d import OperationContrat
from .sessions import SessionProgrammation


@condition("La proposition doit être visée par le chef de service.")
def proposition_visee(dossier) -> bool:
    return dossier.visa_le is not None


@condition("Choisissez la session de programmation.")
def session_choisie(dossier) -> bool:
    return dossier.session_id is not None


@condition(
    "Le dossier ne peut pas être déclaré complet : une pièce obligatoire manque ou est à corriger."
)
def pieces_completes(dossier) -> bool:
    return not pieces_manquantes(dossier)


def pieces_manquantes(dossier) -> list[str]:
    """The required pieces (models/pieces.py) missing on `dossier`, or sent back « à
    corriger », as words for a message."""
    statuts = dict(dossier.pieces.values_list("type_id", "statut"))
    manquantes = []
    for type_piece in dossier.dispositif.types_pieces.all():
        statut = statuts.get(type_piece.pk)
        if type_piece.obligatoire and statut is None:
            manquantes.append(f"{type_piece.libelle} (manquante)")
        elif statut == "a_corriger":
            manquantes.append(f"{type_piece.libelle} (à corriger)")
    return manquantes


class CompteurDossiers(models.Model):
    """The last number given per year; its row is locked while a number is taken."""

    annee = models.PositiveSmallIntegerField(unique=True)
    dernier = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.annee} : {self.dernier}"


class Dossier(StatutReloadMixin, models.Model):
    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        DEPOSE = "depose", "Déposé"
        INCOMPLET = "incomplet", "Incomplet"
        EN_INSTRUCTION = "en_instruction", "En instruction"
        PROPOSE = "propose", "Proposé"
        PROGRAMME = "programme", "Programmé"
        ATTRIBUE = "attribue", "Attribué"
        REFUSE = "refuse", "Refusé"
        AJOURNE = "ajourne", "Ajourné"
        SANS_SUITE = "sans_suite", "Classé sans suite"
        ENGAGE = "engage", "Engagé"
        PAYE_PARTIELLEMENT = "paye_partiellement", "Payé partiellement"
        SOLDE = "solde", "Soldé"
        CADUC = "caduc", "Caduc"
        ANNULE = "annule", "Subvention annulée"

    #: States in which the Département has granted the money (open data, envelopes).
    STATUTS_ATTRIBUES = ("attribue", "engage", "paye_partiellement", "solde")
    #: Transitions applied from the dossier's page with a written reason (journaled).
    TRANSITIONS_MOTIVEES = (
        "classer_sans_suite",
        "annuler_decision",
        "declarer_caduc",
        "annuler_subvention",
    )
    #: Granted and not balanced: payments may be requested, the grant may lapse.
    STATUTS_A_PAYER = ("attribue", "engage", "paye_partiellement")
    STATUTS_DEPOSES = (
        "depose",
        "incomplet",
        "en_instruction",
        "propose",
        "programme",
        "attribue",
        "refuse",
        "ajourne",
        "engage",
        "paye_partiellement",
        "solde",
        "caduc",
        "annule",
    )
    TONES = {
        "brouillon": "neutral",
        "depose": "info",
        "incomplet": "warning",
        "en_instruction": "info",
        "propose": "info",
        "programme": "info",
        "attribue": "success",
        "refuse": "error",
        "ajourne": "warning",
        "sans_suite": "neutral",
        "engage": "success",
        "paye_partiellement": "success",
        "solde": "success",
        "caduc": "error",
        "annule": "error",
    }

    numero = models.CharField("numéro", max_length=20, unique=True, null=True, blank=True)
    dispositif = models.ForeignKey(Dispositif, on_delete=models.PROTECT, related_name="dossiers")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation porteuse",
        on_delete=models.PROTECT,
        related_name="dossiers_aides",
    )
    operation = models.ForeignKey(
        OperationContrat,
        verbose_name="opération du contrat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    session = models.ForeignKey(
        SessionProgrammation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    intitule = models.CharField("intitulé du projet", max_length=255)
    description = models.TextField(blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="dossiers_aides")
    siret_beneficiaire = models.CharField(
        "SIRET du bénéficiaire", max_length=14, blank=True, validators=[validate_siret]
    )
    cout_ht = models.DecimalField(
        "coût HT", max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    montant_demande = models.DecimalField(
        "subvention demandée", max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    date_debut_travaux = models.DateField("début des travaux prévu", null=True, blank=True)
    date_fin_travaux = models.DateField("fin des travaux prévue", null=True, blank=True)
    derogation_autofinancement = models.CharField(
        "dérogation à l'autofinancement minimal",
        max_length=255,
        blank=True,
        help_text="Exception légale (CGCT L1111-10) retenue, avec sa référence.",
    )

    statut = FSMField(
        default=Statut.BROUILLON, choices=Statut.choices, protected=True, db_index=True
    )
    depose_le = models.DateTimeField("déposé le", null=True, blank=True, db_index=True)
    # Issue 15: the day the dossier became complete (filed complete, or its complements sent);
    # its session follows this day, not the filing day.
    complet_le = models.DateField("complet le", null=True, blank=True)
    montant_propose = models.DecimalField(
        "montant proposé", max_digits=12, decimal_places=2, null=True, blank=True
    )
    taux_propose = models.DecimalField(
        "taux proposé", max_digits=5, decimal_places=4, null=True, blank=True
    )
    visa_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="visé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visa_le = models.DateTimeField("visé le", null=True, blank=True)
    depassement_enveloppe = models.CharField(
        "dépassement d'enveloppe autorisé", max_length=255, blank=True
    )
    montant_attribue = models.DecimalField(
        "montant attribué", max_digits=12, decimal_places=2, null=True, blank=True
    )
    decide_le = models.DateField("décidé le", null=True, blank=True)
    notifie_le = models.DateField("notifié le", null=True, blank=True)
    engage_le = models.DateField("engagé le", null=True, blank=True)
    numero_engagement = models.CharField("n° d'engagement", max_length=40, blank=True)

    premier_paiement_le = models.DateField("premier paiement le", null=True, blank=True)
    # Kept by `calculer_delais()` at every save, for exact dashboard medians by grouping.
    delai_decision_jours = models.PositiveIntegerField(null=True, blank=True, editable=False)
    delai_paiement_jours = models.PositiveIntegerField(null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])

    class Meta:
        ordering = ["-depose_le", "-pk"]
        permissions = [("instruire_dossier", "Instruire un dossier")]
        indexes = [
            models.Index(fields=["dispositif", "statut"]),
            models.Index(fields=["organisation", "dispositif", "depose_le"]),
            # Dashboard and open-data export by decision date: every column the dashboard's
            # figures read, so they are counted from the index alone.
            models.Index(
                fields=[
                    "decide_le",
                    "statut",
                    "organisation",
                    "montant_attribue",
                    "cout_ht",
                    "delai_decision_jours",
                    "delai_paiement_jours",
                ],
                name="aides_dossier_tableau",
            ),  # fmt: skip
            # Envelopes: sums by session without reading the rows.
            models.Index(
                fields=["session", "statut", "montant_propose", "montant_attribue"],
                name="aides_dossier_enveloppes",
            ),
            # Instructor list sorted by amount or by filing date, filtered by scheme and state.
            models.Index(
                fields=["montant_demande", "dispositif", "statut"], name="aides_liste_montant"
            ),
            models.Index(fields=["depose_le", "dispositif", "statut"], name="aides_liste_depot"),
        ]

    def __str__(self) -> str:
        return f"{self.numero or 'Brouillon'} — {self.intitule}"

    def save(self, *args, **kwargs):
        # Every save is a new version: a form holding an older one is refused (services).
        if self.pk is not None:
            self.version += 1
        self.calculer_delais()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "version", "delai_decision_jours", "delai_paiement_jours"
            }  # fmt: skip
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("aides:dossier", kwargs={"dossier_id": self.pk})

    def calculer_delais(self) -> None:
        """Days from filing to decision and from decision to first payment (also called by
        bulk loaders, which bypass `save()`)."""
        self.delai_decision_jours = None
        if self.decide_le and self.depose_le:
            jour = timezone.localdate(self.depose_le)
            self.delai_decision_jours = max(0, (self.decide_le - jour).days)
        self.delai_paiement_jours = None
        if self.premier_paiement_le and self.decide_le:
            self.delai_paiement_jours = max(0, (self.premier_paiement_le - self.decide_le).days)

    @property
    def tone(self) -> str:
        return self.TONES.get(self.statut, "neutral")

    @property
    def montant_reference(self) -> Decimal:
        """Amount the Département stands for at this stage."""
        for value in (self.montant_attribue, self.montant_propose, self.montant_demande):
            if value is not None:
                return value
        return ZERO

    def document_visible_par(self, user) -> bool:
        return user.has_perm("aides.view_dossier", self)

    @property
    def modifiable(self) -> bool:
        """A draft, or a dossier sent back for missing documents: the applicant edits it."""
        return self.statut in (self.Statut.BROUILLON, self.Statut.INCOMPLET)

    @property
    def visable(self) -> bool:
        """A proposal is what the head of service endorses (the visa, not a state)."""
        return self.statut == self.Statut.PROPOSE

    @property
    def est_solde(self) -> bool:
        return self.statut == self.Statut.SOLDE

    @property
    def attend_le_vote(self) -> bool:
        return self.statut == self.Statut.PROGRAMME and self.session_id is not None

    @property
    def actes_types(self) -> tuple[str, ...]:
        """The acts that exist at this stage: a grant's letters, or the refusal letter."""
        if self.statut in self.STATUTS_ATTRIBUES:
            return ("notification", "arrete", "convention")
        if self.statut == self.Statut.REFUSE:
            return ("refus",)
        return ()

    # --- transitions -------------------------------------------------------------------------

    @transition(
        field=statut,
        source=Statut.BROUILLON,
        target=Statut.DEPOSE,
        permission=permission("aides.change_dossier"),
        custom={"label": "Déposer le dossier"},
    )
    def deposer(self):
        self.depose_le = timezone.now()

    @transition(
        field=statut,
        source=Statut.DEPOSE,
        target=Statut.INCOMPLET,
        permission=permission("aides.instruire_dossier"),
        custom={"label": "Demander des compléments"},
    )
    def declarer_incomplet(self):
        pass

    @transition(
        field=statut,
        source=Statut.INCOMPLET,
        target=Statut.DEPOSE,
        permission=permission("aides.change_dossier"),
        custom={"label": "Transmettre les compléments"},
    )
    def completer(self):
        pass

    @transition(
        field=statut,
        source=Statut.DEPOSE,
        target=Statut.EN_INSTRUCTION,
        permission=permission("aides.instruire_dossier"),
        conditions=[pieces_completes],
        custom={"label": "Déclarer complet et instruire"},
    )
    def instruire(self):
        pass

    @transition(
        field=statut,
        # Proposed again: the amount changes, the state stays (see `dossier_propose`).
        source=[Statut.EN_INSTRUCTION, Statut.PROPOSE],
        target=Statut.PROPOSE,
        permission=permission("aides.instruire_dossier"),
        custom={"label": "Proposer"},
    )
    def proposer(self):
        pass

    @transition(
        field=statut,
        source=Statut.PROPOSE,
        target=Statut.EN_INSTRUCTION,
        permission=permission("aides.viser_dossier"),
        custom={"label": "Refuser le visa"},
    )
    def refuser_visa(self):
        self.visa_le = None
        self.visa_par = None

    @transition(
        field=statut,
        source=[Statut.PROPOSE, Statut.AJOURNE],
        target=Statut.PROGRAMME,
        permission=permission("aides.instruire_dossier"),
        conditions=[proposition_visee, session_choisie],
        custom={"label": "Programmer en session"},
    )
    def programmer(self):
        pass

    @transition(
        field=statut,
        source=Statut.PROGRAMME,
        target=Statut.ATTRIBUE,
        permission=permission("aides.voter_session"),
        custom={"label": "Attribuer (vote)"},
    )
    def attribuer(self, *, montant: Decimal, date: datetime.date):
        self.montant_attribue = montant
        self.decide_le = date
        self.notifie_le = date

    @transition(
        field=statut,
        source=[Statut.EN_INSTRUCTION, Statut.PROPOSE, Statut.PROGRAMME],
        target=Statut.REFUSE,
        permission=permission("aides.voter_session"),
        custom={"label": "Refuser"},
    )
    def refuser(self, *, date: datetime.date):
        self.decide_le = date

    @transition(
        field=statut,
        source=Statut.PROGRAMME,
        target=Statut.AJOURNE,
        permission=permission("aides.voter_session"),
        custom={"label": "Ajourner à la session suivante"},
    )
    def ajourner(self, *, session_suivante=None):
        self.session = session_suivante

    @transition(
        field=statut,
        source=[
            Statut.DEPOSE,
            Statut.INCOMPLET,
            Statut.EN_INSTRUCTION,
            Statut.PROPOSE,
            Statut.AJOURNE,
        ],
        target=Statut.SANS_SUITE,
        permission=permission("aides.instruire_dossier"),
        custom={"label": "Classer sans suite"},
    )
    def classer_sans_suite(self):
        pass

    @transition(
        field=statut,
        source=[Statut.ATTRIBUE, Statut.REFUSE],
        target=Statut.PROGRAMME,
        permission=permission("aides.voter_session"),
        custom={"label": "Annuler la décision"},
    )
    def annuler_decision(self):
        self.montant_attribue = None
        self.decide_le = None
        self.notifie_le = None

    @transition(
        field=statut,
        source=Statut.ATTRIBUE,
        target=Statut.ENGAGE,
        permission=permission("aides.payer_dossier"),
        custom={"label": "Engager"},
    )
    def engager(self, *, numero: str = ""):
        self.engage_le = timezone.localdate()
        self.numero_engagement = numero

    @transition(
        field=statut,
        source=[Statut.ENGAGE, Statut.PAYE_PARTIELLEMENT],
        target=Statut.PAYE_PARTIELLEMENT,
        permission=permission("aides.payer_dossier"),
        custom={"label": "Enregistrer un paiement partiel"},
    )
    def payer_partiellement(self):
        pass

    @transition(
        field=statut,
        source=[Statut.ENGAGE, Statut.PAYE_PARTIELLEMENT],
        target=Statut.SOLDE,
        permission=permission("aides.payer_dossier"),
        custom={"label": "Solder"},
    )
    def solder(self):
        pass

    @transition(
        field=statut,
        source=[Statut.ATTRIBUE, Statut.ENGAGE, Statut.PAYE_PARTIELLEMENT],
        target=Statut.CADUC,
        permission=permission("aides.voter_session"),
        custom={"label": "Déclarer caduc"},
    )
    def declarer_caduc(self):
        pass

    # A grant given up by the commune or withdrawn by the Département after the vote (not a
    # correction of the vote: that is `annuler_decision`). What it paid stays paid; the rest
    # is freed in the envelope (« dégagé »), as for a lapse.
    @transition(
        field=statut,
        source=[Statut.ATTRIBUE, Statut.ENGAGE, Statut.PAYE_PARTIELLEMENT],
        target=Statut.ANNULE,
        permission=permission("aides.voter_session"),
        custom={"label": "Annuler la subvention (renonciation ou retrait)"},
    )
    def annuler_subvention(self):
        pass
