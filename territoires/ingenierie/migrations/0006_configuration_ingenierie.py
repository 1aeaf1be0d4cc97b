"""`Configuration` is renamed `ConfigurationIngenierie` (one name per application's
configuration: `ConfigurationAides`, `ConfigurationClauses`, `ConfigurationIngenierie`); the
row and its table are kept (the table is renamed)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ingenierie", "0005_message_de_la_collectivite")]

    operations = [migrations.RenameModel(old_name="Configuration", new_name="ConfigurationIngenierie")]
