"""Residents' profiles, idées (moderation, assessment by the services) and projets."""

from django.conf import settings
from django.db import models
from django_fsm import FSMField, FSMModelMixin, transition

from .campagnes import Campagne, EnveloppeCampagne, RegleFigee

MESSAGE_PROJET_FIGE = (
    "Le vote est ouvert : les projets soumis au vote, leur enveloppe et leur coût sont figés."
)


class ProfilCitoyen(models.Model):
    """Age and commune declared by a resident (to propose an idée, and for statistics)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil_citoyen"
    )
    date_naissance = models.DateField("date de naissance")
    commune = models.ForeignKey(
        "referentiel.Commune", on_delete=models.PROTECT, null=True, blank=True
    )

    def __str__(self) -> str:
        return str(self.user)


def _a_un_projet(idee: "Idee") -> bool:
    return idee.projet_id is not None


class Idee(FSMModelMixin, models.Model):
    """An idée proposed by a resident (or received on paper), moderated then assessed.

    Moderation publishes it or sets it aside with a public reason; the services' assessment
    keeps it (it then becomes a projet, alone or merged with others) or not, with a public
    justification. Every change of `statut` goes through `core.workflow.transition_apply`.
    """

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
        EnveloppeCampagne, on_delete=models.SET_NULL, null=True, blank=True, related_name="idees"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="idees_budget",
    )
    # An idée received on paper: typed in by an agent on behalf of a person.
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
    statut = FSMField(default=Statut.DEPOSEE, choices=Statut.choices, protected=True)
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
        """Photos are seen as the idée is (public once published, else author and services)."""
        return user.has_perm("participation.voir_idee", self)

    @transition(
        field=statut,
        source=Statut.DEPOSEE,
        target=Statut.PUBLIEE,
        permission="participation.gerer_idee",
        custom={"label": "Publier"},
    )
    def publier(self):
        pass

    @transition(
        field=statut,
        source=[Statut.DEPOSEE, Statut.PUBLIEE],
        target=Statut.MODEREE,
        permission="participation.gerer_idee",
        custom={"label": "Écarter (modération)"},
    )
    def moderer(self):
        pass

    @transition(
        field=statut,
        source=Statut.PUBLIEE,
        target=Statut.RETENUE,
        permission="participation.gerer_idee",
        custom={"label": "Retenir"},
    )
    def retenir(self):
        pass

    @transition(
        field=statut,
        source=[Statut.PUBLIEE, Statut.RETENUE],
        target=Statut.FUSIONNEE,
        permission="participation.gerer_idee",
        custom={"label": "Fusionner dans un projet"},
        conditions=[_a_un_projet],
    )
    def fusionner(self):
        pass

    @transition(
        field=statut,
        source=Statut.PUBLIEE,
        target=Statut.NON_RETENUE,
        permission="participation.gerer_idee",
        custom={"label": "Ne pas retenir"},
    )
    def ecarter(self):
        pass


class Projet(models.Model):
    """A projet born of one or more retained idées (or imported), put to the vote or not."""

    campagne = models.ForeignKey(Campagne, on_delete=models.CASCADE, related_name="projets")
    enveloppe = models.ForeignKey(
        EnveloppeCampagne, on_delete=models.CASCADE, related_name="projets"
    )
    # Public number of the projet (on the ballot and in the pabulib file).
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

    # What a ballot is checked against: frozen with the rules once the vote opens, so that
    # no ballot cast before a change breaks it (CONSUL #5321), and the confirmation may
    # check against a copy read once (`participation/scrutin.py`).
    CHAMPS_BULLETIN = ("campagne_id", "enveloppe_id", "cout", "soumis_au_vote")

    def _bulletin_modifie(self) -> bool:
        ancien = (
            Projet.objects.filter(pk=self.pk).values(*self.CHAMPS_BULLETIN).first()
            if self.pk
            else None
        )
        if ancien is None:
            return self.soumis_au_vote
        if not (ancien["soumis_au_vote"] or self.soumis_au_vote):
            return False
        return any(ancien[c] != getattr(self, c) for c in self.CHAMPS_BULLETIN)

    def _figee(self) -> bool:
        campagne = Campagne.objects.filter(pk=self.campagne_id).only("vote_debut").first()
        return campagne is not None and campagne.figee

    def save(self, *args, **kwargs):  # noqa: DJ012
        # `_import`: a campaign imported already voted, or prepared (demo, tests); one save.
        hors_regles = self.__dict__.pop("_import", False)
        if not hors_regles and self._bulletin_modifie() and self._figee():
            raise RegleFigee(MESSAGE_PROJET_FIGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.soumis_au_vote and self._figee():
            raise RegleFigee(MESSAGE_PROJET_FIGE)
        return super().delete(*args, **kwargs)
