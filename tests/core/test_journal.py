import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models
from django.template.loader import render_to_string
from django.test.utils import isolate_apps
from django_fsm import FSMField, transition

from territoires.comptes.models import Organisation
from territoires.core.journal import diff_instances, journal_record, track_changes
from territoires.core.models import Evenement
from territoires.core.selectors import journal_for
from territoires.core.workflow import transition_apply, transitions_available


def test_track_changes_records_who_what_and_why(make_organisation, member_of):
    organisation = make_organisation(nom="Mairie de Lectoure")
    agent = member_of(organisation)

    with track_changes(organisation, actor=agent, reason="Faute de frappe dans le nom"):
        organisation.nom = "Mairie de Lectoure (Gers)"
        organisation.type = Organisation.Type.ORGANISME_PUBLIC
        organisation.save()

    [evenement] = journal_for(organisation)
    assert evenement.action == Evenement.Action.MODIFICATION
    assert evenement.acteur == agent
    assert evenement.organisation == organisation
    assert evenement.motif == "Faute de frappe dans le nom"
    assert evenement.changes == {
        "nom": ["Mairie de Lectoure", "Mairie de Lectoure (Gers)"],
        # Choices are kept with their label, as the user read them.
        "type": ["Entreprise", "Autre organisme public"],
    }


def test_track_changes_without_change_records_nothing(make_organisation, make_user):
    organisation = make_organisation()
    with track_changes(organisation, actor=make_user()):
        organisation.save()
    assert not journal_for(organisation).exists()


def test_creation_diff_lists_filled_fields(make_organisation):
    organisation = make_organisation(nom="SIAE du Gers")
    changes = diff_instances(None, organisation)
    assert changes["nom"] == [None, "SIAE du Gers"]
    assert "commune" not in changes


def test_journal_partial_shows_date_author_action_changes_and_reason(make_organisation, member_of):
    organisation = make_organisation(nom="Ancien nom")
    agent = member_of(organisation, first_name="Léa", last_name="Martin")
    with track_changes(organisation, actor=agent, reason="Changement de raison sociale"):
        organisation.nom = "Nouveau nom"
        organisation.save()
    journal_record(obj=organisation, actor=None, action=Evenement.Action.AUTRE, description="Sync")

    html = render_to_string("core/partials/journal.html", {"evenements": journal_for(organisation)})
    assert "<caption>Historique des actions</caption>" in html
    assert 'scope="col">Motif' in html
    assert "Léa Martin" in html
    assert "Système" in html
    assert "Ancien nom" in html and "Nouveau nom" in html
    assert "Changement de raison sociale" in html


def test_journal_for_reads_authors_in_one_query(
    make_organisation, make_user, django_assert_num_queries
):
    organisation = make_organisation()
    for index in range(5):
        journal_record(
            obj=organisation,
            actor=make_user(),
            action=Evenement.Action.MODIFICATION,
            changes={"nom": [str(index), str(index + 1)]},
        )
    with django_assert_num_queries(1):
        html = render_to_string(
            "core/partials/journal.html", {"evenements": journal_for(organisation)}
        )
    assert html.count("<tr>") == 6


# --- Transitions ---------------------------------------------------------------------------


@pytest.fixture
def demande_model(transactional_db):
    """A throw-away model with a django-fsm-2 workflow, created for these tests only."""
    with isolate_apps("territoires.core"):

        class Demande(models.Model):
            etat = FSMField(
                default="brouillon",
                protected=True,
                choices=[("brouillon", "Brouillon"), ("deposee", "Déposée"), ("close", "Close")],
            )
            organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)

            class Meta:
                app_label = "core"

            def __str__(self):
                return f"Demande {self.pk}"

            @transition(
                field=etat,
                source="brouillon",
                target="deposee",
                permission=lambda instance, user: user.membres.filter(
                    organisation=instance.organisation
                ).exists(),
                custom={"label": "Déposer la demande"},
            )
            def deposer(self):
                pass

            @transition(field=etat, source="deposee", target="close")
            def clore(self):
                pass

        with connection.schema_editor() as editor:
            editor.create_model(Demande)
        try:
            yield Demande
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Demande)


def test_transition_apply_saves_and_journals_the_state_change(
    demande_model, make_organisation, member_of
):
    organisation = make_organisation()
    agent = member_of(organisation)
    demande = demande_model.objects.create(organisation=organisation)
    assert transitions_available(obj=demande, user=agent) == [("deposer", "Déposer la demande")]

    transition_apply(obj=demande, transition="deposer", actor=agent, reason="Dossier complet")

    assert demande_model.objects.get().etat == "deposee"
    [evenement] = journal_for(demande)
    assert evenement.action == Evenement.Action.CHANGEMENT_ETAT
    assert evenement.changes == {"etat": ["Brouillon", "Déposée"]}
    assert evenement.description == "Déposer la demande"
    assert evenement.motif == "Dossier complet"
    assert evenement.acteur == agent
    assert evenement.organisation == organisation


def test_transition_refused_from_wrong_state_or_to_outsider(
    demande_model, make_organisation, member_of, make_user
):
    organisation = make_organisation()
    demande = demande_model.objects.create(organisation=organisation)

    with pytest.raises(ValidationError, match="n'est pas possible quand l'état est « Brouillon »"):
        transition_apply(obj=demande, transition="clore", actor=None)
    with pytest.raises(PermissionDenied):
        transition_apply(obj=demande, transition="deposer", actor=make_user())

    assert demande_model.objects.get().etat == "brouillon"
    assert not journal_for(demande).exists()


def test_transition_refused_when_state_changed_meanwhile(
    demande_model, make_organisation, member_of
):
    organisation = make_organisation()
    agent = member_of(organisation)
    demande = demande_model.objects.create(organisation=organisation)
    stale = demande_model.objects.get()
    transition_apply(obj=demande, transition="deposer", actor=agent)

    with pytest.raises(ValidationError, match="L'état a changé entre-temps"):
        transition_apply(obj=stale, transition="deposer", actor=agent)
    assert journal_for(demande).count() == 1


def test_passwords_never_reach_the_journal(make_user):
    user = make_user()
    with track_changes(user, actor=user):
        user.set_password("un-nouveau-mot-de-passe")
        user.first_name = "Camille"
        user.save()
    [evenement] = journal_for(user)
    assert set(evenement.changes) == {"first_name"}
