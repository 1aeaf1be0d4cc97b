from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "territoires.participation"
    verbose_name = "Budget participatif"
