"""Photos de l'avancement d'une réalisation : dépôt par les services, suivi public."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territoires.participation.models import PhotoRealisation, Realisation
from territoires.participation.services.idees import profil_save
from tests.comptes.factories import UserFactory, login, member

from ..factories import CampagneFactory, enveloppe, projet

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
def realisation():
    c = CampagneFactory(phase="realisation")
    return Realisation.objects.create(projet=projet(enveloppe(c, budget=Decimal(100)), "1", 50))


def deposer(client, r, contenu=PNG, nom="bancs.png", alt="Deux bancs posés face à la rivière"):
    return client.post(
        reverse("participation:realisation_modifier", args=[r.pk]),
        {
            "formulaire": "photo",
            "photo-photo": SimpleUploadedFile(nom, contenu, content_type="image/png"),
            "photo-texte_alternatif": alt,
            "photo-legende": "Mai : les premiers bancs",
        },
    )


def test_photo_publiee_avec_son_texte_alternatif(client, realisation):
    login(client, member(role="instructeur"))
    reponse = deposer(client, realisation)
    assert reponse.status_code == 302
    photo = PhotoRealisation.objects.get()
    assert photo.document.type_mime == "image/png"
    client.logout()
    page = client.get(reverse("participation:realisation", args=[realisation.pk])).content.decode()
    url = reverse("participation:photo_realisation", args=[realisation.pk, photo.pk])
    assert f'<img src="{url}" alt="Deux bancs posés face à la rivière"' in page
    assert "Mai : les premiers bancs" in page
    image = client.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert b"".join(image.streaming_content) == PNG


def test_contenu_verifie(client, realisation):
    login(client, member(role="instructeur"))
    reponse = deposer(client, realisation, contenu=b"<script>alert(1)</script>", nom="x.png")
    assert reponse.status_code == 200
    assert "Mettre à jour" in reponse.content.decode()
    assert not PhotoRealisation.objects.exists()


def test_taille_verifiee(client, realisation, settings):
    settings.DOCUMENT_MAX_SIZE = 50
    login(client, member(role="instructeur"))
    reponse = deposer(client, realisation)
    assert "dépasse la taille maximale" in reponse.content.decode()
    assert not PhotoRealisation.objects.exists()


def test_texte_alternatif_obligatoire(client, realisation):
    login(client, member(role="instructeur"))
    reponse = deposer(client, realisation, alt="")
    assert reponse.status_code == 200
    assert not PhotoRealisation.objects.exists()


def test_un_habitant_ne_depose_pas_de_photo(client, realisation):
    login(client, UserFactory())
    assert deposer(client, realisation).status_code == 404
    assert not PhotoRealisation.objects.exists()


def test_photo_d_une_autre_realisation_introuvable(client, realisation):
    login(client, member(role="instructeur"))
    deposer(client, realisation)
    photo = PhotoRealisation.objects.get()
    autre = Realisation.objects.create(projet=projet(realisation.projet.enveloppe, "2", 10))
    url = reverse("participation:photo_realisation", args=[autre.pk, photo.pk])
    assert client.get(url).status_code == 404


def test_jalon_toujours_possible(client, realisation):
    login(client, member(role="instructeur"))
    reponse = client.post(
        reverse("participation:realisation_modifier", args=[realisation.pk]),
        {"formulaire": "jalon", "jalon-libelle": "Pose", "jalon-date_prevue": "01/06/2027"},
    )
    assert reponse.status_code == 302
    assert realisation.jalons.get().libelle == "Pose"


def test_idee_avec_plusieurs_photos_visibles_comme_l_idee(client):
    from territoires.participation.models import Idee
    from tests.referentiel.factories import CommuneFactory

    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000))
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())

    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    donnees = {
        "titre": "Verger", "description": "Un verger", "categorie": "Nature",
        "enveloppe": env.pk, "commune": "32013", "cout_estime": "800",
        "photos": [SimpleUploadedFile(f"p{i}.png", PNG, content_type="image/png")
                   for i in range(2)],
    }  # fmt: skip
    reponse = client.post(reverse("participation:proposer", args=[c.slug]), donnees)
    assert reponse.status_code == 302
    idee = Idee.objects.get()
    assert idee.photos.count() == 2
    doc = idee.photos.first()
    url = reverse("participation:idee_photo", args=[idee.pk, doc.pk])
    assert client.get(url)["Content-Type"] == "image/png"  # l'auteur la voit
    client.logout()
    assert client.get(url).status_code == 404  # pas encore publiée
    Idee.objects.filter(pk=idee.pk).update(statut=Idee.Statut.PUBLIEE)
    assert client.get(url).status_code == 200
    page = client.get(reverse("participation:idee", args=[idee.pk])).content.decode()
    assert f'<img src="{url}" alt="Photo ' in page


def test_au_plus_trois_photos_et_contenu_verifie(client):
    from territoires.participation.models import Idee
    from tests.referentiel.factories import CommuneFactory

    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000))
    CommuneFactory(code="32013", nom="Auch")
    user = login(client, UserFactory())

    profil_save(user=user, date_naissance=c.vote_debut.replace(year=1990), commune=None)
    base = {"titre": "Verger", "description": "Un verger", "categorie": "Nature",
            "enveloppe": env.pk, "commune": "32013", "cout_estime": "800"}  # fmt: skip
    quatre = [SimpleUploadedFile(f"p{i}.png", PNG, content_type="image/png") for i in range(4)]
    reponse = client.post(
        reverse("participation:proposer", args=[c.slug]), {**base, "photos": quatre}
    )
    assert "Au plus 3 photos." in reponse.content.decode()
    faux = SimpleUploadedFile("x.png", b"pas une image", content_type="image/png")
    reponse = client.post(
        reverse("participation:proposer", args=[c.slug]), {**base, "photos": [faux]}
    )
    assert reponse.status_code == 200
    assert 'value="Verger"' in reponse.content.decode()  # rien de perdu
    assert not Idee.objects.exists()
