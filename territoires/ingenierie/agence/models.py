"""Agency model (optional per instance): yearly memberships by population band, the
catalogue of paid services (AMO), quotes and their lines, services delivered, invoices.

The models belong to the `ingenierie` application (tables `ingenierie_*`); `ingenierie.models`
re-exports them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from territoires.comptes.models import Organisation


class BaremeAdhesion(models.Model):
    """Yearly fee by population band."""

    annee = models.PositiveIntegerField("année")
    population_min = models.PositiveIntegerField(default=0)
    population_max = models.PositiveIntegerField(null=True, blank=True)
    montant = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["annee", "population_min"]
        verbose_name = "barème d'adhésion"

    def __str__(self) -> str:
        fin = f"{self.population_max}" if self.population_max is not None else "∞"
        return f"{self.annee} : {self.population_min}–{fin} hab. → {self.montant} €"


class Adhesion(FSMModelMixin, models.Model):
    """A collectivité's membership of one year: its fee is called, then paid or not renewed.

    Every state can be reached from every other (a payment recorded by mistake is undone), each
    time by a journaled transition.
    """

    class Statut(models.TextChoices):
        APPELEE = "appelee", "Cotisation appelée"
        PAYEE = "payee", "Adhérente"
        REFUSEE = "refusee", "Non renouvelée"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    annee = models.PositiveIntegerField("année")
    montant = models.DecimalField(max_digits=10, decimal_places=2)
    statut = FSMField(max_length=10, choices=Statut.choices, default=Statut.APPELEE, protected=True)

    class Meta:
        ordering = ["-annee", "organisation__nom"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "annee"], name="adhesion_une_par_an")
        ]

    def __str__(self) -> str:
        return f"Adhésion {self.annee} de {self.organisation}"

    @transition(
        field=statut,
        source=[Statut.APPELEE, Statut.REFUSEE],
        target=Statut.PAYEE,
        permission="ingenierie.manage_adhesions",
        custom={"label": "Cotisation payée"},
    )
    def payer(self):
        pass

    @transition(
        field=statut,
        source=[Statut.APPELEE, Statut.PAYEE],
        target=Statut.REFUSEE,
        permission="ingenierie.manage_adhesions",
        custom={"label": "Non renouvelée"},
    )
    def refuser(self):
        pass

    @transition(
        field=statut,
        source=[Statut.PAYEE, Statut.REFUSEE],
        target=Statut.APPELEE,
        permission="ingenierie.manage_adhesions",
        custom={"label": "Appeler de nouveau"},
    )
    def rappeler(self):
        pass


class Prestation(models.Model):
    """Catalogue of paid services (AMO)."""

    class Phase(models.TextChoices):
        PRE = "pre", "AMO pré-opérationnelle"
        OPE = "ope", "AMO opérationnelle"

    class Tarif(models.TextChoices):
        UNITAIRE = "unitaire", "Prix unitaire"
        FORFAIT = "forfait", "Forfait"

    libelle = models.CharField("libellé", max_length=200, unique=True)
    phase = models.CharField(max_length=4, choices=Phase.choices)
    tarif = models.CharField(max_length=10, choices=Tarif.choices, default=Tarif.FORFAIT)
    unite = models.CharField("unité", max_length=40, blank=True, help_text="Par exemple : jour.")
    prix_ht = models.DecimalField("prix HT", max_digits=10, decimal_places=2)
    actif = models.BooleanField(default=True)

    class Meta:
        ordering = ["phase", "libelle"]

    def __str__(self) -> str:
        return self.libelle


class Devis(models.Model):
    """A quote on a request for paid services, accepted by the collectivité."""

    class Statut(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        ENVOYE = "envoye", "Envoyé à la collectivité"
        ACCEPTE = "accepte", "Accepté"
        REFUSE = "refuse", "Refusé"

    sollicitation = models.ForeignKey(
        "ingenierie.Sollicitation", on_delete=models.PROTECT, related_name="devis"
    )
    numero = models.CharField("numéro", max_length=20, blank=True)
    statut = FSMField(default=Statut.BROUILLON, choices=Statut.choices, protected=True)
    cree_le = models.DateTimeField(default=timezone.now)
    repondu_le = models.DateTimeField(null=True, blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "devis"
        ordering = ["cree_le", "pk"]

    def __str__(self) -> str:
        return f"Devis {self.numero or self.pk}"

    @property
    def organisation_id(self):
        return self.sollicitation.organisation_id

    @property
    def total_ht(self):
        return sum((ligne.montant_ht for ligne in self.lignes.all()), 0)

    @property
    def est_accepte(self) -> bool:
        """Services are delivered, and invoiced, on an accepted quote only."""
        return self.statut == self.Statut.ACCEPTE

    def a_des_lignes(self) -> bool:
        return self.lignes.exists()  # served by the prefetch of the request's page

    @transition(
        field=statut,
        source=Statut.BROUILLON,
        target=Statut.ENVOYE,
        permission="ingenierie.manage_agence",
        conditions=[a_des_lignes],
        custom={"label": "Envoyer le devis à la collectivité"},
    )
    def envoyer(self):
        pass

    @transition(
        field=statut,
        source=Statut.ENVOYE,
        target=Statut.ACCEPTE,
        permission="ingenierie.answer_devis",
        custom={"label": "Accepter le devis"},
    )
    def accepter(self):
        self.repondu_le = timezone.now()

    @transition(
        field=statut,
        source=Statut.ENVOYE,
        target=Statut.REFUSE,
        permission="ingenierie.answer_devis",
        custom={"label": "Refuser le devis"},
    )
    def refuser(self):
        self.repondu_le = timezone.now()


class LigneDevis(models.Model):
    devis = models.ForeignKey(Devis, on_delete=models.CASCADE, related_name="lignes")
    prestation = models.ForeignKey(Prestation, on_delete=models.PROTECT, related_name="+")
    quantite = models.DecimalField("quantité", max_digits=8, decimal_places=2, default=1)
    prix_unitaire_ht = models.DecimalField("prix unitaire HT", max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.prestation} × {self.quantite}"

    @property
    def montant_ht(self):
        return (self.quantite * self.prix_unitaire_ht).quantize(self.prix_unitaire_ht)


class Facture(models.Model):
    numero = models.CharField("numéro", max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(default=timezone.localdate)
    periode_fin = models.DateField("prestations jusqu'au")
    montant_ht = models.DecimalField("montant HT", max_digits=12, decimal_places=2)
    emise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-numero"]

    def __str__(self) -> str:
        return f"Facture {self.numero}"


class PrestationRealisee(models.Model):
    """A service actually delivered on an accepted quote line; invoiced once."""

    ligne = models.ForeignKey(LigneDevis, on_delete=models.PROTECT, related_name="realisations")
    date = models.DateField()
    quantite = models.DecimalField("quantité", max_digits=8, decimal_places=2)
    montant_ht = models.DecimalField("montant HT", max_digits=12, decimal_places=2)
    facture = models.ForeignKey(
        Facture, on_delete=models.PROTECT, null=True, blank=True, related_name="prestations"
    )
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name_plural = "prestations réalisées"

    def __str__(self) -> str:
        return f"{self.ligne.prestation} le {self.date:%d/%m/%Y}"
