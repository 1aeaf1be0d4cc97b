"""Behind the production proxy, limits count the visitor's address, not the proxy's."""

import pytest
from django.test import RequestFactory

from territoires.core.ip import client_ip


def _requete(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **meta)


def test_without_proxy_the_forwarded_header_is_ignored(settings):
    settings.TERRITOIRES_BEHIND_PROXY = False
    # A visitor cannot choose its address by sending the header itself.
    assert client_ip(_requete(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "127.0.0.1"


def test_behind_the_proxy_the_address_it_saw_is_used(settings):
    settings.TERRITOIRES_BEHIND_PROXY = True
    # The first entry was sent by the client; the last was appended by our nginx.
    requete = _requete(HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert client_ip(requete) == "198.51.100.7"
    assert client_ip(_requete()) == "127.0.0.1"


@pytest.mark.django_db
def test_signups_behind_the_proxy_are_limited_per_visitor(client, settings):
    settings.TERRITOIRES_BEHIND_PROXY = True
    settings.INSCRIPTION_LIMITE_PAR_HEURE = 1
    from django.core.cache import cache

    cache.clear()

    def inscrire(adresse, ip):
        return client.post(
            "/comptes/inscription/",
            {
                "email": adresse,
                "password1": "Un mot de passe solide 2026",
                "password2": "Un mot de passe solide 2026",
                "consentement": "on",
            },
            HTTP_X_FORWARDED_FOR=ip,
        )

    assert inscrire("a@example.org", "198.51.100.7").status_code == 302
    client.logout()
    assert inscrire("b@example.org", "198.51.100.7").status_code == 429
    # Another visitor through the same proxy is not blocked by the first one.
    assert inscrire("c@example.org", "198.51.100.8").status_code == 302
