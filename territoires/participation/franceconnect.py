"""FranceConnect (OpenID Connect, flux « code ») pour prouver son identité au moment du vote.

Ce n'est pas une connexion au site : le `sub` renvoyé ne sert qu'à calculer l'empreinte du
registre des votants (HMAC, voir services.empreinte_franceconnect), gardée en session le
temps de voter. Le `sub` lui-même n'est jamais enregistré.
"""

import secrets

import jwt
import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied

TIMEOUT = 10
SESSION = "bp_franceconnect"


def actif() -> bool:
    return bool(settings.FRANCECONNECT_ISSUER and settings.FRANCECONNECT_CLIENT_ID)


def _decouverte() -> dict:
    url = settings.FRANCECONNECT_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
    reponse = requests.get(url, timeout=TIMEOUT)
    reponse.raise_for_status()
    return reponse.json()


def url_autorisation(request, *, campagne_slug: str, retour: str) -> str:
    conf = _decouverte()
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request.session[SESSION] = {"state": state, "nonce": nonce, "campagne": campagne_slug}
    params = {
        "response_type": "code",
        "client_id": settings.FRANCECONNECT_CLIENT_ID,
        "redirect_uri": retour,
        "scope": "openid",
        "state": state,
        "nonce": nonce,
        "acr_values": "eidas1",
    }
    return requests.Request("GET", conf["authorization_endpoint"], params=params).prepare().url


def sub_du_retour(request, *, retour: str) -> tuple[str, str]:
    """Vérifie state, échange le code, valide l'id_token (signature, émetteur, audience,
    nonce) ; rend (slug de la campagne, sub)."""
    attendu = request.session.pop(SESSION, None)
    if not attendu or request.GET.get("state") != attendu["state"] or "code" not in request.GET:
        raise PermissionDenied("Retour FranceConnect invalide.")
    conf = _decouverte()
    jeton = requests.post(
        conf["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": request.GET["code"],
            "redirect_uri": retour,
            "client_id": settings.FRANCECONNECT_CLIENT_ID,
            "client_secret": settings.FRANCECONNECT_CLIENT_SECRET,
        },
        timeout=TIMEOUT,
    )
    if jeton.status_code != 200:
        raise PermissionDenied("FranceConnect a refusé l'échange du code.")
    id_token = jeton.json().get("id_token", "")
    cle = jwt.PyJWKClient(conf["jwks_uri"], timeout=TIMEOUT).get_signing_key_from_jwt(id_token)
    try:
        donnees = jwt.decode(
            id_token,
            cle.key,
            algorithms=["RS256", "ES256"],
            audience=settings.FRANCECONNECT_CLIENT_ID,
            issuer=conf["issuer"],
        )
    except jwt.PyJWTError as exc:
        raise PermissionDenied("Jeton FranceConnect invalide.") from exc
    if donnees.get("nonce") != attendu["nonce"] or not donnees.get("sub"):
        raise PermissionDenied("Jeton FranceConnect invalide.")
    return attendu["campagne"], donnees["sub"]
