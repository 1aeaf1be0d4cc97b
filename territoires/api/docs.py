"""The documentation page `/api/docs`: French, accessible, generated from the OpenAPI schema
(no script: Swagger UI would need inline styles that the CSP refuses)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from territoires.core.access import public

from .main import api

LIEUX = {"path": "chemin", "query": "requête", "header": "en-tête"}


def _type(schema: dict) -> str:
    if "anyOf" in schema:
        return " ou ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = schema.get("type", "")
    if kind == "array":
        return f"liste de {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    bornes = []
    if "minimum" in schema:
        bornes.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        bornes.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        bornes.append(f"{schema['maxLength']} caractères au plus")
    noms = {"integer": "entier", "string": "texte", "number": "nombre", "boolean": "booléen"}
    texte = noms.get(kind, kind or "valeur")
    return f"{texte} ({', '.join(bornes)})" if bornes else texte


def _parameter(parametre: dict) -> dict:
    schema = parametre.get("schema", {})
    return {
        "nom": parametre["name"],
        "lieu": LIEUX.get(parametre.get("in"), parametre.get("in")),
        "type": _type(schema),
        "obligatoire": parametre.get("required", False),
        "description": parametre.get("description") or schema.get("description", ""),
        "defaut": schema.get("default"),
    }


def operations_by_tag(schema: dict) -> list[dict]:
    groupes: dict[str, list] = {}
    for chemin, methodes in schema.get("paths", {}).items():
        for methode, operation in methodes.items():
            tag = (operation.get("tags") or ["Autres"])[0]
            groupes.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", chemin),
                    "methode": methode.upper(),
                    "chemin": chemin,
                    "resume": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parametres": [_parameter(p) for p in operation.get("parameters", [])],
                    "reponses": sorted(operation.get("responses", {})),
                }
            )
    return [{"titre": tag, "operations": ops} for tag, ops in groupes.items()]


@public
@require_safe
def documentation(request):
    schema = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "schema_url": reverse("api:openapi-json"),
            "description": schema["info"].get("description", ""),
            "groupes": operations_by_tag(schema),
            "limite": settings.API_LIMITE_DEBIT,
            "exemple_url": request.build_absolute_uri(reverse("api:jeux")),
            "breadcrumb_items": [("API publique", None)],
        },
    )
