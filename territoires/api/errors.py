"""The one JSON shape of every error of the API, and the handlers that produce it.

    {"erreur": {"code": "introuvable", "message": "Jeu de données introuvable.", "details": []}}

`code` is stable (clients test it), `message` is French and readable, `details` lists the
faulty parameters (`champ`, `message`) of a 400 or 422.
"""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import Schema
from ninja.errors import HttpError, Throttled, ValidationError

logger = logging.getLogger(__name__)


class ErreurDetail(Schema):
    champ: str | None = None
    message: str


class ErreurCorps(Schema):
    code: str
    message: str
    details: list[ErreurDetail] = []


class Erreur(Schema):
    erreur: ErreurCorps


#: Every operation documents these answers (`response={200: …, **ERREURS}`).
ERREURS = {status: Erreur for status in (400, 404, 422, 429, 500)}

CODES = {
    400: "requete_invalide",
    404: "introuvable",
    405: "methode_non_permise",
    422: "parametre_invalide",
    429: "trop_de_requetes",
    500: "erreur_serveur",
}


class BadRequest(HttpError):
    """A well-formed request the data cannot answer (unknown column, bad cursor…): 400."""

    def __init__(self, message: str, *, champ: str | None = None) -> None:
        super().__init__(400, message)
        self.champ = champ


def error_body(status: int, message: str, details: list[dict] | None = None) -> dict:
    return {
        "erreur": {
            "code": CODES.get(status, "erreur"),
            "message": message,
            "details": details or [],
        }
    }


# pydantic error types → French message (ctx values are formatted in).
_MESSAGES = {
    "missing": "Paramètre obligatoire.",
    "int_parsing": "Nombre entier attendu.",
    "int_type": "Nombre entier attendu.",
    "int_from_float": "Nombre entier attendu.",
    "float_parsing": "Nombre attendu.",
    "decimal_parsing": "Nombre décimal attendu.",
    "bool_parsing": "Oui ou non attendu (true ou false).",
    "date_parsing": "Date attendue (AAAA-MM-JJ).",
    "date_from_datetime_parsing": "Date attendue (AAAA-MM-JJ).",
    "greater_than_equal": "Valeur trop petite : au moins {ge}.",
    "greater_than": "Valeur trop petite : plus de {gt}.",
    "less_than_equal": "Valeur trop grande : au plus {le}.",
    "less_than": "Valeur trop grande : moins de {lt}.",
    "string_too_long": "Texte trop long : au plus {max_length} caractères.",
    "string_too_short": "Texte trop court : au moins {min_length} caractères.",
    "string_pattern_mismatch": "Caractères non permis.",
    "literal_error": "Valeur inconnue ; valeurs permises : {expected}.",
    "enum": "Valeur inconnue ; valeurs permises : {expected}.",
}


def _french(error: dict) -> str:
    template = _MESSAGES.get(error.get("type", ""), "Valeur invalide.")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return _MESSAGES.get(error.get("type", ""), "Valeur invalide.").split(":")[0] + "."


def validation_details(errors: list[dict]) -> list[dict]:
    details = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        details.append({"champ": ".".join(loc) or None, "message": _french(error)})
    return details


def handlers_install(api) -> None:
    """Replace ninja's default handlers (English, `{"detail": …}`) by ours."""

    def validation(request, exc: ValidationError):
        body = error_body(422, "Paramètres invalides.", validation_details(exc.errors))
        return api.create_response(request, body, status=422)

    def throttled(request, exc: Throttled):
        body = error_body(
            429, "Trop de requêtes depuis votre adresse : réessayez dans quelques instants."
        )
        return api.create_response(request, body, status=429)

    def bad_request(request, exc: BadRequest):
        details = [{"champ": exc.champ, "message": exc.message}] if exc.champ else []
        return api.create_response(request, error_body(400, exc.message, details), status=400)

    def http_error(request, exc: HttpError):
        return api.create_response(
            request, error_body(exc.status_code, exc.message), status=exc.status_code
        )

    def not_found(request, exc: Http404):
        message = str(exc) or "Ressource introuvable."
        return api.create_response(request, error_body(404, message), status=404)

    def server_error(request, exc: Exception):
        logger.exception("Erreur de l'API sur %s", request.path, exc_info=exc)
        body = error_body(500, "Erreur interne du serveur ; elle est enregistrée.")
        return api.create_response(request, body, status=500)

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(BadRequest, bad_request)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(Exception, server_error)
