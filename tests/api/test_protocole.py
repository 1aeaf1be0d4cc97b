"""What every operation shares: the OpenAPI schema, the documentation page, the error shape,
CORS, the rate limit per address."""

import pytest
from django.urls import reverse

from .factories import catalogue

pytestmark = pytest.mark.django_db


def test_openapi_schema_documents_every_error(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/donnees/ressources/{ressource_id}/lignes" in schema["paths"]
    for chemin, methodes in schema["paths"].items():
        assert list(methodes) == ["get"], chemin  # read only
        for code in ("400", "404", "422", "429", "500"):
            reference = methodes["get"]["responses"][code]["content"]["application/json"]
            assert reference["schema"]["$ref"] == "#/components/schemas/Erreur", chemin
    erreur = schema["components"]["schemas"]["ErreurCorps"]
    assert set(erreur["properties"]) == {"code", "message", "details"}


def test_documentation_page_in_french_without_inline_script(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "/api/donnees/ressources/{ressource_id}/lignes" in html
    assert "montant__gte" in html  # the filter syntax is written down
    assert "Retry-After" in html and "/api/openapi.json" in html
    for script in html.split("<script")[1:]:
        assert " src=" in script.split(">")[0] or 'type="application/' in script.split(">")[0]
    assert "cdn" not in html.lower()


def test_error_shape_is_stable(client):
    erreur = client.get("/api/donnees/jeux/inconnu").json()
    assert erreur == {
        "erreur": {
            "code": "introuvable",
            "message": "Jeu de données introuvable (ou non publié).",
            "details": [],
        }
    }
    response = client.get("/api/donnees/jeux?page=0&taille=abc")
    assert response.status_code == 422
    corps = response.json()["erreur"]
    assert corps["code"] == "parametre_invalide" and corps["message"] == "Paramètres invalides."
    assert {d["champ"]: d["message"] for d in corps["details"]} == {
        "page": "Valeur trop petite : au moins 1.",
        "taille": "Nombre entier attendu.",
    }


def test_server_error_keeps_the_shape(client, monkeypatch):
    from territoires.api import donnees

    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    # Only the API's own name for the catalogue filter: nothing else sees the breakdown.
    monkeypatch.setattr(donnees, "CatalogueFilter", broken)
    client.raise_request_exception = False
    response = client.get("/api/donnees/jeux")
    assert response.status_code == 500
    assert response.json()["erreur"]["code"] == "erreur_serveur"
    assert "panne" not in response.content.decode()


def test_only_get(client):
    response = client.post("/api/donnees/jeux")
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_cors_is_open_for_get_on_the_api_only(client):
    response = client.get("/api/donnees/jeux", headers={"Origin": "https://ailleurs.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/donnees/jeux",
        headers={"Origin": "https://ailleurs.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.get("/donnees/")
    assert "Access-Control-Allow-Origin" not in client.get("/aides/")


def test_rate_limit_per_address(client, settings):
    settings.API_LIMITE_DEBIT = "3/m"
    catalogue(n_lignes=1)
    for _ in range(3):
        assert client.get("/api/donnees/jeux").status_code == 200
    response = client.get("/api/donnees/jeux/equipements")
    assert response.status_code == 429
    assert response.json()["erreur"]["code"] == "trop_de_requetes"
    assert "réessayez" in response.json()["erreur"]["message"]
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Access-Control-Expose-Headers"] == "Retry-After"
    # Another address has its own count.
    assert client.get("/api/donnees/jeux", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_rate_limit_behind_the_proxy_counts_the_client(client, settings):
    settings.API_LIMITE_DEBIT = "2/m"
    settings.TERRITOIRES_BEHIND_PROXY = True
    for _ in range(2):
        response = client.get("/api/donnees/jeux", headers={"X-Forwarded-For": "203.0.113.7"})
        assert response.status_code == 200
    bloque = client.get("/api/donnees/jeux", headers={"X-Forwarded-For": "203.0.113.7"})
    assert bloque.status_code == 429
    autre = client.get("/api/donnees/jeux", headers={"X-Forwarded-For": "203.0.113.8"})
    assert autre.status_code == 200
