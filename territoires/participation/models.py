"""Budget participatif : campagnes, enveloppes, idées, projets, vote secret, résultats, suivi.

Le registre des votants (`Votant`) et l'urne (`Bulletin`) n'ont aucun lien : ni clé
étrangère, ni identifiant commun, ni horodatage fin (voir docs/adr/0008-budget-participatif.md).
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition


class Phase(models.TextChoices):
    PREPARATION = "preparation", "Délibération et préparation"
    IDEES = "idees", "Appel à idées"
    ANALYSE = "analyse", "Analyse avec les services"
    VOTE = "vote", "Campagne et vote"
    REALISATION = "realisation", "Réalisation"
    EVALUATION = "evaluation", "Évaluation"


class Methode(models.TextChoices):
    GREEDY = "greedy", "Par nombre de voix (glouton)"
    MES = "mes", "Parts égales"
    MES_ADD1 = "mes-add1", "Parts égales avec relèvement et complétion"


class Departage(models.TextChoices):
    LEXICOGRAPHIQUE = "lexicographique", "Ordre des numéros de projet"
    COUT_MIN = "cout_min", "Le projet le moins cher"
    COUT_MAX = "cout_max", "Le projet le plus cher"
    VOIX = "voix", "Le projet qui a le plus de voix"


class RegleFigee(ValidationError):
    pass


MESSAGE_FIGE = (
    "Le vote est ouvert : les règles de la campagne sont figées et ne peuvent plus changer."
)


class Campagne(models.Model):
    slug = models.SlugField(unique=True, max_length=80)
    titre = models.CharField(max_length=200)
    budget_total = models.DecimalField("budget total (€)", max_digits=14, decimal_places=2)
    reglement = models.TextField("règlement", blank=True)
    # Les six étapes (seed 002) : délibération, idées, analyse, vote, réalisation, évaluation.
    deliberation_le = models.DateField("délibération du conseil départemental")
    idees_debut = models.DateField("début de l'appel à idées")
    idees_fin = models.DateField("fin de l'appel à idées")
    analyse_fin = models.DateField("fin de l'analyse par les services")
    vote_debut = models.DateField("ouverture du vote")
    vote_fin = models.DateField("clôture du vote")
    realisation_debut = models.DateField("début des réalisations")
    evaluation_le = models.DateField("évaluation publique")
    methode = models.CharField(
        "méthode de dépouillement", max_length=10, choices=Methode.choices, default=Methode.MES_ADD1
    )
    departage = models.CharField(
        "départage des égalités",
        max_length=20,
        choices=Departage.choices,
        default=Departage.LEXICOGRAPHIQUE,
    )
    # Fichier pabulib d'origine (import) : méta-données rendues à l'export.
    meta_pabulib = models.JSONField(default=dict, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    CHAMPS_REGLES = (
        "budget_total",
        "reglement",
        "vote_debut",
        "vote_fin",
        "methode",
        "departage",
    )

    class Meta:
        ordering = ["-vote_debut"]

    def __str__(self) -> str:
        return self.titre

    def phase_le(self, jour: datetime.date) -> str:
        if jour < self.idees_debut:
            return Phase.PREPARATION
        if jour <= self.idees_fin:
            return Phase.IDEES
        if jour < self.vote_debut:
            return Phase.ANALYSE
        if jour <= self.vote_fin:
            return Phase.VOTE
        if jour < self.evaluation_le:
            return Phase.REALISATION
        return Phase.EVALUATION

    @property
    def phase(self) -> str:
        return self.phase_le(timezone.localdate())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def etapes(self) -> list[dict]:
        courante = self.phase
        dates = {
            Phase.PREPARATION: self.deliberation_le,
            Phase.IDEES: self.idees_debut,
            Phase.ANALYSE: self.idees_fin,
            Phase.VOTE: self.vote_debut,
            Phase.REALISATION: self.realisation_debut,
            Phase.EVALUATION: self.evaluation_le,
        }
        return [
            {"code": p.value, "libelle": p.label, "date": dates[p], "courante": p == courante}
            for p in Phase
        ]

    @property
    def figee(self) -> bool:
        """Règles figées dès l'ouverture du vote."""
        return timezone.localdate() >= self.vote_debut

    @property
    def vote_ouvert(self) -> bool:
        return self.phase == Phase.VOTE

    def clean(self):
        # Le même refus que save(), mais en message de formulaire (administration).
        ancienne = Campagne.objects.filter(pk=self.pk).first() if self.pk else None
        if ancienne is not None and ancienne.figee:
            if any(getattr(ancienne, c) != getattr(self, c) for c in self.CHAMPS_REGLES):
                raise ValidationError(MESSAGE_FIGE)

    def save(self, *args, **kwargs):  # noqa: DJ012
        if self.pk:
            ancienne = Campagne.objects.filter(pk=self.pk).first()
            if ancienne is not None and ancienne.figee:
                if any(getattr(ancienne, c) != getattr(self, c) for c in self.CHAMPS_REGLES):
                    raise RegleFigee(MESSAGE_FIGE)
        super().save(*args, **kwargs)


class Enveloppe(models.Model):
    class Type(models.TextChoices):
        GENERALE = "generale", "Générale"
        JEUNES = "jeunes", "Réservée aux jeunes"
        TRANCHE = "tranche", "Par tranche de coût"
        CANTON = "canton", "Par canton"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="enveloppes")
    nom = models.CharField(max_length=120)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.GENERALE)
    budget = models.DecimalField("budget (€)", max_digits=14, decimal_places=2)
    cout_min = models.DecimalField(
        "coût minimal d'un projet (€)", max_digits=12, decimal_places=2, default=0
    )
    cout_max = models.DecimalField(
        "coût maximal d'un projet (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Enveloppe par canton : projets situés dans ses communes, votants qui y résident.
    canton = models.ForeignKey(
        "referentiel.Canton",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Pour une enveloppe par canton (cantons importés du COG de l'INSEE).",
    )
    age_min_proposer = models.PositiveSmallIntegerField("âge minimal pour proposer", default=11)
    age_max_proposer = models.PositiveSmallIntegerField(
        "âge maximal pour proposer", null=True, blank=True
    )
    age_min_vote = models.PositiveSmallIntegerField("âge minimal pour voter", default=11)
    age_max_vote = models.PositiveSmallIntegerField("âge maximal pour voter", null=True, blank=True)
    residence_requise = models.BooleanField("résidence dans le Département exigée", default=True)
    choix_min = models.PositiveSmallIntegerField("nombre minimal de choix", default=1)
    choix_max = models.PositiveSmallIntegerField("nombre maximal de choix", default=3)

    class Meta:
        ordering = ["campagne", "pk"]

    def __str__(self) -> str:
        return f"{self.nom} ({self.campagne})"

    def clean(self):
        if self.choix_min < 1 or self.choix_max < self.choix_min:
            raise ValidationError(
                "Le nombre de choix doit aller d'au moins 1 à un maximum ≥ minimum."
            )
        campagne = Campagne.objects.filter(pk=self.campagne_id).first()
        if campagne is not None and campagne.figee and self._modifiee():
            raise ValidationError(MESSAGE_FIGE)
        if (self.type == self.Type.CANTON) != (self.canton_id is not None):
            raise ValidationError(
                {"canton": "Une enveloppe par canton, et elle seule, désigne son canton."}
            )

    def _modifiee(self) -> bool:
        ancienne = Enveloppe.objects.filter(pk=self.pk).first() if self.pk else None
        if ancienne is None:
            return True
        return any(
            getattr(ancienne, f.attname) != getattr(self, f.attname) for f in self._meta.fields
        )

    def commune_dans_canton(self, commune) -> bool:
        """Vrai hors enveloppe par canton ; sinon, la commune est-elle de ce canton ?"""
        if self.canton_id is None:
            return True
        return commune is not None and self.canton.communes.filter(pk=commune.pk).exists()

    def save(self, *args, **kwargs):  # noqa: DJ012
        campagne = Campagne.objects.filter(pk=self.campagne_id).first()
        # `_import` : création par l'import pabulib (campagne déjà votée) ; vaut pour un seul save.
        hors_regles = self.__dict__.pop("_import", False)
        if campagne is not None and campagne.figee and not hors_regles:
            raise RegleFigee(MESSAGE_FIGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.campagne.figee:
            raise RegleFigee(MESSAGE_FIGE)
        return super().delete(*args, **kwargs)

    def age_permis(self, age: int | None, *, pour: str) -> bool:
        mini, maxi = (
            (self.age_min_vote, self.age_max_vote)
            if pour == "vote"
            else (self.age_min_proposer, self.age_max_proposer)
        )
        if age is None:
            return False
        return age >= mini and (maxi is None or age <= maxi)

    def cout_permis(self, cout) -> bool:
        return cout >= self.cout_min and (self.cout_max is None or cout <= self.cout_max)


def age_le(naissance: datetime.date, jour: datetime.date) -> int:
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


class ProfilCitoyen(models.Model):
    """Âge et commune déclarés par un habitant (pour proposer et pour les statistiques)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil_citoyen"
    )
    date_naissance = models.DateField("date de naissance")
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.PROTECT, null=True, blank=True
    )

    def __str__(self) -> str:
        return str(self.user)


class Idee(models.Model):
    class Statut(models.TextChoices):
        DEPOSEE = "deposee", "Déposée"
        PUBLIEE = "publiee", "Publiée"
        MODEREE = "moderee", "Écartée par la modération"
        RETENUE = "retenue", "Retenue"
        FUSIONNEE = "fusionnee", "Fusionnée"
        NON_RETENUE = "non_retenue", "Non retenue"

    class Avis(models.TextChoices):
        A_ETUDIER = "", "À étudier"
        FAVORABLE = "favorable", "Favorable"
        RESERVE = "reserve", "Favorable avec réserves"
        DEFAVORABLE = "defavorable", "Défavorable"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="idees")
    enveloppe = models.ForeignKey(
        Enveloppe, on_delete=models.SET_NULL, null=True, blank=True, related_name="idees"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idees_budget",
    )
    # Idée reçue sur papier : saisie par un agent au nom d'une personne.
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nom_auteur = models.CharField("nom de l'auteur (idée papier)", max_length=200, blank=True)
    titre = models.CharField(max_length=200)
    description = models.TextField()
    categorie = models.CharField("catégorie", max_length=80)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.PROTECT, null=True, blank=True
    )
    lieu = models.CharField("lieu précis", max_length=200, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    cout_estime = models.DecimalField("coût estimé (€)", max_digits=12, decimal_places=2)
    photos = models.ManyToManyField("core.Document", blank=True, related_name="+")
    statut = FSMField(default=Statut.DEPOSEE, choices=Statut.choices)
    motif_moderation = models.TextField("motif de modération (public)", blank=True)
    avis_technique = models.CharField(max_length=12, choices=Avis.choices, blank=True)
    avis_juridique = models.CharField(max_length=12, choices=Avis.choices, blank=True)
    avis_financier = models.CharField(max_length=12, choices=Avis.choices, blank=True)
    cout_services = models.DecimalField(
        "coût estimé par les services (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    justification = models.TextField("justification publique", blank=True)
    projet = models.ForeignKey(
        "Projet", on_delete=models.SET_NULL, null=True, blank=True, related_name="idees"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.titre

    @property
    def visible_publiquement(self) -> bool:
        return self.statut != self.Statut.DEPOSEE

    def document_visible_par(self, user) -> bool:
        """Photos : comme l'idée (publique une fois publiée, sinon auteur et services)."""
        return user.has_perm("participation.voir_idee", self)

    @transition(
        field=statut,
        source=Statut.DEPOSEE,
        target=Statut.PUBLIEE,
        permission="participation.gerer_idee",
    )
    def publier(self):
        "Publier"

    @transition(
        field=statut,
        source=[Statut.DEPOSEE, Statut.PUBLIEE],
        target=Statut.MODEREE,
        permission="participation.gerer_idee",
    )
    def moderer(self):
        "Écarter (modération)"

    @transition(
        field=statut,
        source=Statut.PUBLIEE,
        target=Statut.RETENUE,
        permission="participation.gerer_idee",
    )
    def retenir(self):
        "Retenir"

    @transition(
        field=statut,
        source=[Statut.PUBLIEE, Statut.RETENUE],
        target=Statut.FUSIONNEE,
        permission="participation.gerer_idee",
    )
    def fusionner(self):
        "Fusionner dans un projet"

    @transition(
        field=statut,
        source=Statut.PUBLIEE,
        target=Statut.NON_RETENUE,
        permission="participation.gerer_idee",
    )
    def ecarter(self):
        "Ne pas retenir"


class Projet(models.Model):
    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="projets")
    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.CASCADE, related_name="projets")
    # Numéro public du projet (celui du bulletin et du fichier pabulib).
    code = models.CharField(max_length=40)
    titre = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    categorie = models.CharField("catégorie", max_length=80, blank=True)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.PROTECT, null=True, blank=True
    )
    cout = models.DecimalField("coût (€)", max_digits=12, decimal_places=2)
    soumis_au_vote = models.BooleanField("retenu pour le vote", default=False)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enveloppe", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campagne", "code"], name="projet_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.titre}"


class Canal(models.TextChoices):
    EN_LIGNE = "en_ligne", "En ligne"
    PAPIER = "papier", "Sur papier"


class Votant(models.Model):
    """Registre des votants : qui a voté, jamais pour quoi.

    `empreinte` est un HMAC (clé hors base) de l'identité normalisée, du `sub` FranceConnect
    ou du code de vote : la même personne retrouve la même empreinte quel que soit le canal.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="votants")
    empreinte = models.CharField(max_length=64)
    canal = models.CharField(max_length=10, choices=Canal.choices)
    # Pour les chiffres publics de participation ; la date seule, jamais l'heure.
    jour = models.DateField()
    tranche_age = models.CharField(max_length=10, blank=True)
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campagne", "empreinte"], name="votant_unique")
        ]

    def __str__(self) -> str:
        return str(self.empreinte)


class Bulletin(models.Model):
    """Un bulletin dans l'urne : identifiant aléatoire, jour seulement, aucune trace du votant."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.CASCADE, related_name="bulletins")
    jour = models.DateField()
    # Identifiants (pk) des projets approuvés, triés.
    choix = models.JSONField()

    def __str__(self) -> str:
        return str(self.id)


class CodeVote(models.Model):
    """Code de vote à usage unique (papier, jeunes) : seul un condensé salé est gardé."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="codes")
    lot = models.PositiveIntegerField()
    # Les 4 premiers caractères servent à retrouver la ligne ; le reste n'est que condensé.
    repere = models.CharField(max_length=4, db_index=True)
    sel = models.CharField(max_length=32)
    condense = models.CharField(max_length=64)
    jeunes = models.BooleanField("réservé au vote des jeunes", default=False)
    utilise = models.BooleanField(default=False)

    def __str__(self) -> str:
        return str(self.repere)


class Resultat(models.Model):
    enveloppe = models.ForeignKey(Enveloppe, on_delete=models.CASCADE, related_name="resultats")
    methode = models.CharField(max_length=10, choices=Methode.choices)
    departage = models.CharField(max_length=20, choices=Departage.choices)
    calcule_le = models.DateTimeField(auto_now=True)
    bulletins = models.PositiveIntegerField(default=0)
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    cout_total = models.DecimalField(max_digits=14, decimal_places=2)
    selectionnes = models.JSONField(default=list)  # pk des projets, dans l'ordre de sélection
    tours = models.JSONField(default=list)
    voix = models.JSONField(default=dict)  # pk → voix

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enveloppe", "methode"], name="resultat_unique")
        ]

    def __str__(self) -> str:
        return str(self.methode)


class Realisation(models.Model):
    class Statut(models.TextChoices):
        A_LANCER = "a_lancer", "À lancer"
        EN_COURS = "en_cours", "En cours"
        TERMINEE = "terminee", "Terminée"
        ABANDONNEE = "abandonnee", "Abandonnée"

    projet = models.OneToOneField(Projet, on_delete=models.CASCADE, related_name="realisation")
    statut = models.CharField(max_length=12, choices=Statut.choices, default=Statut.A_LANCER)
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0)
    budget_depense = models.DecimalField(
        "budget dépensé (€)", max_digits=12, decimal_places=2, default=0
    )
    commentaire = models.TextField("point d'étape public", blank=True)
    mis_a_jour_le = models.DateTimeField(auto_now=True)

    def document_visible_par(self, user) -> bool:
        """Photos de l'avancement : publiques, comme la page de suivi."""
        return True

    def clean(self):
        if self.avancement > 100:
            raise ValidationError({"avancement": "L'avancement ne peut dépasser 100 %."})

    def __str__(self) -> str:  # noqa: DJ012
        return str(self.projet)


class PhotoRealisation(models.Model):
    """Photo de l'avancement d'une réalisation, publique, avec son texte alternatif."""

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


class Participation(models.Model):
    """Compteurs publics tenus à jour à chaque vote (commune, tranche d'âge, canal)."""

    class Dimension(models.TextChoices):
        TOTAL = "total", "Total"
        COMMUNE = "commune", "Commune"
        AGE = "age", "Tranche d'âge"
        CANAL = "canal", "Canal"

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    valeur = models.CharField(max_length=20)
    nombre = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "dimension", "valeur"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.valeur)
