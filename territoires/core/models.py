"""What every module needs: audit trail, documents, notifications, background-task progress.

Audit trail
    `Evenement` is one line of the journal of any business object (generic relation): who, when,
    what changed (`changes` = {field: [old, new]}) and why. Write it with
    `journal.journal_record`, `journal.track_changes` or, for django-fsm-2 transitions,
    `workflow.transition_apply`; read it with `selectors.journal_for` and show it with
    `{% include "core/partials/journal.html" with evenements=... %}`.

    Objects that are *instructed* (dossiers, demandes…) also keep a full copy of every version
    with django-simple-history: declare ``history = HistoricalRecords()`` on the model (from
    ``simple_history.models``) and run makemigrations. The ``HistoryRequestMiddleware`` (already
    in settings) fills ``history_user`` from the request; in services and tasks set
    ``obj._history_user = actor`` before ``save()``. The journal says *why*; the history says
    exactly *what the object looked like* at each step.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone


class Evenement(models.Model):
    class Action(models.TextChoices):
        CREATION = "creation", "Création"
        MODIFICATION = "modification", "Modification"
        CHANGEMENT_ETAT = "changement_etat", "Changement d'état"
        SUPPRESSION = "suppression", "Suppression"
        TELECHARGEMENT = "telechargement", "Téléchargement"
        AUTRE = "autre", "Autre"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # Text so that objects with integer or UUID keys share the same journal.
    object_id = models.CharField(max_length=64)
    objet = GenericForeignKey("content_type", "object_id")
    # Kept so the journal still reads well once the object is deleted.
    objet_libelle = models.CharField("objet", max_length=255, blank=True)
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide quand l'action a été faite par le système.",
    )
    organisation = models.ForeignKey(
        "comptes.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    description = models.CharField(max_length=255, blank=True)
    changes = models.JSONField("modifications", default=dict, blank=True)
    motif = models.TextField(blank=True)
    cree_le = models.DateTimeField("date", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "cree_le"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.objet_libelle}"

    def changes_display(self) -> list[tuple[str, object, object]]:
        """(field label, old, new) for the template; labels come from the model, no query."""
        model = self.content_type.model_class() if self.content_type_id else None
        rows = []
        for name, values in (self.changes or {}).items():
            label = name
            if model is not None:
                try:
                    label = str(model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:  # a field removed since keeps its raw name
                    label = name
            old, new = (
                values if isinstance(values, list | tuple) and len(values) == 2 else ("", values)
            )
            rows.append((label[:1].upper() + label[1:], old, new))
        return rows


def document_upload_to(instance: "Document", filename: str) -> str:
    # Never the user's file name on disk: a random name, the extension of the detected type.
    suffix = PurePath(filename).suffix.lower()
    now = timezone.now()
    return f"documents/{now:%Y/%m}/{instance.id.hex}{suffix}"


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fichier = models.FileField(upload_to=document_upload_to, max_length=255)
    nom_original = models.CharField("nom du fichier", max_length=255)
    type_mime = models.CharField("type de contenu", max_length=120)
    taille = models.PositiveBigIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents_deposes",
    )
    organisation = models.ForeignKey(
        "comptes.Organisation",
        verbose_name="organisation propriétaire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    rattache_a = GenericForeignKey("content_type", "object_id")
    cree_le = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "document"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.nom_original

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:document_download", args=[self.pk])


class Notification(models.Model):
    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    titre = models.CharField(max_length=200)
    texte = models.TextField(blank=True)
    lien = models.CharField(
        max_length=500, blank=True, help_text="Chemin de la page concernée, par exemple /aides/12/."
    )
    categorie = models.CharField("catégorie", max_length=50, blank=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now, db_index=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    envoyee_le = models.DateTimeField("envoyée par courriel le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-cree_le", "-id"]
        indexes = [
            models.Index(fields=["destinataire", "lue_le"]),
            models.Index(fields=["envoyee_le", "destinataire"]),
        ]

    def __str__(self) -> str:
        return self.titre

    @property
    def est_lue(self) -> bool:
        return self.lue_le is not None


class TacheSuivi(models.Model):
    """Progress of a background task, as the person who launched it sees it."""

    class Statut(models.TextChoices):
        EN_ATTENTE = "en_attente", "En attente"
        EN_COURS = "en_cours", "En cours"
        TERMINEE = "terminee", "Terminée"
        ECHOUEE = "echouee", "Échouée"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Id of the django-tasks result (TaskResult.id), known once the task is enqueued.
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    proprietaire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lancée par",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="taches",
    )
    libelle = models.CharField("libellé", max_length=200)
    statut = models.CharField(max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE)
    total = models.PositiveIntegerField(null=True, blank=True)
    fait = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    resultat_url = models.CharField("lien vers le résultat", max_length=500, blank=True)
    resultat_texte = models.TextField("résultat", blank=True)
    erreur = models.TextField(blank=True)
    cree_le = models.DateTimeField("lancée le", default=timezone.now)
    debut_le = models.DateTimeField("commencée le", null=True, blank=True)
    fin_le = models.DateTimeField("terminée le", null=True, blank=True)
    # What to run again when the user relaunches a failed task (see task_tracking.task_relaunch).
    tache_chemin = models.CharField("tâche", max_length=200, blank=True)
    parametres = models.JSONField("paramètres", default=dict, blank=True)
    relance = models.ForeignKey(
        "self",
        verbose_name="relancée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "suivi de tâche"
        verbose_name_plural = "suivis de tâches"
        ordering = ["-cree_le"]

    def __str__(self) -> str:
        return self.libelle

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:tache_detail", args=[self.pk])

    @property
    def est_finie(self) -> bool:
        return self.statut in {self.Statut.TERMINEE, self.Statut.ECHOUEE}

    @property
    def pourcentage(self) -> int | None:
        if not self.total:
            return 100 if self.statut == self.Statut.TERMINEE else None
        return min(100, round(100 * self.fait / self.total))

    @property
    def badge_tone(self) -> str:
        return {
            self.Statut.EN_ATTENTE: "neutral",
            self.Statut.EN_COURS: "info",
            self.Statut.TERMINEE: "success",
            self.Statut.ECHOUEE: "error",
        }[self.statut]


class ServeurTaches(models.Model):
    """A running `territoires db_worker` process and its heartbeat.

    A task whose worker stopped beating (or whose process is gone, on the same machine) was
    interrupted: `task_tracking.tasks_reconcile` marks it failed.
    """

    identifiant = models.CharField(max_length=64, unique=True)
    # Host name and PID namespace: a PID is only meaningful on the same machine.
    machine = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    # Creation time of the process (epoch seconds): a reused PID is not the same worker.
    processus_cree = models.FloatField()
    demarre_le = models.DateTimeField("démarré le", default=timezone.now)
    battement_le = models.DateTimeField("dernier signe de vie", default=timezone.now)
    arrete_le = models.DateTimeField("arrêté le", null=True, blank=True)

    class Meta:
        verbose_name = "serveur de tâches"
        verbose_name_plural = "serveurs de tâches"
        ordering = ["-demarre_le"]

    def __str__(self) -> str:
        return f"{self.machine} (pid {self.pid})"
