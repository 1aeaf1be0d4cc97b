"""A small but genuine OpenID Connect provider on loopback, standing in for ProConnect.

It speaks HTTP (stdlib `http.server` in a thread) and signs with RS256 (PyJWT + cryptography):

- `/.well-known/openid-configuration`: the discovery document;
- `/authorize`: checks client_id, response_type, redirect_uri and scope, then consents
  automatically for the configured user and redirects back with a one-time `code` and the
  `state`; the `nonce` is kept for the id_token;
- `/token`: exchanges the code (client authenticated by `client_secret_post` or
  `client_secret_basic`, redirect_uri checked again) for an access token and an RS256 id_token;
- `/userinfo`: like ProConnect, answers `application/jwt`, a JWT signed RS256 (or JSON when
  `userinfo_as_jwt` is false); `tamper_userinfo` signs it with another key to test rejection;
- `/jwks`: the public key;
- `/session/end`: RP-initiated logout, redirects to `post_logout_redirect_uri` with `state`.
"""

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class OIDCProvider:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    claims: dict  # the user who consents: sub, email, given_name, usual_name, siret…
    userinfo_as_jwt: bool = True
    tamper_userinfo: bool = False
    audience: str | None = None  # tokens' `aud`, the client_id unless a test forges it
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    codes: dict = field(default_factory=dict)
    access_tokens: dict = field(default_factory=dict)
    token_auth_methods: list = field(default_factory=list)
    logouts: list = field(default_factory=list)

    def __post_init__(self):
        self._key = _new_key()
        self._other_key = _new_key()
        self._server = None
        self._thread = None

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self) -> "OIDCProvider":
        provider = self

        class Handler(_Handler):
            pass

        Handler.provider = provider
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def issuer(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.issuer + path

    # --- tokens --------------------------------------------------------------------------------
    def sign(self, payload: dict, *, tampered: bool = False) -> str:
        key = self._other_key if tampered else self._key
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/authorize"),
            "token_endpoint": self.url("/token"),
            "userinfo_endpoint": self.url("/userinfo"),
            "jwks_uri": self.url("/jwks"),
            "end_session_endpoint": self.url("/session/end"),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "email", "given_name", "usual_name", "siret", "uid"],
        }


class _Handler(BaseHTTPRequestHandler):
    provider: OIDCProvider

    def log_message(self, format, *args):  # noqa: A002 (keep the test output quiet)
        pass

    # --- helpers -------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json",
              headers: dict | None = None):  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict):
        self._send(status, json.dumps(data).encode())

    def _redirect(self, url: str):
        self._send(302, b"", "text/plain", {"Location": url})

    def _query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    # --- routes --------------------------------------------------------------------------------
    def do_GET(self):
        path = urlsplit(self.path).path
        routes = {
            "/.well-known/openid-configuration": lambda: self._json(200, self.provider.discovery()),
            "/jwks": lambda: self._json(200, self.provider.jwks()),
            "/authorize": self._authorize,
            "/userinfo": self._userinfo,
            "/session/end": self._end_session,
        }
        handler = routes.get(path)
        if handler is None:
            return self._json(404, {"error": "not_found"})
        return handler()

    def do_POST(self):
        if urlsplit(self.path).path != "/token":
            return self._json(404, {"error": "not_found"})
        return self._token()

    def _authorize(self):
        p = self.provider
        q = self._query()
        redirect_uri = q.get("redirect_uri", "")
        if q.get("client_id") != p.client_id or redirect_uri not in p.redirect_uris:
            # Never redirect to an unregistered URI.
            return self._json(400, {"error": "invalid_request"})
        error = None
        if q.get("response_type") != "code":
            error = "unsupported_response_type"
        elif "openid" not in q.get("scope", "").split():
            error = "invalid_scope"
        if error:
            return self._redirect(
                f"{redirect_uri}?{urlencode({'error': error, 'state': q.get('state', '')})}"
            )
        code = secrets.token_urlsafe(24)
        p.codes[code] = {
            "client_id": p.client_id,
            "redirect_uri": redirect_uri,
            "nonce": q.get("nonce"),
            "scope": q.get("scope"),
            "acr": q.get("acr_values", ""),
        }
        params = {"code": code}
        if "state" in q:
            params["state"] = q["state"]
        return self._redirect(f"{redirect_uri}?{urlencode(params)}")

    def _client_credentials(self, form: dict) -> tuple[str, str, str]:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return client_id, secret, "client_secret_basic"
        return form.get("client_id", ""), form.get("client_secret", ""), "client_secret_post"

    def _token(self):
        p = self.provider
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        client_id, secret, method = self._client_credentials(form)
        if client_id != p.client_id or not secrets.compare_digest(secret, p.client_secret):
            return self._json(401, {"error": "invalid_client"})
        p.token_auth_methods.append(method)
        if form.get("grant_type") != "authorization_code":
            return self._json(400, {"error": "unsupported_grant_type"})
        grant = p.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._json(400, {"error": "invalid_grant"})
        now = int(time.time())
        id_token = p.sign(
            {
                "iss": p.issuer,
                "sub": p.claims["sub"],
                "aud": p.audience or p.client_id,
                "iat": now,
                "exp": now + 60,
                "nonce": grant["nonce"],
                "acr": grant["acr"] or "eidas1",
                "amr": ["pwd"],
            }
        )
        access_token = secrets.token_urlsafe(24)
        p.access_tokens[access_token] = grant
        return self._json(
            200,
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 60,
                "id_token": id_token,
                "scope": grant["scope"],
            },
        )

    def _userinfo(self):
        p = self.provider
        header = self.headers.get("Authorization", "")
        token = header[7:] if header.startswith("Bearer ") else ""
        if token not in p.access_tokens:
            return self._send(401, b"", "text/plain", {"WWW-Authenticate": "Bearer"})
        if not p.userinfo_as_jwt:
            return self._json(200, p.claims)
        now = int(time.time())
        payload = {
            **p.claims,
            "iss": p.issuer,
            "aud": p.audience or p.client_id,
            "iat": now,
            "exp": now + 60,
        }
        body = p.sign(payload, tampered=p.tamper_userinfo).encode()
        return self._send(200, body, "application/jwt; charset=utf-8")

    def _end_session(self):
        q = self._query()
        self.provider.logouts.append(q)
        target = q.get("post_logout_redirect_uri")
        if not target:
            return self._send(200, "Vous êtes déconnecté.".encode(), "text/plain; charset=utf-8")
        return self._redirect(f"{target}?{urlencode({'state': q.get('state', '')})}")
