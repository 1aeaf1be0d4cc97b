"""`Enveloppe` becomes `EnveloppeCampagne` (one name, one meaning: `aides.Enveloppe` is the
credits of an aid scheme). The table is renamed, rows and foreign keys are kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0003_photos_realisation"),
    ]

    operations = [
        migrations.RenameModel(old_name="Enveloppe", new_name="EnveloppeCampagne"),
        migrations.AlterModelOptions(
            name="enveloppecampagne",
            options={
                "ordering": ["campagne", "pk"],
                "verbose_name": "enveloppe",
                "verbose_name_plural": "enveloppes",
            },
        ),
    ]
