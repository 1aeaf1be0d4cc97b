from django.apps import AppConfig


class UiConfig(AppConfig):
    verbose_name = "Interface"
    name = "territoires.ui"

    def ready(self):
        from . import home, navigation

        navigation.register_defaults()
        home.register_defaults()
