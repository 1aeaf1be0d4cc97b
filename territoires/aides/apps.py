from django.apps import AppConfig


class AidesConfig(AppConfig):
    name = "territoires.aides"
    verbose_name = "Aides aux collectivités"
