from django.apps import AppConfig


class UiConfig(AppConfig):
    verbose_name = "Interface"
    name = "territoires.ui"

    def ready(self):
        from territoires.core import middleware

        from . import home, navigation, views

        navigation.register_defaults()
        home.register_defaults()
        middleware.unavailable_page_register(views.database_unavailable_page)
