"""The main path with the test client: file, triage, work, closure; what each side sees."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from territoires.core.models import Evenement
from territoires.ingenierie.models import Action, Domaine, Nature, Note, Sollicitation
from tests.comptes.factories import login

from .factories import RessourceFactory, SollicitationFactory, collectivite

pytestmark = pytest.mark.django_db


def _file(client, commune, **overrides):
    data = {
        "sujet": "Rénovation de l'école",
        "description": "Nous voulons isoler l'école communale.",
        "domaine": Domaine.objects.get(nom="Aménagement et bâtiments").pk,
        "nature": Nature.objects.get(nom="Conseil technique").pk,
        "communes": commune["commune"].nom,  # typed by its name
        **overrides,
    }
    return client.post(reverse("ingenierie:sollicitation_nouvelle"), data)


def test_form_error_keeps_what_was_typed(client, mission, commune):
    login(client, commune["maire"])
    response = _file(client, commune, domaine="", echeance_souhaitee="2000-01-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le formulaire contient 2 erreurs" in html
    assert "Nous voulons isoler l&#x27;école communale." in html
    assert "Rénovation de l&#x27;école" in html
    assert "ne peut pas être dans le passé" in html
    assert 'value="2000-01-01"' in html  # the date input gets it back in ISO form
    assert not Sollicitation.objects.exists()


def test_main_path(client, mission, commune):
    maire, chef, conseiller = commune["maire"], mission["chef"], mission["conseiller"]

    # 1. The commune files its request.
    login(client, maire)
    response = _file(client, commune)
    sollicitation = Sollicitation.objects.get()
    assert response.status_code == 302 and response["Location"] == sollicitation.get_absolute_url()
    assert sollicitation.statut == "nouvelle" and sollicitation.epci == commune["epci"]
    assert sollicitation.numero.startswith("ING-")
    assert list(sollicitation.communes.all()) == [commune["commune"]]
    assert chef.notifications.filter(titre__contains="Nouvelle sollicitation").exists()

    # 2. The chief of the mission triages: accept with a referent.
    login(client, chef)
    url = reverse("ingenierie:sollicitation_triage", args=[sollicitation.pk])
    response = client.post(url, {"tri-decision": "accepter", "tri-referent": ""})
    assert response.status_code == 400
    assert "Choisissez le conseiller référent" in response.content.decode()
    response = client.post(
        url,
        {"tri-decision": "accepter", "tri-referent": conseiller.pk, "tri-message": "Bienvenue"},
    )
    assert response.status_code == 302
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.statut == "en_cours" and sollicitation.referent == conseiller
    assert sollicitation.etape == "besoin" and sollicitation.premiere_reponse_le

    # 3. The advisor works it: step, notes, a recommendation from the library.
    login(client, conseiller)
    pk = sollicitation.pk
    client.post(reverse("ingenierie:sollicitation_etape", args=[pk]), {"etape-etape": "acteurs"})
    client.post(
        reverse("ingenierie:sollicitation_note", args=[pk]),
        {"note-texte": "Réunion sur place le 12.", "note-publique": "on"},
    )
    client.post(
        reverse("ingenierie:sollicitation_note", args=[pk]),
        {"note-texte": "SECRET : le maire hésite."},
    )
    guide = RessourceFactory(titre="Guide de la rénovation énergétique")
    client.post(
        reverse("ingenierie:sollicitation_action", args=[pk]), {"action-ressource": guide.pk}
    )
    action = Action.objects.get()
    assert action.titre == guide.titre and action.est_recommandation
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.etape == "acteurs"

    # 4. The commune sees the public part only, and follows the recommendation up.
    login(client, maire)
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "Réunion sur place le 12." in html
    assert "Guide de la rénovation énergétique" in html
    assert "SECRET" not in html
    assert "Historique" not in html
    assert "Tri de la sollicitation" not in html
    response = client.post(
        reverse("ingenierie:action_suivi", args=[action.pk]),
        {"statut": "en_cours", "texte": "Nous avons lu le guide."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.statut == "en_cours"
    # The action's state changed by a journaled transition, with the comment as its reason.
    assert Evenement.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        object_id=str(action.pk),
        action=Evenement.Action.CHANGEMENT_ETAT,
        motif="Nous avons lu le guide.",
        acteur=maire,
    ).exists()
    assert conseiller.notifications.filter(titre__contains="Suivi").exists()
    # The commune cannot act as the mission (its messages are covered below).
    assert (
        client.post(
            reverse("ingenierie:sollicitation_etape", args=[pk]), {"etape": "marches"}
        ).status_code
        == 404
    )

    # 5. The advisor closes it; the reason is required and read by the commune.
    login(client, conseiller)
    url = reverse("ingenierie:sollicitation_transition", args=[pk])
    client.post(url, {"transition": "terminer", "motif": ""})
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.statut == "en_cours"
    client.post(url, {"transition": "terminer", "motif": "Le projet est lancé."})
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.statut == "terminee" and sollicitation.cloturee_le
    states = (
        Evenement.objects.filter(
            content_type=ContentType.objects.get_for_model(Sollicitation),
            object_id=str(pk),
            action=Evenement.Action.CHANGEMENT_ETAT,
        )
        .order_by("pk")
        .values_list("description", "acteur", "motif")
    )
    assert list(states) == [
        ("Accepter", chef.pk, "Bienvenue"),
        ("Terminer", conseiller.pk, "Le projet est lancé."),
    ]
    login(client, maire)
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "Le projet est lancé." in html and "SECRET" not in html


def test_private_notes_never_reach_the_collectivite(client, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    Note.objects.create(sollicitation=sollicitation, texte="NOTE-PRIVEE", publique=False)
    Note.objects.create(sollicitation=sollicitation, texte="NOTE-PUBLIQUE", publique=True)
    login(client, commune["maire"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "NOTE-PUBLIQUE" in html and "NOTE-PRIVEE" not in html
    login(client, mission["conseiller"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "NOTE-PUBLIQUE" in html and "NOTE-PRIVEE" in html


def test_another_collectivite_gets_404(client, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"])
    other = collectivite()
    login(client, other["maire"])
    assert client.get(sollicitation.get_absolute_url()).status_code == 404
    assert client.get(reverse("ingenierie:file")).status_code == 403
    # Its own list does not show the other commune's request.
    html = client.get(reverse("ingenierie:mes_sollicitations")).content.decode()
    assert sollicitation.sujet not in html


def test_advisor_cannot_triage_but_chief_can(client, mission, commune):
    sollicitation = SollicitationFactory(organisation=commune["organisation"])
    url = reverse("ingenierie:sollicitation_triage", args=[sollicitation.pk])
    data = {"tri-decision": "decliner", "tri-message": "Hors de notre champ."}
    login(client, mission["conseiller"])
    assert client.post(url, data).status_code == 404
    login(client, mission["chef"])
    assert client.post(url, data).status_code == 302
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.statut == "declinee" and sollicitation.motif_cloture


def test_staff_records_a_phone_request(client, mission, commune):
    login(client, mission["conseiller"])
    response = _file(
        client,
        commune,
        organisation=commune["organisation"].pk,
        canal="telephone",
        communes=[],
    )
    assert response.status_code == 302
    sollicitation = Sollicitation.objects.get()
    assert sollicitation.canal == "telephone" and sollicitation.saisie_par == mission["conseiller"]
    assert list(sollicitation.communes.all()) == [commune["commune"]]


def test_chief_reassigns_when_an_advisor_leaves(client, mission, commune):
    sollicitation = SollicitationFactory(
        organisation=commune["organisation"], statut="en_cours", referent=mission["conseiller"]
    )
    login(client, mission["chef"])
    html = client.get(sollicitation.get_absolute_url()).content.decode()
    assert "Changer le référent" in html
    client.post(
        reverse("ingenierie:sollicitation_affecter", args=[sollicitation.pk]),
        {"affectation-referent": mission["conseiller2"].pk, "affectation-motif": "Départ"},
    )
    sollicitation = Sollicitation.objects.get(pk=sollicitation.pk)
    assert sollicitation.referent == mission["conseiller2"]
    assert mission["conseiller2"].notifications.filter(titre__contains="référent").exists()
    event = Evenement.objects.filter(object_id=str(sollicitation.pk)).latest("pk")
    assert event.motif == "Départ"
    # An advisor cannot reassign.
    login(client, mission["conseiller"])
    url = reverse("ingenierie:sollicitation_affecter", args=[sollicitation.pk])
    assert client.post(url, {"affectation-referent": mission["conseiller"].pk}).status_code == 404


def test_menu_entries_follow_the_rules(client, mission, commune):
    login(client, mission["conseiller"])
    html = client.get("/").content.decode()
    assert reverse("ingenierie:file") in html and reverse("ingenierie:tableau_de_bord") in html
    assert reverse("ingenierie:adhesions") not in html  # agency model off
    login(client, commune["maire"])
    html = client.get("/").content.decode()
    assert reverse("ingenierie:mes_sollicitations") in html
    assert reverse("ingenierie:file") not in html


def test_the_collectivite_writes_to_the_mission(client, mission, commune):
    from territoires.core.models import Notification

    s = SollicitationFactory(
        organisation=commune["organisation"], statut="en_attente", referent=mission["conseiller"]
    )
    login(client, commune["maire"])
    url = reverse("ingenierie:sollicitation_note", args=[s.pk])
    response = client.post(url, {"note-texte": ""})
    assert "Ce champ est obligatoire." in response.content.decode()
    # No box to make it private: a message of the collectivité is always public.
    response = client.post(url, {"note-texte": "Le conseil a voté le budget.", "note-publique": ""})
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "Message envoyé : votre conseiller référent est prévenu." in html
    assert "Le conseil a voté le budget." in html
    note = Note.objects.get(sollicitation=s)
    assert note.publique and note.de_la_collectivite and note.auteur == commune["maire"]
    assert "Message de la collectivité" in html
    assert Notification.objects.filter(
        destinataire=mission["conseiller"], titre__startswith="Message de"
    ).exists()
    # Another commune cannot write there; nor on a closed request.
    login(client, collectivite()["maire"])
    assert client.post(url, {"note-texte": "Intrus"}).status_code == 404
    Sollicitation.objects.filter(pk=s.pk).update(statut="terminee")
    login(client, commune["maire"])
    assert client.post(url, {"note-texte": "Après la clôture"}).status_code == 404


def test_triage_redirects_and_merges_a_duplicate(client, mission, commune):
    from territoires.ingenierie.models import Partenaire
    from territoires.ingenierie.selectors import statistiques

    caue = Partenaire.objects.create(nom="CAUE de démonstration")
    a, b, c = (SollicitationFactory(organisation=commune["organisation"]) for _ in range(3))
    login(client, mission["chef"])

    def triage(s, **data):
        return client.post(
            reverse("ingenierie:sollicitation_triage", args=[s.pk]),
            {f"tri-{k}": v for k, v in data.items()},
        )

    # Redirect: the partner and a message are required; nothing typed is lost.
    response = triage(a, decision="rediriger", message="Le CAUE vous recevra.")
    assert "Choisissez à qui la demande est confiée." in response.content.decode()
    assert "Le CAUE vous recevra." in response.content.decode()
    triage(a, decision="rediriger", redirigee_vers=caue.pk, message="Le CAUE vous recevra.")
    a = Sollicitation.objects.get(pk=a.pk)
    assert a.statut == "redirigee" and a.redirigee_vers == caue
    # Merge: with another collectivité's request, refused with a clear message.
    other = SollicitationFactory(organisation=collectivite()["organisation"])
    response = triage(b, decision="fusionner", cible=other.numero)
    assert "Le doublon doit venir de la même collectivité." in response.content.decode()
    response = triage(b, decision="fusionner", cible="ING-0000-00000")
    assert "Aucune sollicitation ne porte ce numéro." in response.content.decode()
    triage(b, decision="fusionner", cible=c.numero.lower())
    b = Sollicitation.objects.get(pk=b.pk)
    assert b.statut == "fusionnee" and b.fusionnee_dans == c

    # The collectivité reads why, on each request.
    login(client, commune["maire"])
    html = client.get(a.get_absolute_url()).content.decode()
    assert "CAUE de démonstration" in html and "Le CAUE vous recevra." in html
    assert c.numero in client.get(b.get_absolute_url()).content.decode()
    assert commune["maire"].notifications.filter(titre__contains="confiée").exists()
    # A merged duplicate is not counted twice in the figures.
    assert statistiques()["total"] == 3


def test_links_to_objects_of_territoires(client, mission, commune):
    from territoires.ingenierie.models import Lien

    s = SollicitationFactory(organisation=commune["organisation"], statut="en_cours")
    earlier = SollicitationFactory(organisation=commune["organisation"], sujet="Étude de 2019")
    login(client, mission["conseiller"])
    url = reverse("ingenierie:sollicitation_lien", args=[s.pk])
    # An address of Territoires, pasted whole: the object is linked and named.
    client.post(url, {"lien-url": "http://testserver" + earlier.get_absolute_url()})
    lien = Lien.objects.get()
    assert lien.objet == earlier and lien.libelle == f"Sollicitation {earlier}"
    assert lien.url == earlier.get_absolute_url()
    # A page that does not exist, a missing object, an outside address without a label.
    for address, error in (
        ("/nulle-part/", "aucune page de Territoires"),
        ("/ingenierie/sollicitations/999999/", "indiquez un libellé pour ajouter le lien"),
        ("https://www.marches-publics.gouv.fr/", "Indiquez un libellé pour ce lien."),
    ):
        html = client.post(url, {"lien-url": address}).content.decode()
        assert error in html and address in html  # the address typed is kept
    client.post(url, {"lien-url": "https://exemple.test/", "lien-libelle": "Guide externe"})
    assert Lien.objects.count() == 2
    login(client, commune["maire"])
    html = client.get(s.get_absolute_url()).content.decode()
    assert "Étude de 2019" in html and "Guide externe" in html
