"""The stand-in provider itself behaves like an OIDC provider (checked with plain HTTP)."""

import jwt
import pytest
import requests

from .provider import OIDCProvider


@pytest.fixture
def provider():
    p = OIDCProvider(
        client_id="client",
        client_secret="secret",
        redirect_uris=["http://rp.test/callback/"],
        claims={"sub": "abc", "email": "a@b.test"},
    ).start()
    yield p
    p.stop()


def _code(provider, **extra):
    params = {
        "client_id": "client",
        "response_type": "code",
        "scope": "openid email",
        "redirect_uri": "http://rp.test/callback/",
        "state": "s1",
        "nonce": "n1",
        **extra,
    }
    response = requests.get(provider.url("/authorize"), params=params, allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


def test_discovery_and_code_flow(provider):
    discovery = requests.get(provider.url("/.well-known/openid-configuration")).json()
    assert discovery["issuer"] == provider.issuer
    location = _code(provider)
    assert location.startswith("http://rp.test/callback/?code=") and "state=s1" in location
    code = location.split("code=")[1].split("&")[0]
    token = requests.post(
        discovery["token_endpoint"],
        auth=("client", "secret"),
        data={"grant_type": "authorization_code", "code": code,
              "redirect_uri": "http://rp.test/callback/"},
    ).json()  # fmt: skip
    key = jwt.PyJWKSet.from_dict(requests.get(discovery["jwks_uri"]).json()).keys[0]
    claims = jwt.decode(token["id_token"], key, algorithms=["RS256"], audience="client")
    assert claims["nonce"] == "n1" and claims["sub"] == "abc"
    userinfo = requests.get(
        discovery["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert userinfo.headers["Content-Type"].startswith("application/jwt")
    assert jwt.decode(userinfo.text, key, algorithms=["RS256"], audience="client")["email"] == (
        "a@b.test"
    )
    # A code works once.
    again = requests.post(
        discovery["token_endpoint"],
        data={"grant_type": "authorization_code", "code": code, "client_id": "client",
              "client_secret": "secret", "redirect_uri": "http://rp.test/callback/"},
    )  # fmt: skip
    assert again.status_code == 400


def test_rejects_unknown_redirect_uri_and_bad_secret(provider):
    response = requests.get(
        provider.url("/authorize"),
        params={"client_id": "client", "response_type": "code", "scope": "openid",
                "redirect_uri": "http://evil.test/"},
        allow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 400
    code = _code(provider).split("code=")[1].split("&")[0]
    response = requests.post(
        provider.url("/token"),
        data={"grant_type": "authorization_code", "code": code, "client_id": "client",
              "client_secret": "wrong", "redirect_uri": "http://rp.test/callback/"},
    )  # fmt: skip
    assert response.status_code == 401
