from django.apps import AppConfig


class IngenierieConfig(AppConfig):
    name = "territoires.ingenierie"
    verbose_name = "Ingénierie territoriale"
