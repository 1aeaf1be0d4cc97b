from django.apps import AppConfig


class ComptesConfig(AppConfig):
    verbose_name = "Comptes et organisations"
    name = "territoires.comptes"

    def ready(self):
        from territoires.ui import navigation

        from .rules import active_memberships

        navigation.register(
            "Mon organisation",
            "comptes:membres",
            permission="comptes.manage_own_account",
            predicate=lambda user: bool(active_memberships(user)),
            order=90,
        )
