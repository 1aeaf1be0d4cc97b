"""A deleted version takes its rows with it.

Connected by `OpendataConfig.ready()`. The drop runs in the transaction of the deletion
(DDL is transactional on SQLite and PostgreSQL): if the deletion is rolled back, the table
stays. Deleting a resource or a dataset cascades to its versions, which fires this too.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from territoires.opendata.models import VersionRessource

from . import table_drop
from .query import CLE


@receiver(post_delete, sender=VersionRessource, dispatch_uid="opendata_tabulaire_drop")
def version_deleted(sender, instance: VersionRessource, **kwargs) -> None:
    for cle in {instance.table, f"v{instance.pk}"}:
        if cle and CLE.match(cle):
            table_drop(cle=cle)
