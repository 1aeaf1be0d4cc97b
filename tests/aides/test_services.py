import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from territoires.aides import eligibilite, selectors, services
from territoires.aides.models import Dossier, Versement
from territoires.aides.services import depot
from territoires.core.models import Evenement

from .factories import D, dossier_ddr, plan, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="facture.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_main_path_from_filing_to_balance():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 12))
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    assert dossier.numero == "AID-2026-00001"
    # Received before 1 April → the June session.
    assert dossier.session.date_commission == datetime.date(2026, 6, 26)

    services.complement_request(
        dossier=dossier, actor=w.instructeur, motif="Délibération manquante"
    )
    dossier.refresh_from_db()
    assert dossier.statut == "incomplet"
    services.dossier_submit(dossier=dossier, actor=w.agent)
    dossier.refresh_from_db()
    assert dossier.statut == "depose"
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    avis = services.avis_request(
        dossier=dossier, actor=w.instructeur, service=w.finances_service, question="Budget ?"
    )
    services.avis_answer(avis=avis, actor=w.finances, favorable=True, texte="Rien à signaler")
    dossier.refresh_from_db()
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=dossier.version, montant=D("8000")
    )
    dossier.refresh_from_db()
    assert dossier.statut == "propose"
    assert dossier.taux_propose == Decimal("0.4000")
    with pytest.raises(ValidationError, match="visée"):
        services.dossier_program(dossier=dossier, actor=w.instructeur)
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    services.dossier_program(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    assert dossier.statut == "programme"
    services.session_vote(
        session=dossier.session,
        actor=w.chef,
        numero="CP-2026-06-042",
        date=datetime.date(2026, 6, 26),
        decisions={dossier.pk: "attribuer"},
    )
    dossier.refresh_from_db()
    assert dossier.statut == "attribue"
    assert dossier.montant_attribue == D("8000")

    # Real cost lower (15,000 instead of 20,000): the balance is reduced pro rata.
    versement = services.versement_request(
        dossier=dossier,
        actor=w.agent,
        type=Versement.Type.SOLDE,
        depenses_justifiees=D("15000"),
        justificatifs=[pdf()],
    )
    assert versement.montant_demande == D("6000.00")
    services.versement_pay(versement=versement, actor=w.finances)
    dossier.refresh_from_db()
    assert dossier.statut == "solde"
    statuts = Evenement.objects.filter(
        content_type__model="dossier",
        object_id=str(dossier.pk),
        action=Evenement.Action.CHANGEMENT_ETAT,
    ).count()
    assert statuts == 9  # every transition journaled
    # The payment's own life too: requested, then paid.
    assert list(
        Evenement.objects.filter(
            content_type__model="versement",
            object_id=str(versement.pk),
            action=Evenement.Action.CHANGEMENT_ETAT,
        )
        .order_by("cree_le")
        .values_list("changes", flat=True)
    ) == [{"statut": ["Nouveau", "Demandé"]}, {"statut": ["Demandé", "Payé"]}]
    # The history shows the dossier as it was at each step, from draft to balance paid.
    historique = list(dossier.history.order_by("history_date").values_list("statut", flat=True))
    assert historique[0] == "brouillon" and historique[-1] == "solde"
    assert {"depose", "attribue"} <= set(historique)


def test_second_ddr_dossier_of_the_year_is_refused_with_reason():
    w = world()
    services.dossier_submit(dossier=dossier_ddr(w), actor=w.agent, date=datetime.date(2026, 2, 1))
    second = dossier_ddr(w, intitule="Aire de jeux")
    with pytest.raises(services.DossierRefuse) as exc:
        services.dossier_submit(dossier=second, actor=w.agent, date=datetime.date(2026, 5, 1))
    assert (
        "Limite atteinte : 1 dossier par bénéficiaire pour l'année de programmation 2026"
        in " ".join(exc.value.messages)
    )
    # Next year is fine, and goes to the next year's June session.
    services.dossier_submit(dossier=second, actor=w.agent, date=datetime.date(2027, 1, 5))


def test_checks_amount_rate_plan_and_self_financing():
    w = world()
    dossier = dossier_ddr(
        w,
        cout="20000",
        demande="13000",
        financements=plan(autofinancement="1000", etat_detr="5000", region="1000"),
    )
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(dossier, date=datetime.date(2026, 3, 1))
    }
    assert not verdicts["montant_max"].ok
    assert "plafond de 12\u202f000\u00a0€" in verdicts["montant_max"].message
    assert not verdicts["taux_max"].ok
    assert verdicts["plan_equilibre"].ok
    assert not verdicts["autofinancement"].ok
    assert "L1111-10" in verdicts["autofinancement"].message

    dossier.derogation_autofinancement = "Patrimoine protégé (CGCT L1111-10 III)"
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(dossier, date=datetime.date(2026, 3, 1))
    }
    assert verdicts["autofinancement"].ok
    assert "dérogation enregistrée" in verdicts["autofinancement"].message

    unbalanced = dossier_ddr(w, financements=plan(autofinancement="100"))
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(unbalanced, date=datetime.date(2026, 3, 1))
    }
    assert not verdicts["plan_equilibre"].ok
    assert "doit être égal au coût" in verdicts["plan_equilibre"].message


def test_dated_parameter_change_applies_from_its_date():
    from territoires.aides.models import ParametreDispositif

    w = world()
    ParametreDispositif.objects.create(
        dispositif=w.ddr, cle="montant_max", valeur=15000, valide_du=datetime.date(2027, 1, 1)
    )
    assert selectors.parametres_for_date(w.ddr, datetime.date(2026, 12, 31))["montant_max"] == 12000
    assert selectors.parametres_for_date(w.ddr, datetime.date(2027, 1, 1))["montant_max"] == 15000


def test_session_placement_by_rule():
    w = world()
    ddr = w.ddr
    assert selectors.session_for_filing(ddr, datetime.date(2026, 3, 31)).date_commission.month == 6
    assert selectors.session_for_filing(ddr, datetime.date(2026, 4, 1)).date_commission.month == 10
    assert selectors.session_for_filing(ddr, datetime.date(2026, 7, 31)).date_commission.month == 10
    later = selectors.session_for_filing(ddr, datetime.date(2026, 8, 1))
    assert later.date_commission == datetime.date(2027, 6, 26)


def test_herault_rural_communes_up_to_80_percent():
    """Seed 003: « jusqu'à 80 % » is the rate cap of a rural commune (the rule and its
    settings are tested in tests/instances/test_ruralite.py)."""
    from territoires.aides.configuration import configuration_herault

    w = world()
    dispositif = configuration_herault(service=w.service)
    w.commune.commune.population = 900
    w.commune.commune.save()
    dossier = services.dossier_create(
        organisation=w.commune,
        dispositif=dispositif,
        actor=w.agent,
        data={
            "intitule": "Aménagement du cœur de village",
            "cout_ht": D("100000"),
            "montant_demande": D("80000"),
            "siret_beneficiaire": w.commune.siret,
        },
        financements=plan(autofinancement="20000"),
    )
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(dossier, date=datetime.date(2026, 3, 1))
    }
    assert verdicts["taux_rural"].ok, verdicts["taux_rural"].message
    assert "80 %" in verdicts["taux_rural"].message
    # 85 % is above the cap, whatever the self-financing exception.
    dossier.montant_demande = D("85000")
    dossier.derogation_autofinancement = "Exception"
    dossier.save()
    depot._replace_lines(dossier, None, plan(autofinancement="15000"))
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(dossier, date=datetime.date(2026, 3, 1))
    }
    assert not verdicts["taux_rural"].ok
    assert "dépasse le taux maximal de 80 %" in verdicts["taux_rural"].message


def test_envelope_overrun_needs_logged_override():
    from territoires.aides.models import Enveloppe

    w = world()
    Enveloppe.objects.filter(dispositif=w.ddr, annee=2026).update(montant=D("5000"))
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    services.dossier_propose(dossier=dossier, actor=w.instructeur, version=None, montant=D("8000"))
    services.dossier_endorse(dossier=dossier, actor=w.chef)
    with pytest.raises(ValidationError, match="dépasserait"):
        services.dossier_program(dossier=dossier, actor=w.instructeur)
    services.dossier_program(dossier=dossier, actor=w.instructeur, depassement="Priorité CP")
    dossier.refresh_from_db()
    assert dossier.depassement_enveloppe == "Priorité CP"
    event = Evenement.objects.filter(object_id=str(dossier.pk)).order_by("-pk").first()
    assert "dépassement d'enveloppe autorisé : Priorité CP" in event.motif


def test_optimistic_locking_refuses_second_save():
    w = world()
    dossier = dossier_ddr(w)
    services.dossier_submit(dossier=dossier, actor=w.agent, date=datetime.date(2026, 3, 1))
    services.dossier_instruction_start(dossier=dossier, actor=w.instructeur)
    dossier.refresh_from_db()
    version = dossier.version
    services.dossier_propose(
        dossier=dossier, actor=w.instructeur, version=version, montant=D("7000")
    )
    with pytest.raises(services.ConflitDeVersion, match="modifié par"):
        services.dossier_propose(
            dossier=dossier, actor=w.instructeur2, version=version, montant=D("9000")
        )
    dossier.refresh_from_db()
    assert dossier.montant_propose == D("7000")


def test_commune_cannot_instruct_nor_see_other_dossier():
    w = world()
    dossier = dossier_ddr(w)
    assert w.agent.has_perm("aides.view_dossier", dossier)
    assert not w.agent_b.has_perm("aides.view_dossier", dossier)
    assert not w.agent.has_perm("aides.view_annotations", dossier)
    assert w.instructeur.has_perm("aides.view_annotations", dossier)
    assert not w.agent.has_perm("aides.instruire_dossier", dossier)
    assert Dossier.objects.count() == 1


def test_lapse_warning_then_lapse():
    from territoires.core.models import Notification

    w = world()
    dossier = dossier_ddr(w)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut="attribue", notifie_le=datetime.date(2024, 1, 10), montant_attribue=D("8000")
    )
    # 24 months to start: warned 60 days before 10 January 2026, lapsed on that day.
    result = services.caducite_check(today=datetime.date(2025, 11, 11))
    assert result == {"avertis": 1, "caducs": 0}
    assert Notification.objects.filter(titre__contains="caducité le 10/01/2026").exists()
    result = services.caducite_check(today=datetime.date(2026, 1, 10))
    assert result == {"avertis": 0, "caducs": 1}
    dossier.refresh_from_db()
    assert dossier.statut == "caduc"


def test_eligibility_precheck_answers_each_rule_with_its_reason():
    w = world()
    verdicts = {
        v.code: v
        for v in eligibilite.eligibilite(
            dispositif=w.dispositifs["f2d"], organisation=w.epci, date=datetime.date(2026, 5, 1)
        )
    }
    assert verdicts["beneficiaire"].ok
    assert not verdicts["contrat"].ok
    assert "Aucun contrat en cours en 2026" in verdicts["contrat"].message
    verdicts = {
        v.code: v
        for v in eligibilite.eligibilite(
            dispositif=w.ddr, organisation=w.epci, date=datetime.date(2026, 5, 1)
        )
    }
    assert not verdicts["beneficiaire"].ok
    assert "réservé aux bénéficiaires suivants : communes" in verdicts["beneficiaire"].message
    verdicts = {
        v.code: v
        for v in eligibilite.eligibilite(
            dispositif=w.ddr, organisation=w.commune, date=datetime.date(2026, 5, 1)
        )
    }
    assert verdicts["limite_periode"].ok
    assert (
        "0 dossier sur 1 permis pour l'année de programmation 2026 (sessions de 2026)"
        in verdicts["limite_periode"].message
    )
    assert "Subvention plafonnée à 12\u202f000\u00a0€" in verdicts["montant_max"].message


def test_advance_is_capped_then_balance_pro_rata_of_what_remains():
    w = world()
    dossier = dossier_ddr(w)
    Dossier.objects.filter(pk=dossier.pk).update(
        statut="attribue", montant_attribue=D("8000"), notifie_le=datetime.date(2026, 7, 1)
    )
    dossier.refresh_from_db()
    avance = services.versement_request(
        dossier=dossier, actor=w.agent, type=Versement.Type.AVANCE, depenses_justifiees=D("0")
    )
    assert avance.montant_demande == D("2400.00")  # 30 % (dated parameter)
    services.versement_pay(versement=avance, actor=w.finances)
    dossier.refresh_from_db()
    assert dossier.statut == "paye_partiellement"
    with pytest.raises(ValidationError, match="justificatifs"):
        services.versement_request(
            dossier=dossier, actor=w.agent, type="solde", depenses_justifiees=D("20000")
        )
    solde = services.versement_request(
        dossier=dossier,
        actor=w.agent,
        type=Versement.Type.SOLDE,
        depenses_justifiees=D("25000"),  # more than planned: never more than granted
        justificatifs=[pdf()],
    )
    assert solde.montant_demande == D("5600.00")


def test_rate_by_rurality_list_before_population_bands():
    """A Département may vote a list of rural communes (INSEE codes) with their own rate,
    checked before the population bands."""
    from territoires.aides.models import ParametreDispositif

    w = world()
    w.commune.commune.population = 5000
    w.commune.commune.save()
    ParametreDispositif.objects.create(
        dispositif=w.ddr,
        cle="taux_par_categorie",
        valeur=[
            {"communes": [w.commune.commune.code], "taux": 0.6, "libelle": "commune de montagne"},
            {"population_max": 2000, "taux": 0.5},
            {"taux": 0.3},
        ],
        valide_du=datetime.date(2026, 1, 1),
    )
    dossier = dossier_ddr(w, cout="20000", demande="11000",
                          financements=plan(autofinancement="4000", etat_detr="5000"))  # fmt: skip
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(dossier, date=datetime.date(2026, 3, 1))
    }
    assert verdicts["taux_max"].ok, verdicts["taux_max"].message
    assert "commune de montagne" in verdicts["taux_max"].message
    # The other commune (5,000 inhabitants too) is not on the list: 30 %.
    w.commune_b.commune.population = 5000
    w.commune_b.commune.save()
    autre = dossier_ddr(w, organisation=w.commune_b, cout="20000", demande="11000",
                        financements=plan(autofinancement="4000", etat_detr="5000"))  # fmt: skip
    verdicts = {
        v.code: v for v in eligibilite.controles_depot(autre, date=datetime.date(2026, 3, 1))
    }
    assert not verdicts["taux_max"].ok
    assert "les autres bénéficiaires" in verdicts["taux_max"].message
