"""Helpers shared by the services: who to notify, and the dossier's row lock."""

from django.core.exceptions import ValidationError

from territoires.core.models import Evenement

from ..models import Dossier


class ConflitDeVersion(ValidationError):
    pass


def organisation_members(organisation):
    return [m.user for m in organisation.membres.actifs().select_related("user")]


def dossier_instructors(dossier):
    return [
        m.user
        for m in dossier.dispositif.service.membres.actifs()
        .filter(role__in=["instructeur", "chef_service"])
        .select_related("user")
    ]


def dossier_lock(dossier: Dossier, version: int | None) -> Dossier:
    """Lock the dossier's row; refuse when someone saved it since `version` was read."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if version is not None and current.version != int(version):
        last = (
            Evenement.objects.filter(object_id=str(dossier.pk), acteur__isnull=False)
            .filter(content_type__model="dossier")
            .select_related("acteur")
            .order_by("-cree_le")
            .first()
        )
        qui = f" par {last.acteur}" if last else ""
        raise ConflitDeVersion(
            "Ce dossier a été modifié%(qui)s depuis que vous l'avez ouvert : vos changements "
            "n'ont pas été enregistrés. Rechargez la page pour voir la version actuelle, "
            "puis recommencez.",
            params={"qui": qui},
            code="conflit",
        )
    return current
