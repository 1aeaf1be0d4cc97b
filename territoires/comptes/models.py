"""Utilisateurs, organisations et rôles.

A user never acts as a private person for a collectivité: they act *for an organisation*
through a `Membre` row that carries their role. Permissions (rules predicates in
`rules.py`) are computed from these rows.
"""

import re

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from territoires.referentiel.models import Commune, Departement, Epci


def validate_siren(value: str) -> None:
    if value and not stdnum_siren.is_valid(value):
        raise ValidationError(
            "« %(value)s » n'est pas un numéro SIREN valide.", params={"value": value}
        )


def validate_siret(value: str) -> None:
    if value and not stdnum_siret.is_valid(value):
        raise ValidationError(
            "« %(value)s » n'est pas un numéro SIRET valide.", params={"value": value}
        )


RNA_PATTERN = re.compile(r"W\d{9}")


def validate_rna(value: str) -> None:
    """Répertoire national des associations: « W » then nine digits (W322001234)."""
    if value and not RNA_PATTERN.fullmatch(value):
        raise ValidationError(
            "« %(value)s » n'est pas un numéro RNA valide : il s'écrit W suivi de neuf "
            "chiffres (W322001234).",
            params={"value": value},
        )


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    class FrequenceNotifications(models.TextChoices):
        IMMEDIATE = "immediate", "Immédiatement, un courriel par notification"
        QUOTIDIENNE = "quotidienne", "Un récapitulatif par jour"

    username = None
    email = models.EmailField("adresse électronique", unique=True)
    frequence_notifications = models.CharField(
        "envoi des notifications par courriel",
        max_length=12,
        choices=FrequenceNotifications.choices,
        default=FrequenceNotifications.IMMEDIATE,
    )
    # ProConnect identifiers, kept to recognise the agent on their next login.
    proconnect_sub = models.CharField(max_length=255, blank=True, db_index=True)
    proconnect_siret = models.CharField(max_length=14, blank=True)
    # Invitations, ProConnect, the admin and the demo prove the address in their own way
    # (hence the default); only the public sign-up (services.inscription_create) starts at None
    # until the link it e-mails is opened.
    email_verifie_le = models.DateTimeField(
        "adresse vérifiée le", null=True, blank=True, default=timezone.now
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def email_verifie(self) -> bool:
        return self.email_verifie_le is not None


class Organisation(models.Model):
    class Type(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "Intercommunalité (EPCI)"
        DEPARTEMENT = "departement", "Département"
        SERVICE = "service", "Service du Département"
        ORGANISME_PUBLIC = "organisme_public", "Autre organisme public"
        ENTREPRISE = "entreprise", "Entreprise"
        ASSOCIATION = "association", "Association"
        COLLECTIF = "collectif", "Collectif d'habitants"

    #: Organisations whose members are staff of the Département.
    TYPES_DEPARTEMENT = (Type.DEPARTEMENT, Type.SERVICE)
    #: Organisations that are collectivités (commune or intercommunalité).
    TYPES_COLLECTIVITE = (Type.COMMUNE, Type.EPCI)

    nom = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=Type.choices)
    siren = models.CharField("SIREN", max_length=9, blank=True, validators=[validate_siren])
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[validate_siret], db_index=True
    )
    rna = models.CharField(
        "numéro RNA", max_length=10, blank=True, validators=[validate_rna],
        help_text="Pour une association : W suivi de neuf chiffres.",
    )  # fmt: skip
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="Pour le Département et ses services.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        help_text="Pour un service : le Département dont il relève.",
    )
    actif = models.BooleanField(default=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~models.Q(siret=""), name="organisation_siret_unique"
            ),
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(type="commune"),
                name="organisation_une_par_commune",
            ),
            models.UniqueConstraint(
                fields=["epci"], condition=models.Q(type="epci"), name="organisation_une_par_epci"
            ),
        ]

    def __str__(self) -> str:
        return self.nom

    def clean(self) -> None:
        errors = {}
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            errors["siret"] = "Le SIRET doit commencer par le SIREN de l'organisation."
        if self.type == self.Type.COMMUNE and not self.commune_id:
            errors["commune"] = "Une organisation de type commune doit être liée à sa commune."
        if self.type == self.Type.EPCI and not self.epci_id:
            errors["epci"] = "Une organisation de type EPCI doit être liée à son EPCI."
        if errors:
            raise ValidationError(errors)

    @property
    def journal_organisation(self) -> "Organisation":
        """The events of an organisation go to its own journal (`core.journal`)."""
        return self

    @property
    def est_departement(self) -> bool:
        return self.type in self.TYPES_DEPARTEMENT

    @property
    def est_collectivite(self) -> bool:
        return self.type in self.TYPES_COLLECTIVITE

    def roles_possibles(self) -> list[str]:
        """Roles a member of this organisation may hold (Département roles stay inside it)."""
        if self.est_departement:
            return [role for role in Role if role in ROLES_DEPARTEMENT]
        return [role for role in Role if role in ROLES_ORGANISATION]

    def roles_gestionnaires(self) -> frozenset[str]:
        """Roles that administer the organisation: invite, remove members, answer requests."""
        if self.est_departement:
            return frozenset({Role.CHEF_SERVICE, Role.ADMINISTRATEUR})
        return frozenset({Role.GESTIONNAIRE})


class Role(models.TextChoices):
    """Roles of docs/design.md §2. A role only has meaning inside one organisation."""

    # Collectivités, other public bodies and companies
    AGENT = "agent", "Agent"
    GESTIONNAIRE = "gestionnaire", "Administrateur de l'organisation"
    # Département staff
    CONSEILLER = "conseiller", "Conseiller ingénierie"
    INSTRUCTEUR = "instructeur", "Instructeur"
    FACILITATEUR = "facilitateur", "Facilitateur des clauses sociales"
    CHEF_SERVICE = "chef_service", "Chef de service"
    FINANCES = "finances", "Agent des finances"
    DIRECTION = "direction", "Direction"
    ADMINISTRATEUR = "administrateur", "Administrateur de la plateforme"
    RESPONSABLE_DONNEES = "responsable_donnees", "Responsable des données"
    # Elected officials (conseillers départementaux) read, they never instruct: the role is
    # deliberately outside ROLES_DEPARTEMENT, so no staff predicate grants it a write.
    ELU = "elu", "Élu départemental"


ROLES_DEPARTEMENT = frozenset(
    {
        Role.CONSEILLER,
        Role.INSTRUCTEUR,
        Role.FACILITATEUR,
        Role.CHEF_SERVICE,
        Role.FINANCES,
        Role.DIRECTION,
        Role.ADMINISTRATEUR,
        Role.RESPONSABLE_DONNEES,
    }
)
ROLES_ORGANISATION = frozenset({Role.AGENT, Role.GESTIONNAIRE})


class MembreQuerySet(models.QuerySet):
    def actifs(self):
        return self.filter(actif=True, organisation__actif=True, user__is_active=True)


class Membre(models.Model):
    """A user acting for an organisation with a role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membres")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membres")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    fonction = models.CharField(
        max_length=120, blank=True, help_text="Par exemple : maire, secrétaire de mairie."
    )
    actif = models.BooleanField(default=True)
    date_debut = models.DateField(default=timezone.localdate)
    date_fin = models.DateField(null=True, blank=True)

    objects = MembreQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"
        ordering = ["organisation__nom", "user__last_name"]
        constraints = [
            # A departure keeps its row (actif=False, date_fin): only active rows are unique.
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(actif=True),
                name="membre_actif_unique_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"


class Invitation(models.Model):
    """An e-mailed invitation to join an organisation with a role.

    `token` holds the SHA-256 of the secret sent by e-mail, never the secret itself.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("adresse électronique")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    token = models.CharField("empreinte du jeton", max_length=64, unique=True, editable=False)
    invite_par = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_envoyees"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    expire_le = models.DateTimeField()
    acceptee_le = models.DateTimeField(null=True, blank=True)
    annulee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return f"Invitation de {self.email} ({self.organisation})"

    @property
    def est_expiree(self) -> bool:
        return timezone.now() >= self.expire_le

    @property
    def est_utilisable(self) -> bool:
        return not (self.acceptee_le or self.annulee_le or self.est_expiree)

    @property
    def statut(self) -> str:
        if self.acceptee_le:
            return "acceptée"
        if self.annulee_le:
            return "annulée"
        if self.est_expiree:
            return "expirée"
        return "en attente"


class DemandeRattachement(models.Model):
    """A user (typically arriving through ProConnect) asks to be attached to an organisation.

    The organisation's administrators accept it (choosing the role) or refuse it.
    """

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        ACCEPTEE = "acceptee", "Acceptée"
        REFUSEE = "refusee", "Refusée"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="demandes_rattachement"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="demandes_rattachement")
    siret = models.CharField("SIRET déclaré", max_length=14, blank=True)
    statut = FSMField(
        max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE, protected=True
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    traitee_par = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    traitee_le = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        ordering = ["-cree_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(statut="en_attente"),
                name="demande_rattachement_unique_en_attente",
            )
        ]

    def __str__(self) -> str:
        return f"Demande de {self.user} pour {self.organisation}"

    # The organisation's administrators answer (checked by the service, which knows the roles).
    @transition(field=statut, source=Statut.EN_ATTENTE, target=Statut.ACCEPTEE,
                custom={"label": "Accepter la demande"})  # fmt: skip
    def accepter(self, *, by) -> None:
        self.traitee_par, self.traitee_le = by, timezone.now()

    @transition(field=statut, source=Statut.EN_ATTENTE, target=Statut.REFUSEE,
                custom={"label": "Refuser la demande"})  # fmt: skip
    def refuser(self, *, by) -> None:
        self.traitee_par, self.traitee_le = by, timezone.now()
