"""The NinjaAPI instance: routers, throttling, error handlers, OpenAPI metadata."""

from ninja import NinjaAPI

from . import aides, donnees, lignes, participation, territoires
from .errors import handlers_install
from .throttling import IpRateThrottle

DESCRIPTION = """API publique en lecture seule de Territoires : le catalogue des données
ouvertes et les lignes de chaque ressource tabulaire, les dispositifs d'aide et les
subventions attribuées, le budget participatif, les communes et intercommunalités.

Sans authentification ; `GET` seulement ; CORS ouvert. Limite de débit par adresse IP
(réponse 429 avec l'en-tête `Retry-After`). Toute erreur a la forme
`{"erreur": {"code": "…", "message": "…", "details": [{"champ": "…", "message": "…"}]}}`."""

api = NinjaAPI(
    title="API publique de Territoires",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # our French, accessible page from the schema (docs.py)
    throttle=[IpRateThrottle()],
    openapi_extra={"info": {"license": {"name": "AGPL-3.0-or-later"}}},
)
api.add_router("/donnees", donnees.router)
api.add_router("/donnees", lignes.router)
api.add_router("/aides", aides.router)
api.add_router("/budget-participatif", participation.router)
api.add_router("/territoires", territoires.router)
handlers_install(api)
