import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_initial"),
        ("referentiel", "0002_cantons"),
    ]

    operations = [
        # The free-text canton is replaced by the INSEE canton (never filled so far).
        migrations.RemoveField(model_name="enveloppe", name="canton"),
        migrations.AddField(
            model_name="enveloppe",
            name="canton",
            field=models.ForeignKey(
                blank=True,
                help_text="Pour une enveloppe par canton (cantons importés du COG de l'INSEE).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="referentiel.canton",
            ),
        ),
    ]
