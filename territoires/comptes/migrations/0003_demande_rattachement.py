# DemandeAdhesion → DemandeRattachement: « adhésion » is the paid membership of the technical
# agency (ingenierie.Adhesion); a person asking to join an organisation asks to be attached.
# The table is renamed, rows are kept.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comptes', '0002_email_verifie'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='demandeadhesion',
            name='demande_adhesion_unique_en_attente',
        ),
        migrations.RenameModel(
            old_name='DemandeAdhesion',
            new_name='DemandeRattachement',
        ),
        migrations.AlterModelOptions(
            name='demanderattachement',
            options={
                'ordering': ['-cree_le'],
                'verbose_name': 'demande de rattachement',
                'verbose_name_plural': 'demandes de rattachement',
            },
        ),
        migrations.AlterField(
            model_name='demanderattachement',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='demandes_rattachement', to='comptes.organisation'),
        ),
        migrations.AlterField(
            model_name='demanderattachement',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='demandes_rattachement', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='demanderattachement',
            constraint=models.UniqueConstraint(condition=models.Q(('statut', 'en_attente')), fields=('user', 'organisation'), name='demande_rattachement_unique_en_attente'),
        ),
    ]
