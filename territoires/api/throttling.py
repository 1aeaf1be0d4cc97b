"""Rate limit of the API per client address (`core/ip.py`, also behind the proxy).

The rate is the setting `API_LIMITE_DEBIT` (« 120/m »: 120 requests a minute), read at each
request so that a test or an operator can change it; counted in the default cache (shared
between processes when `CACHE_PARTAGE=1`). Over the limit: 429 with `Retry-After`.
"""

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from territoires.core.ip import client_ip


class IpRateThrottle(SimpleRateThrottle):
    scope = "api"
    cache_format = "api_debit_%(ident)s"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_LIMITE_DEBIT)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"ident": client_ip(request) or "inconnue"}

    def allow_request(self, request) -> bool:
        rate = settings.API_LIMITE_DEBIT
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)
