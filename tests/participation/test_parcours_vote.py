"""Le parcours du vote en ligne : identité, bulletin en cartes avec jauge, récapitulatif.

Rien n'est enregistré avant « Confirmer mon vote » ; un retour arrière ne perd pas le choix ;
une personne qui a déjà voté le sait avant le bulletin ; l'enveloppe jeunes n'est proposée
qu'à sa tranche d'âge.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from territoires.participation.models import Bulletin, ProfilCitoyen, Votant
from tests.comptes.factories import UserFactory, login
from tests.referentiel.factories import CommuneFactory

from .factories import enveloppe, projet, voter_en_ligne

pytestmark = pytest.mark.django_db

IDENTITE = {"nom": "Martin", "prenom": "Zoé", "naissance": "02/03/1990", "commune": "Auch"}


@pytest.fixture
def auch():
    return CommuneFactory(code="32013", nom="Auch")


def _urls(c):
    return {n: reverse(f"participation:{n}", args=[c.slug]) for n in ("voter", "bulletin")} | {
        "recapitulatif": reverse("participation:recapitulatif", args=[c.slug])
    }


def test_bulletin_jauge_verifier_recapitulatif_puis_a_vote(client, scrutin, auch):
    c, env, p = scrutin
    urls = _urls(c)
    reponse = client.post(urls["voter"], IDENTITE)
    assert reponse.status_code == 302 and reponse["Location"] == urls["bulletin"]
    page = client.get(urls["bulletin"]).content.decode()
    # Chaque projet est une carte cochable étiquetée ; la jauge part de zéro.
    assert page.count('type="checkbox"') == 4
    assert f'<label class="projet-carte__choix" for="id_env_{env.pk}_0">' in page
    assert "0 projet choisi sur 2 au plus (0\u00a0€ de projets ; enveloppe 100\u00a0€)" in page
    assert "Vérifier mon choix" in page and 'aria-live="polite"' in page
    # Trois projets pour deux au plus : le serveur recalcule et dit quoi faire.
    trop = {f"env_{env.pk}": [p[0].pk, p[1].pk, p[2].pk], "action": "verifier"}
    page = client.post(urls["bulletin"], trop).content.decode()
    assert "vous avez choisi 3 projets, 2 au plus ; retirez-en 1." in page
    assert "3 projets choisis sur 2 au plus (120\u00a0€ de projets" in page
    assert "Le formulaire contient 1 erreur" in page
    reponse = client.post(urls["bulletin"], {**trop, "action": "recapitulatif"})
    assert reponse.status_code == 200 and "retirez-en 1" in reponse.content.decode()
    # Corrigé : vérifié, puis le récapitulatif ; rien n'est encore dans l'urne.
    bon = {f"env_{env.pk}": [p[0].pk, p[2].pk]}
    page = client.post(urls["bulletin"], {**bon, "action": "verifier"}).content.decode()
    assert "Votre choix respecte les règles" in page
    assert "2 projets choisis sur 2 au plus (80\u00a0€ de projets" in page
    reponse = client.post(urls["bulletin"], {**bon, "action": "recapitulatif"})
    assert reponse["Location"] == urls["recapitulatif"]
    page = client.get(urls["recapitulatif"]).content.decode()
    assert "01 — Projet 01" in page and "03 — Projet 03" in page and "02 — Projet 02" not in page
    assert "Confirmer mon vote" in page and f'href="{urls["bulletin"]}"' in page
    assert not Votant.objects.exists() and not Bulletin.objects.exists()
    # « Modifier » : le bulletin garde le choix (session), comme un retour arrière.
    page = client.get(urls["bulletin"]).content.decode()
    assert page.count(" checked") == 2
    # Confirmé : redirection vers « A voté » (PRG), qui montre le choix.
    page = client.post(urls["recapitulatif"], follow=True).content.decode()
    assert "A voté" in page and "Projet 03" in page
    assert list(Bulletin.objects.values_list("choix", flat=True)) == [[p[0].pk, p[2].pk]]
    # Après le vote, l'état a quitté la session : le bulletin renvoie à l'identité.
    assert client.get(urls["bulletin"])["Location"] == urls["voter"]


def test_deja_vote_dit_avant_le_bulletin(client, scrutin, auch):
    c, env, p = scrutin
    assert (
        "A voté"
        in voter_en_ligne(client, c, {f"env_{env.pk}": [p[0].pk]}, **IDENTITE).content.decode()
    )
    client.cookies.clear()
    # La même personne (casse, accents) revient : elle l'apprend dès son identité saisie.
    reponse = client.post(_urls(c)["voter"], {**IDENTITE, "nom": "MARTIN", "prenom": "zoe"})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "Vous avez déjà voté" in page
    assert 'type="checkbox"' not in page
    assert client.get(_urls(c)["bulletin"]).status_code == 302


def test_bulletin_sans_identite_renvoie_a_l_identite(client, scrutin):
    c, _, _ = scrutin
    reponse = client.get(_urls(c)["bulletin"])
    assert reponse["Location"] == _urls(c)["voter"]
    assert client.post(_urls(c)["recapitulatif"])["Location"] == _urls(c)["voter"]
    assert not Votant.objects.exists()


def _citoyenne(commune, naissance=datetime.date(1990, 3, 2)):
    user = UserFactory(first_name="Zoé", last_name="Martin")
    ProfilCitoyen.objects.create(user=user, date_naissance=naissance, commune=commune)
    return user


def test_profil_complet_saute_l_identite_puis_deja_vote_des_la_page(client, scrutin, auch):
    c, env, p = scrutin
    login(client, _citoyenne(auch))
    reponse = client.get(_urls(c)["voter"])
    assert reponse["Location"] == _urls(c)["bulletin"]
    page = client.get(_urls(c)["bulletin"]).content.decode()
    assert "Vous votez en tant que <strong>Zoé Martin</strong>, habitant Auch" in page
    assert "Ce n'est pas vous ?" in page and "?modifier" in page
    assert "A voté" in voter_en_ligne(client, c, {f"env_{env.pk}": [p[1].pk]}).content.decode()
    page = client.get(_urls(c)["voter"]).content.decode()
    assert "Vous avez déjà voté" in page and 'name="nom"' not in page
    # « Modifier » : le formulaire pré-rempli depuis le profil.
    page = client.get(_urls(c)["voter"] + "?modifier").content.decode()
    assert 'name="nom"' in page and 'value="Martin"' in page


def test_enveloppe_jeunes_proposee_a_sa_tranche_d_age_seulement(client, scrutin, auch):
    c, env, _ = scrutin
    jeunes = enveloppe(c, nom="Jeunes", type="jeunes", age_min_vote=11, age_max_vote=25)
    pj = projet(jeunes, "J1", 10)
    client.post(_urls(c)["voter"], IDENTITE)  # 36 ans
    page = client.get(_urls(c)["bulletin"]).content.decode()
    assert f'name="env_{env.pk}"' in page and f'name="env_{jeunes.pk}"' not in page
    # Une enveloppe non proposée ne se vote pas non plus en forgeant la requête.
    forge = {f"env_{jeunes.pk}": [pj.pk], f"env_{env.pk}": [], "action": "recapitulatif"}
    assert client.post(_urls(c)["bulletin"], forge).status_code == 200
    client.cookies.clear()
    aujourdhui = timezone.localdate()
    naissance = aujourdhui.replace(year=aujourdhui.year - 20) - datetime.timedelta(days=1)
    jeune = {**IDENTITE, "prenom": "Léo", "naissance": naissance.strftime("%d/%m/%Y")}
    reponse = voter_en_ligne(client, c, {f"env_{jeunes.pk}": [pj.pk]}, **jeune)
    assert "A voté" in reponse.content.decode()
    assert list(Bulletin.objects.values_list("enveloppe_id", flat=True)) == [jeunes.pk]
