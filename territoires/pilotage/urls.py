"""Mounted at the root (territoires/urls.py), before the referentiel, so that the territory
pages keep their addresses: /territoires/communes/<code>/, /territoires/epci/<siren>/.
"""

app_name = "pilotage"
urlpatterns: list = []
