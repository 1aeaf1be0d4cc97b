"""The mission's queue, its filters and exports, the figures."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from territoires.ingenierie.models import Domaine, Sollicitation
from tests.comptes.factories import login

from .factories import SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


def _many(n, organisation, **kwargs):
    for _ in range(n):
        s = SollicitationFactory(organisation=organisation, **kwargs)
        s.communes.set([organisation.commune])


def _queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_runs_the_same_queries_for_3_and_30_rows(
    client, mission, commune, django_assert_max_num_queries
):
    login(client, mission["conseiller"])
    url = reverse("ingenierie:file") + "?statut=nouvelle&sort=organisation"
    _many(3, commune["organisation"], referent=mission["conseiller"])
    small = _queries(client, django_assert_max_num_queries, url)
    _many(27, commune["organisation"], referent=mission["conseiller2"])
    large = _queries(client, django_assert_max_num_queries, url)
    assert large == small
    assert small <= 20


def test_filters(client, mission, commune):
    other = collectivite()
    voirie = Domaine.objects.get(nom="Voirie et ouvrages d'art")
    a = SollicitationFactory(organisation=commune["organisation"], sujet="Pont de la Baïse")
    b = SollicitationFactory(
        organisation=other["organisation"],
        domaine=voirie,
        referent=mission["conseiller"],
        sujet="Route du moulin",
    )
    b.deposee_le = datetime.datetime(2020, 5, 1, tzinfo=datetime.UTC)
    b.save()
    login(client, mission["chef"])
    url = reverse("ingenierie:file")

    def sujets(**params):
        response = client.get(url, params)
        return {s.sujet for s in response.context["page_obj"]}

    assert sujets() == {a.sujet, b.sujet}
    assert sujets(domaine=voirie.pk) == {b.sujet}
    assert sujets(referent=mission["conseiller"].pk) == {b.sujet}
    assert sujets(epci=commune["epci"].pk) == {a.sujet}
    assert sujets(jusqu_a="2020-12-31") == {b.sujet}
    assert sujets(q="baïse") == {a.sujet} or sujets(q="Baïse") == {a.sujet}
    assert sujets(statut=["en_cours"]) == set()
    Sollicitation.objects.filter(pk=a.pk).update(
        inactivite_signalee_le=datetime.datetime.now(tz=datetime.UTC)
    )
    assert sujets(inactives="on") == {a.sujet}
    # The chosen date comes back in the date field (ISO), not lost.
    assert 'value="2020-12-31"' in client.get(url, {"jusqu_a": "2020-12-31"}).content.decode()


def test_exports_follow_the_filters(client, mission, commune, django_assert_max_num_queries):
    voirie = Domaine.objects.get(nom="Voirie et ouvrages d'art")
    _many(3, commune["organisation"])
    SollicitationFactory(organisation=commune["organisation"], domaine=voirie, sujet="Pont")
    login(client, mission["conseiller"])
    url = reverse("ingenierie:file_export_csv")
    response = client.get(url, {"domaine": voirie.pk})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "Numéro" and len(rows) == 2 and rows[1][4] == "Pont"

    _many(20, commune["organisation"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ingenierie:file_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 25


@pytest.fixture
def figures(db, mission):
    """Three EPCIs of the Gers, three communes; requests in 2017 (2) and 2024 (4)."""
    first, second = collectivite(), collectivite()
    third = collectivite(departement=first["commune"].departement)
    from tests.comptes.factories import EpciOrganisationFactory

    epci_org = EpciOrganisationFactory(epci=first["epci"])

    def make(organisation, year, days_to_answer=None, days_to_close=None, statut="nouvelle"):
        deposee = datetime.datetime(year, 3, 1, tzinfo=datetime.UTC)
        s = SollicitationFactory(
            organisation=organisation,
            deposee_le=deposee,
            statut=statut,
            premiere_reponse_le=deposee + datetime.timedelta(days=days_to_answer)
            if days_to_answer is not None
            else None,
            cloturee_le=deposee + datetime.timedelta(days=days_to_close)
            if days_to_close is not None
            else None,
        )
        if organisation.commune_id:
            s.communes.set([organisation.commune])
        return s

    make(first["organisation"], 2017, 2, 30, "terminee")
    make(epci_org, 2017, 4, 50, "terminee")
    make(first["organisation"], 2024, 6)
    make(second["organisation"], 2024)
    make(second["organisation"], 2024)
    make(second["organisation"], 2024, statut="fusionnee")  # a duplicate: not counted
    make(third["organisation"], 2024)
    return {"third": third}


def test_stats_command_json(figures, capsys):
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2024, fmt="json")
    stats = json.loads(capsys.readouterr().out)
    assert stats["total"] == 6
    assert stats["par_annee"][0] == {"annee": 2017, "sollicitations": 2}
    assert stats["par_annee"][-1] == {"annee": 2024, "sollicitations": 4}
    assert len(stats["par_annee"]) == 8  # empty years are shown
    assert stats["croissance_pourcent"] == 100
    assert stats["communes"] == {"servies": 3, "total": 3, "part_pourcent": 100}
    assert stats["epcis"] == {"servis": 1, "total": 3, "part_pourcent": 33}
    assert stats["delai_median_premiere_reponse_jours"] == 4.0
    assert stats["delai_median_cloture_jours"] == 40.0


def test_stats_command_csv_and_period(figures, capsys):
    call_command("ingenierie_stats", depuis=2024, fmt="csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert rows[0] == ["section", "libelle", "valeur"]
    assert ["Synthèse", "Sollicitations", "4"] in rows


def test_dashboard_and_reports(client, figures, mission):
    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:tableau_de_bord"), {"depuis": 2017, "jusqu_a": 2024})
    html = response.content.decode()
    assert response.status_code == 200
    assert "+100 %" in html and "Sollicitations par commune" in html
    # SVG lengths are never localised (« 37,5 » is not a length).
    assert not re.search(r'<rect[^>]*width="[0-9]+,', html)
    response = client.get(reverse("ingenierie:rapport_xlsx"), {"depuis": 2017})
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Synthèse"]["B2"].value == 6
    response = client.get(reverse("ingenierie:rapport_pdf"), {"depuis": 2017})
    assert response.content.startswith(b"%PDF")
    # A collectivité has no access to the mission's dashboard.
    login(client, figures["third"]["maire"])
    assert client.get(reverse("ingenierie:tableau_de_bord")).status_code == 403


def test_dashboard_shows_the_commands_figures(client, figures, mission, capsys):
    call_command("ingenierie_stats", depuis=2017, jusqu_a=2024, fmt="json")
    command = json.loads(capsys.readouterr().out)
    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:tableau_de_bord"), {"depuis": 2017, "jusqu_a": 2024})
    assert json.loads(json.dumps(response.context["stats"])) == command
    html = response.content.decode()
    for figure in ("33 %", "3 sur 3", "1 sur 3", "4,0 j", "40,0 j"):
        assert figure in html, figure


def test_ressources_search(client, mission, commune):
    from .factories import RessourceFactory

    guide = RessourceFactory(titre="Guide de l'assainissement collectif")
    guide.domaines.set([Domaine.objects.get(nom="Eau et assainissement")])
    RessourceFactory(titre="Modèle de CCAP")
    login(client, commune["maire"])
    response = client.get(reverse("ingenierie:ressources"), {"q": "assainissement"})
    assert [r.titre for r in response.context["page_obj"]] == [guide.titre]
    assert client.get(reverse("ingenierie:ressource_nouvelle")).status_code == 403
    login(client, mission["conseiller"])
    response = client.post(
        reverse("ingenierie:ressource_nouvelle"),
        {"titre": "Nouveau guide", "type": "guide", "url": ""},
    )
    assert "Indiquez un lien ou joignez un fichier" in response.content.decode()
    response = client.post(
        reverse("ingenierie:ressource_nouvelle"),
        {"titre": "Nouveau guide", "type": "guide", "url": "https://exemple.test/g"},
    )
    assert response.status_code == 302


def test_yearly_report_compares_with_the_year_before(client, figures, mission):
    from pypdf import PdfReader

    login(client, mission["conseiller"])
    response = client.get(reverse("ingenierie:rapport_pdf"), {"depuis": 2024, "jusqu_a": 2024})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "En bref" in text and "4 sollicitations en 2024" in text
    response = client.get(reverse("ingenierie:rapport_xlsx"), {"depuis": 2024, "jusqu_a": 2024})
    sheet = load_workbook(io.BytesIO(response.content))["En bref"]
    assert sheet["A2"].value.startswith("3 communes accompagnées (contre 0 en 2023), dont 2")


def test_request_page_queries_do_not_grow_with_its_actions_and_notes(client, mission, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from territoires.ingenierie.models import Action, Commentaire, Note

    sollicitation = SollicitationFactory(
        organisation=commune["organisation"], statut="en_cours", referent=mission["conseiller"]
    )

    def add(n):
        for i in range(n):
            action = Action.objects.create(sollicitation=sollicitation, titre=f"Action {i}")
            Commentaire.objects.create(action=action, texte="Vu", auteur=commune["maire"])
            Note.objects.create(sollicitation=sollicitation, texte="Note", publique=bool(i % 2))

    def count(user):
        login(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(sollicitation.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    add(3)
    count(mission["conseiller"])  # warm-up: the content-type cache fills once per process
    small = (count(mission["conseiller"]), count(commune["maire"]))
    add(27)
    assert (count(mission["conseiller"]), count(commune["maire"])) == small


def test_the_sortable_headers_sort_the_queue(client, mission, commune):
    other = collectivite()
    other["organisation"].nom = "Aaa commune"
    other["organisation"].save()
    commune["organisation"].nom = "Zzz commune"
    commune["organisation"].save()
    SollicitationFactory(organisation=commune["organisation"])
    SollicitationFactory(organisation=other["organisation"])
    login(client, mission["chef"])
    url = reverse("ingenierie:file")

    def organisations(**params):
        response = client.get(url, params)
        return [s.organisation.nom for s in response.context["page_obj"]]

    html = client.get(url).content.decode()
    assert "?sort=organisation" in html  # the header's link
    assert organisations(sort="organisation") == ["Aaa commune", "Zzz commune"]
    assert organisations(sort="-organisation") == ["Zzz commune", "Aaa commune"]
    # An unknown key keeps the default order (latest first), without an error.
    response = client.get(url, {"sort": "mot_de_passe"})
    assert response.context["sort"] == "-deposee_le"
    assert [s.organisation.nom for s in response.context["page_obj"]] == [
        "Aaa commune",
        "Zzz commune",
    ]


def test_ressources_filters(client, mission, commune):
    from .factories import RessourceFactory

    eau = Domaine.objects.get(nom="Eau et assainissement")
    guide = RessourceFactory(titre="Guide de l'eau", type="guide")
    guide.domaines.set([eau])
    modele = RessourceFactory(titre="Modèle de délibération", type="acte")
    modele.domaines.set([eau, Domaine.objects.get(nom="Autre")])
    RessourceFactory(titre="Guide non publié", publiee=False)
    login(client, commune["maire"])
    url = reverse("ingenierie:ressources")

    def titres(**params):
        return [r.titre for r in client.get(url, params).context["page_obj"]]

    assert titres() == ["Guide de l'eau", "Modèle de délibération"]
    assert titres(domaine=eau.pk) == ["Guide de l'eau", "Modèle de délibération"]
    assert titres(type="acte") == ["Modèle de délibération"]
    assert titres(q="guide eau") == ["Guide de l'eau"]
