"""FranceConnect (OpenID Connect, « code » flow) to prove one's identity when voting.

It is not a login to the site: the certified pivot identity (birth name, given names, birth
date) only serves to compute, with the declared commune of residence, the same fingerprint
as the identity declared online or on paper (services/votants.py `empreinte_identite`): a
person votes only once, whatever the channel. Neither the identity nor the `sub` are
recorded; only the fingerprint is kept in the session while voting.
"""

import datetime
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


def url_autorisation(request, *, campagne_slug: str, commune: str, retour: str) -> str:
    conf = _decouverte()
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    request.session[SESSION] = {
        "state": state,
        "nonce": nonce,
        "campagne": campagne_slug,
        "commune": commune,
    }
    params = {
        "response_type": "code",
        "client_id": settings.FRANCECONNECT_CLIENT_ID,
        "redirect_uri": retour,
        "scope": "openid given_name family_name birthdate",
        "state": state,
        "nonce": nonce,
        "acr_values": "eidas1",
    }
    return requests.Request("GET", conf["authorization_endpoint"], params=params).prepare().url


def identite_du_retour(request, *, retour: str) -> dict:
    """Check state, exchange the code, validate the id_token (signature, issuer, audience,
    nonce), read the pivot identity; returns campagne, commune, nom, prénoms, naissance."""
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
    jwks = jwt.PyJWKClient(conf["jwks_uri"], timeout=TIMEOUT)
    donnees = _decoder(jwks, jeton.json().get("id_token", ""), conf["issuer"])
    if donnees.get("nonce") != attendu["nonce"] or not donnees.get("sub"):
        raise PermissionDenied("Jeton FranceConnect invalide.")
    identite = _userinfo(conf, jwks, jeton.json().get("access_token", ""))
    if identite.get("sub") != donnees["sub"]:
        raise PermissionDenied("Identité FranceConnect incohérente.")
    try:
        naissance = datetime.date.fromisoformat(identite.get("birthdate", ""))
    except ValueError as exc:
        raise PermissionDenied("FranceConnect n'a pas transmis de date de naissance.") from exc
    if not identite.get("family_name") or not identite.get("given_name"):
        raise PermissionDenied("FranceConnect n'a pas transmis le nom et le prénom.")
    return {
        "campagne": attendu["campagne"],
        "commune": attendu["commune"],
        "nom": identite["family_name"],
        "prenom": identite["given_name"],
        "naissance": naissance,
    }


def _decoder(jwks, jeton: str, emetteur: str) -> dict:
    try:
        cle = jwks.get_signing_key_from_jwt(jeton)
        return jwt.decode(
            jeton,
            cle.key,
            algorithms=["RS256", "ES256"],
            audience=settings.FRANCECONNECT_CLIENT_ID,
            issuer=emetteur,
        )
    except jwt.PyJWTError as exc:
        raise PermissionDenied("Jeton FranceConnect invalide.") from exc


def _userinfo(conf: dict, jwks, access_token: str) -> dict:
    """FranceConnect v2 signs the identity (application/jwt); v1 returns it as JSON."""
    reponse = requests.get(
        conf["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=TIMEOUT,
    )
    if reponse.status_code != 200:
        raise PermissionDenied("FranceConnect n'a pas transmis l'identité.")
    if reponse.headers.get("Content-Type", "").startswith("application/jwt"):
        return _decoder(jwks, reponse.text.strip(), conf["issuer"])
    return reponse.json()
