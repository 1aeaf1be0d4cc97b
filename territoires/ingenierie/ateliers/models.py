"""Workshops of the public-procurement network (seed 001), shared between EPCI buyers.

The model belongs to the `ingenierie` application (table `ingenierie_atelier`);
`ingenierie.models` re-exports it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from territoires.comptes.models import Organisation


class Atelier(models.Model):
    titre = models.CharField(max_length=200)
    theme = models.CharField("thème", max_length=200)
    date = models.DateField()
    lieu = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(
        Organisation, verbose_name="organisations participantes", blank=True, related_name="+"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("ingenierie:atelier", args=[self.pk])

    def document_visible_par(self, user) -> bool:
        return user.has_perm("ingenierie.view_atelier", self)
