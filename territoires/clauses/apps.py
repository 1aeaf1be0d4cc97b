from django.apps import AppConfig


class ClausesConfig(AppConfig):
    name = "territoires.clauses"
    verbose_name = "Clauses sociales"
