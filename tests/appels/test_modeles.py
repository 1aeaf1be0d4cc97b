"""Deadline with its time zone, eligibility, RNA and SIRET, the draft and the filing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from territoires.appels import selectors, services
from territoires.appels.forms import OrganisationCandidateForm
from territoires.appels.models import Appel, Candidature
from territoires.comptes.models import Organisation, validate_rna
from territoires.core.models import Evenement
from tests.comptes.factories import EntrepriseFactory, MembreFactory, UserFactory

from .factories import candidature_deposee, deadline_passee, monde

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rna", ["W322004567", "W000000001"])
def test_rna_valide(rna):
    validate_rna(rna)


@pytest.mark.parametrize(
    "rna", ["322004567", "W32200456", "W3220045678", "X322004567", "w32200456a"]
)
def test_rna_invalide(rna):
    with pytest.raises(ValidationError, match="W suivi de neuf chiffres"):
        validate_rna(rna)


def test_formulaire_organisation_valide_rna_et_siret():
    w = monde()
    form = OrganisationCandidateForm(
        {"org-type": "association", "org-nom": "Asso", "org-rna": "w 322 004 567"},
        appel=w.appel,
        prefix="org",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["rna"] == "W322004567"
    form = OrganisationCandidateForm(
        {"org-type": "association", "org-nom": "Asso"}, appel=w.appel, prefix="org"
    )
    assert not form.is_valid()
    assert "Une association donne son numéro RNA." in form.errors["rna"]
    form = OrganisationCandidateForm(
        {"org-type": "entreprise", "org-nom": "SARL", "org-siret": "732 829 320 00074"},
        appel=w.appel,
        prefix="org",
    )
    assert form.is_valid(), form.errors  # python-stdnum's Luhn check
    form = OrganisationCandidateForm(
        {"org-type": "entreprise", "org-nom": "SARL", "org-siret": "73282932000075"},
        appel=w.appel,
        prefix="org",
    )
    assert not form.is_valid()
    assert "SIRET n'est pas valide" in form.errors["siret"][0]


def test_une_entreprise_existante_ne_se_recree_pas():
    w = monde()
    existante = EntrepriseFactory()
    form = OrganisationCandidateForm(
        {"org-type": "entreprise", "org-nom": "Copie", "org-siret": existante.siret},
        appel=w.appel,
        prefix="org",
    )
    assert not form.is_valid()
    assert "inviter" in form.errors["siret"][0]


def test_organisation_candidate_cree_et_administree_par_la_personne():
    w = monde()
    user = UserFactory()
    org = services.organisation_candidate_create(
        user=user, nom="Collectif du quartier", type=Organisation.Type.COLLECTIF
    )
    assert org.membres.get().user == user
    assert org.membres.get().role == "gestionnaire"
    assert w.appel.admet(org)
    with pytest.raises(ValidationError):
        services.organisation_candidate_create(user=user, nom="Mairie", type="commune")


def test_date_limite_dans_le_fuseau_de_l_appel():
    w = monde()
    # 31 March 2027 at noon in Paris (summer time, UTC+2) is 10:00 UTC.
    w.appel.fuseau = "Europe/Paris"
    local = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=w.appel.tz)
    w.appel.date_limite = local
    assert w.appel.date_limite_locale().hour == 12
    assert w.appel.date_limite.astimezone(datetime.UTC).hour == 10
    avant = datetime.datetime(2027, 3, 31, 9, 59, tzinfo=datetime.UTC)
    apres = datetime.datetime(2027, 3, 31, 10, 0, tzinfo=datetime.UTC)
    assert w.appel.est_ouvert(avant)
    assert not w.appel.est_ouvert(apres)
    # The same noon in Cayenne (UTC-3) closes five hours later.
    w.appel.fuseau = "America/Cayenne"
    assert w.appel.fuseau_label == "heure de Cayenne"
    w.appel.date_limite = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=w.appel.tz)
    assert w.appel.est_ouvert(datetime.datetime(2027, 3, 31, 14, 59, tzinfo=datetime.UTC))
    assert not w.appel.est_ouvert(datetime.datetime(2027, 3, 31, 15, 0, tzinfo=datetime.UTC))


def test_fuseau_inconnu_refuse():
    w = monde()
    w.appel.fuseau = "Europe/Auch"
    with pytest.raises(ValidationError, match="fuseau horaire"):
        w.appel.full_clean(exclude=["statut"])


def test_compte_a_rebours_ecrit_par_le_serveur():
    w = monde()
    now = w.appel.date_limite - datetime.timedelta(days=3, hours=2)
    assert selectors.delai_label(w.appel, now) == "Clôture dans 3 jours"
    assert selectors.delai_label(w.appel, w.appel.date_limite - datetime.timedelta(hours=5)) == (
        "Clôture dans 5 heures"
    )
    assert selectors.delai_label(w.appel, w.appel.date_limite) == "Candidatures closes"


def test_brouillon_puis_depot_journalise():
    w = monde()
    c = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="Fab Lab"
    )
    services.candidature_save(candidature=c, actor=w.candidat, titre="Fab Lab", reponses={})
    with pytest.raises(ValidationError, match="réponses obligatoires manquent"):
        services.candidature_submit(candidature=c, actor=w.candidat)
    c.refresh_from_db()
    assert c.statut == Candidature.Statut.BROUILLON
    c = candidature_deposee(w)
    assert c.statut == Candidature.Statut.DEPOSEE
    assert c.deposee_le is not None
    assert Evenement.objects.filter(
        object_id=str(c.pk), action=Evenement.Action.CHANGEMENT_ETAT
    ).exists()
    assert c.reponses.get(question=w.questions[2]).montant == Decimal("85000")
    # Filed: no more changes.
    with pytest.raises(PermissionDenied):
        services.candidature_save(candidature=c, actor=w.candidat, titre="x", reponses={})


def test_apres_la_date_limite_rien_ne_s_enregistre_et_le_brouillon_reste():
    w = monde()
    c = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="Fab Lab"
    )
    services.candidature_save(
        candidature=c, actor=w.candidat, titre="Fab Lab", reponses={w.questions[0].pk: "Mon texte"}
    )
    deadline_passee(w.appel)
    with pytest.raises(ValidationError, match="date limite de l'appel .* est passée"):
        services.candidature_save(
            candidature=c, actor=w.candidat, titre="Autre", reponses={w.questions[0].pk: "x"}
        )
    with pytest.raises(ValidationError, match="Votre brouillon reste enregistré"):
        services.candidature_submit(candidature=c, actor=w.candidat)
    c.refresh_from_db()
    assert c.statut == Candidature.Statut.BROUILLON
    assert c.titre == "Fab Lab"
    assert c.reponses.get().texte == "Mon texte"
    with pytest.raises(ValidationError, match="date limite"):
        services.candidature_create(
            appel=w.appel, organisation=w.association, actor=w.candidat, titre="Nouveau"
        )


def test_eligibilite_par_type_d_organisation():
    w = monde()
    commune_agent = MembreFactory().user  # a commune: not admitted by this call
    commune = commune_agent.membres.get().organisation
    with pytest.raises(ValidationError, match="n'est pas ouvert aux organisations de type"):
        services.candidature_create(
            appel=w.appel, organisation=commune, actor=commune_agent, titre="Projet"
        )
    with pytest.raises(PermissionDenied):
        services.candidature_create(
            appel=w.appel, organisation=w.association, actor=w.autre_candidat, titre="Projet"
        )


def test_un_appel_en_preparation_n_est_pas_ouvert():
    w = monde()
    Appel.objects.filter(pk=w.appel.pk).update(statut=Appel.Statut.BROUILLON)
    w.appel.refresh_from_db()
    assert not w.appel.est_ouvert(timezone.now())
    with pytest.raises(ValidationError, match="n'est pas ouvert"):
        services.candidature_create(
            appel=w.appel, organisation=w.association, actor=w.candidat, titre="Projet"
        )


def test_une_candidature_par_organisation():
    w = monde()
    a = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="A"
    )
    b = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="B"
    )
    assert a.pk == b.pk


def test_les_documents_passent_par_la_garde_des_fichiers(client):
    from tests.comptes.factories import login
    from tests.core.samples import EXE, PDF, upload

    w = monde()
    c = services.candidature_create(
        appel=w.appel, organisation=w.association, actor=w.candidat, titre="Fab Lab"
    )
    budget = w.questions[4]
    with pytest.raises(ValidationError):
        services.candidature_save(
            candidature=c, actor=w.candidat, titre="Fab Lab", reponses={},
            fichiers={budget.pk: upload("budget.pdf", EXE)},
        )  # fmt: skip
    services.candidature_save(
        candidature=c, actor=w.candidat, titre="Fab Lab", reponses={},
        fichiers={budget.pk: upload("budget.pdf", PDF)},
    )  # fmt: skip
    document = c.reponses.get(question=budget).document
    assert document.organisation == w.association
    # The jury downloads it once the candidature is filed; another association never.
    login(client, w.autre_candidat)
    assert client.get(document.get_absolute_url()).status_code == 404
    login(client, w.candidat)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_le_jury_reunit_des_agents_du_departement():
    from territoires.appels.admin import AppelForm

    w = monde()
    data = {
        "organisation": w.service.pk, "type": "ami", "titre": "AMI", "texte": "Texte",
        "ouverture": "2027-01-01 09:00", "date_limite": "2027-03-31 12:00",
        "fuseau": "Europe/Paris", "types_candidats": ["association"], "note_max": 10,
    }  # fmt: skip
    form = AppelForm(data={**data, "jury": [w.jure1.pk, w.candidat.pk]})
    assert not form.is_valid()
    assert w.candidat.email in form.errors["jury"][0]
    form = AppelForm(data={**data, "jury": [w.jure1.pk, w.jure2.pk]})
    assert form.is_valid(), form.errors
