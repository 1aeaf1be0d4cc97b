from django.apps import AppConfig


class ReferentielConfig(AppConfig):
    verbose_name = "Référentiel territorial"
    name = "territoires.referentiel"
