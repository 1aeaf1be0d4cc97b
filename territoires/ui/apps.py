from django.apps import AppConfig


class UiConfig(AppConfig):
    verbose_name = "Interface"
    name = "territoires.ui"
