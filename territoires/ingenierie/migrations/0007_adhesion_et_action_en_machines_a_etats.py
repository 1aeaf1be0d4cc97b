"""`Adhesion.statut` and `Action.statut` become protected state machines (django-fsm-2): same
columns, same values; every change is now a journaled transition."""

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ingenierie', '0006_configuration_ingenierie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='action',
            name='statut',
            field=django_fsm.FSMField(choices=[('proposee', 'Proposée'), ('en_cours', 'En cours'), ('bloquee', 'Bloquée'), ('realisee', 'Réalisée'), ('abandonnee', 'Abandonnée')], default='proposee', max_length=12, protected=True),
        ),
        migrations.AlterField(
            model_name='adhesion',
            name='statut',
            field=django_fsm.FSMField(choices=[('appelee', 'Cotisation appelée'), ('payee', 'Adhérente'), ('refusee', 'Non renouvelée')], default='appelee', max_length=10, protected=True),
        ),
    ]
