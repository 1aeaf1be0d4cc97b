import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from territoires.aides import services
from territoires.aides.models import Dossier
from tests.comptes.factories import login

from .factories import D, dossier_ddr, world

pytestmark = pytest.mark.django_db


def _post_dossier(client, **overrides):
    data = {
        "intitule": "Réfection du lavoir",
        "description": "Toiture",
        "siret_beneficiaire": "",
        "cout_ht": "20000",
        "montant_demande": "8000",
        "depense_0_libelle": "Travaux",
        "depense_0_montant": "20000",
        "financement_autofinancement": "6000",
        "financement_etat_detr": "6000",
    }
    data.update(overrides)
    return client.post(reverse("aides:dossier_nouveau", args=["ddr"]), data)


def test_commune_files_from_the_catalogue(client):
    w = world()
    login(client, w.agent)
    assert client.get(reverse("aides:catalogue")).status_code == 200
    page = client.get(reverse("aides:dispositif", args=["ddr"]))
    assert "Vous pouvez déposer une demande" in page.content.decode()
    response = _post_dossier(client, siret_beneficiaire=w.commune.siret)
    dossier = Dossier.objects.get()
    assert response.url == dossier.get_absolute_url()
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Contrôles du dispositif" in page
    # The dossier's « Déposer » leads to the summary; filing is confirmed there.
    recap = client.post(reverse("aides:dossier_deposer", args=[dossier.pk]))
    assert recap.url == reverse("aides:dossier_recapitulatif", args=[dossier.pk])
    client.post(reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"})
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    # Second dossier of the year: refused with the reason, shown to the commune.
    _post_dossier(client, siret_beneficiaire=w.commune.siret, intitule="Aire de jeux")
    second = Dossier.objects.exclude(pk=dossier.pk).get()
    response = client.post(
        reverse("aides:dossier_deposer", args=[second.pk]), {"confirmer": "1"}, follow=True
    )
    assert "Limite atteinte" in response.content.decode()
    second.refresh_from_db()
    assert second.statut == "brouillon"
    # The pre-check now says why.
    page = client.get(reverse("aides:dispositif", args=["ddr"])).content.decode()
    assert "Limite atteinte" in page


def test_invalid_siret_is_refused_in_the_form(client):
    w = world()
    login(client, w.agent)
    response = _post_dossier(client, siret_beneficiaire="12345678901234")
    assert "SIRET n&#x27;est pas valide" in response.content.decode()


def test_other_commune_gets_404_and_commune_never_sees_annotations(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    services.annotation_add(dossier=dossier, actor=w.instructeur, texte="Note très privée")
    login(client, w.agent_b)
    assert client.get(dossier.get_absolute_url()).status_code == 404
    login(client, w.agent)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Note très privée" not in page
    assert client.post(reverse("aides:dossier_annotation", args=[dossier.pk])).status_code == 404
    login(client, w.instructeur)
    assert "Note très privée" in client.get(dossier.get_absolute_url()).content.decode()


def test_instructor_list_constant_queries(client, django_assert_max_num_queries):
    w = world()
    login(client, w.instructeur)
    for i in range(3):
        org = w.commune if i == 0 else None
        d = dossier_ddr(w, organisation=org or w.commune_b, intitule=f"Projet {i}")
        Dossier.objects.filter(pk=d.pk).update(statut="depose", numero=f"X-{i}")
    client.get(reverse("aides:instruction"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("aides:instruction"))
    for i in range(30):
        d = dossier_ddr(w, organisation=w.commune_b, intitule=f"Autre {i}")
        Dossier.objects.filter(pk=d.pk).update(statut="depose", numero=f"Y-{i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("aides:instruction"))
    assert "Autre 29" in response.content.decode()


def test_dashboard_and_session_report(client):
    w = world()
    login(client, w.chef)
    assert client.get(reverse("aides:tableau") + "?annee=2026").status_code == 200
    session = w.ddr.sessions.first()
    assert client.get(session.get_absolute_url()).status_code == 200


def test_exports_csv_xlsx(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    login(client, w.instructeur)
    response = client.get(reverse("aides:instruction_export", args=["csv"]) + "?etat=depose")
    body = b"".join(response.streaming_content).decode()
    assert "AID-2026-00001" in body
    assert dossier.organisation.nom in body and "2026-03-01" in body
    response = client.get(reverse("aides:instruction_export", args=["xlsx"]))
    # The instructor opens the workbook: one line for the dossier, its amounts as numbers.
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    entete, lignes = rows[0], rows[1:]
    assert len(lignes) == 1
    ligne = dict(zip(entete, lignes[0], strict=True))
    assert ligne["Numéro"] == "AID-2026-00001"
    assert ligne["Bénéficiaire"] == dossier.organisation.nom
    assert (D(str(ligne["Coût HT"])), D(str(ligne["Demandé"]))) == (D("20000"), D("8000"))


def test_dashboard_constant_queries(client, django_assert_max_num_queries):
    w = world()
    login(client, w.chef)

    def attribuer(n):
        for i in range(n):
            d = dossier_ddr(w, organisation=w.commune_b, intitule=f"P{i}")
            Dossier.objects.filter(pk=d.pk).update(
                statut="attribue",
                numero=f"Z-{n}-{i}",
                montant_attribue=D("5000"),
                decide_le=datetime.date(2026, 6, 26),
                depose_le=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
                session=w.ddr.sessions.get(nom__contains="juin 2026"),
            )

    attribuer(3)
    url = reverse("aides:tableau") + "?annee=2026"
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    attribuer(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "33 subvention(s) attribuée(s)" in response.content.decode()


def test_f2d_epci_files_an_operation_of_its_contract_and_archive_zip(client):
    import io
    import random
    import zipfile

    from territoires.aides.configuration import contrats_f2d
    from territoires.comptes.models import Role
    from tests.comptes.factories import MembreFactory, UserFactory

    w = world()
    contrats = contrats_f2d(f2d=w.dispositifs["f2d"], epcis=[w.epci], rng=random.Random(1))
    agent_epci = MembreFactory(role=Role.AGENT, organisation=w.epci, user=UserFactory()).user
    login(client, agent_epci)
    page = client.get(reverse("aides:dispositif", args=["f2d"])).content.decode()
    assert "Contrat 2021-2027" in page
    operation = contrats[1].operations.first()
    response = _post_dossier(
        client,
        siret_beneficiaire="",
        operation=operation.pk,
        intitule=operation.intitule,
    )
    assert response.status_code == 200  # SIRET required
    from tests.comptes.factories import valid_siret

    client.post(
        reverse("aides:dossier_nouveau", args=["f2d"]),
        {
            "operation": operation.pk,
            "intitule": operation.intitule,
            "siret_beneficiaire": valid_siret(w.epci.siren),
            "cout_ht": "100000",
            "montant_demande": "40000",
            "depense_0_libelle": "Travaux",
            "depense_0_montant": "100000",
            "financement_autofinancement": "30000",
            "financement_region": "30000",
        },
    )
    dossier = Dossier.objects.get(dispositif__code="f2d")
    assert dossier.operation == operation
    services.dossier_submit(dossier=dossier, actor=agent_epci, date=datetime.date(2026, 1, 10))
    login(client, w.instructeur)
    response = client.get(reverse("aides:dossier_archive", args=[dossier.pk]))
    content = b"".join(response.streaming_content)  # sent from a temporary file
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert {"dossier.csv", "journal.csv"} <= set(names)


def test_finance_commits_the_grant(client):
    w = world()
    dossier = dossier_ddr(w)
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue", montant_attribue=D("8000"))
    login(client, w.finances)
    client.post(reverse("aides:dossier_engager", args=[dossier.pk]), {"numero": "EJ-42"})
    dossier.refresh_from_db()
    assert dossier.statut == "engage"
    assert dossier.numero_engagement == "EJ-42"


def test_completeness_round_trip_signed_act_and_applicant_edit(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from territoires.aides.models import ActeSigne

    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    login(client, w.instructeur)
    client.post(
        reverse("aides:dossier_complements", args=[dossier.pk]),
        {"motif": "Il manque la délibération du conseil municipal."},
    )
    dossier.refresh_from_db()
    assert dossier.statut == "incomplet"
    agent = client.__class__()
    login(agent, w.agent)
    page = agent.get(dossier.get_absolute_url()).content.decode()
    assert "Il manque la délibération du conseil municipal." in page
    # The applicant corrects the dossier (optimistic lock: the version of the page).
    form = {
        "intitule": "Réfection du lavoir et de ses abords",
        "siret_beneficiaire": dossier.siret_beneficiaire,
        "cout_ht": "20000",
        "montant_demande": "8000",
        "depense_0_libelle": "Travaux",
        "depense_0_montant": "20000",
        "financement_autofinancement": "6000",
        "financement_etat_detr": "6000",
        "version": dossier.version,
    }
    agent.post(reverse("aides:dossier_modifier", args=[dossier.pk]), form)
    stale = agent.post(reverse("aides:dossier_modifier", args=[dossier.pk]), form, follow=True)
    assert "a été modifié" in stale.content.decode()
    agent.post(reverse("aides:dossier_deposer", args=[dossier.pk]), {"confirmer": "1"})
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    assert dossier.intitule == "Réfection du lavoir et de ses abords"
    # Signed act uploaded back once granted.
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue", montant_attribue=D("8000"))
    pdf = SimpleUploadedFile("arrete-signe.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client.post(
        reverse("aides:acte_signe", args=[dossier.pk]),
        {"type": "arrete", "signe_le": "2026-07-01", "fichier": pdf},
    )
    assert ActeSigne.objects.filter(dossier=dossier, type="arrete").exists()


def test_catalogue_states_the_rules_in_words(client):
    world()
    page = client.get(reverse("aides:dispositif", args=["ddr"])).content.decode()
    assert "Subvention maximale : 12\u202f000\u00a0€" in page
    assert "Taux maximal : 50 % du coût HT" in page
    assert "Nombre de dossiers : 1 par bénéficiaire et par an" in page
    assert "Avance : jusqu&#x27;à 30 % du montant attribué" in page
    assert "{&#x27;nombre&#x27;" not in page


def test_two_instructors_second_proposal_refused_with_clear_message(client):
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    session = dossier.session
    form = {"session": session.pk, "version": dossier.version}  # both opened the same page
    other = client.__class__()
    login(other, w.instructeur2)
    login(client, w.instructeur)
    url = reverse("aides:dossier_proposer", args=[dossier.pk])
    other.post(url, {**form, "montant": "7000"})
    response = client.post(url, {**form, "montant": "9000"}, follow=True)
    page = response.content.decode()
    assert "Ce dossier a été modifié par" in page
    assert "vos changements n&#x27;ont pas été enregistrés" in page
    assert "Votre saisie non enregistrée : 9\u202f000\u00a0€" in page
    dossier.refresh_from_db()
    assert dossier.montant_propose == D("7000")


def test_the_dossier_page_offers_the_transitions_the_user_may_apply(client):
    """Buttons come from the available transitions: a filed dossier offers instruction to the
    instructor, nothing to finance; granted, it offers the commitment to finance only."""
    w = world()
    dossier = dossier_ddr(w)
    login(client, w.agent)
    assert "Déposer le dossier" in client.get(dossier.get_absolute_url()).content.decode()
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert ">Déposer le dossier</button>" not in page
    assert ">Transmettre les compléments</button>" not in page
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "Déclarer complet et instruire" in page and "Demander des compléments" in page
    assert "Enregistrer la proposition" not in page
    login(client, w.finances)
    assert "Engager la subvention" not in client.get(dossier.get_absolute_url()).content.decode()
    Dossier.objects.filter(pk=dossier.pk).update(statut="attribue", montant_attribue=D("8000"))
    assert "Engager la subvention" in client.get(dossier.get_absolute_url()).content.decode()
    login(client, w.instructeur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert ">Déclarer complet et instruire</button>" not in page
    assert "Engager la subvention" not in page


def test_a_proposal_is_refused_once_the_dossier_is_programmed():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    Dossier.objects.filter(pk=dossier.pk).update(statut="programme", montant_propose=D("7000"))
    dossier.refresh_from_db()
    with pytest.raises(ValidationError, match="n'est pas possible"):
        services.dossier_propose(
            dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("9000")
        )
    dossier.refresh_from_db()
    assert dossier.montant_propose == D("7000")
