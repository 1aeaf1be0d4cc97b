"""Le bulletin « dans la limite du budget de l'enveloppe » (comme Decidim) : la jauge compte les
euros choisis et ce qui reste, le serveur refuse un bulletin qui dépasse (pas à pas, au
récapitulatif et sur papier), la règle se lit sur la campagne, dans les résultats et dans
l'export pabulib (`max_sum_cost`), et l'import pabulib la reprend."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pabulib.checker import Checker

from territoires.participation import pabulib
from territoires.participation.bulletin import Jauge, bulletin_erreurs
from territoires.participation.forms import VoteForm
from territoires.participation.models import Bulletin, EnveloppeCampagne, FormeBulletin
from territoires.participation.services.pabulib import (
    campagne_import_pabulib,
    resultat_to_pabulib,
)
from territoires.participation.services.resultats import resultat_compute
from territoires.participation.services.vote import vote_cast
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, dates_pour, enveloppe, projet
from .test_admin import admin_client, formulaire  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

IDENTITE = {"nom": "Martin", "prenom": "Zoé", "naissance": "02/03/1990", "commune": "Auch"}
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture
def scrutin_budget():
    """Une enveloppe de 100 000 € votée dans la limite du budget, quatre projets de 40 000 €."""
    c = CampagneFactory(phase="vote")
    env = enveloppe(
        c, budget=Decimal(100_000), choix_min=1, choix_max=4, forme_bulletin=FormeBulletin.BUDGET
    )
    projets = [projet(env, f"{i:02d}", 40_000) for i in range(1, 5)]
    return c, env, projets


def test_la_jauge_compte_les_euros_et_ce_qui_reste(scrutin_budget):
    c, env, p = scrutin_budget
    j = Jauge(enveloppe=env, projets=p, choisis={p[0].pk, p[1].pk})
    assert j.texte == (
        f"80{NNBSP}000{NBSP}€ choisis sur 100{NNBSP}000{NBSP}€ : il reste 20{NNBSP}000{NBSP}€ "
        "(2 projets choisis)"
    )
    assert j.erreur == "" and not j.depasse
    assert (j.barre_max, j.barre_valeur) == (Decimal(100_000), Decimal(80_000))
    j = Jauge(enveloppe=env, projets=p, choisis={p[0].pk, p[1].pk, p[2].pk})
    assert j.depasse and "dépassement de 20" in j.texte
    assert j.erreur == (
        f"« Générale » : vos projets coûtent 120{NNBSP}000{NBSP}€, au-delà du budget de "
        f"100{NNBSP}000{NBSP}€ ; retirez-en pour 20{NNBSP}000{NBSP}€ au moins."
    )
    assert j.barre_valeur == Decimal(100_000)  # la barre s'arrête au budget


def test_la_part_minimale_du_budget(scrutin_budget):
    c, env, p = scrutin_budget
    env.part_min_budget = 60
    j = Jauge(enveloppe=env, projets=p, choisis={p[0].pk})
    assert j.erreur == (
        f"« Générale » : choisissez des projets pour au moins 60{NNBSP}000{NBSP}€ (60 % du "
        f"budget), ou aucun ; il manque 20{NNBSP}000{NBSP}€."
    )
    assert Jauge(enveloppe=env, projets=p, choisis={p[0].pk, p[1].pk}).erreur == ""
    assert Jauge(enveloppe=env, projets=p, choisis=set()).erreur == ""
    assert env.regle_bulletin == (
        f"dans la limite de 100{NNBSP}000{NBSP}€, au moins 60{NNBSP}000{NBSP}€ (60 %), "
        "4 projets au plus"
    )


def test_la_part_minimale_ne_vaut_que_pour_le_vote_par_budget():
    c = CampagneFactory(phase="idees")
    env = EnveloppeCampagne(campagne=c, nom="Générale", budget=Decimal(1000), part_min_budget=50)
    with pytest.raises(ValidationError, match="dans la limite du budget"):
        env.full_clean()
    env.forme_bulletin = FormeBulletin.BUDGET
    env.full_clean()
    env.part_min_budget = 101
    with pytest.raises(ValidationError):
        env.full_clean()


def test_le_bulletin_en_ligne_au_dela_du_budget_est_refuse(client, scrutin_budget):
    c, env, p = scrutin_budget
    CommuneFactory(code="32013", nom="Auch")
    bulletin_url = reverse("participation:bulletin", args=[c.slug])
    recap_url = reverse("participation:recapitulatif", args=[c.slug])
    assert client.post(reverse("participation:voter", args=[c.slug]), IDENTITE).status_code == 302
    page = client.get(bulletin_url).content.decode()
    assert f"Générale : dans la limite de 100{NNBSP}000{NBSP}€, 4 projets au plus" in page
    assert 'data-forme="budget"' in page and 'aria-live="polite"' in page
    assert f"0{NBSP}€ choisis sur 100{NNBSP}000{NBSP}€ : il reste 100{NNBSP}000{NBSP}€" in page
    # Trois projets (120 000 €) : « Vérifier mon choix » dit le dépassement, pas de récapitulatif.
    trop = {f"env_{env.pk}": [x.pk for x in p[:3]]}
    page = client.post(bulletin_url, {**trop, "action": "verifier"}).content.decode()
    assert "au-delà du budget" in page and "Le formulaire contient 1 erreur" in page
    reponse = client.post(bulletin_url, {**trop, "action": "recapitulatif"})
    assert reponse.status_code == 200 and "au-delà du budget" in reponse.content.decode()
    # Le choix gardé en session ne passe pas non plus par l'adresse du récapitulatif.
    reponse = client.post(recap_url)
    assert reponse.status_code == 302 and reponse["Location"] == bulletin_url
    assert not Bulletin.objects.filter(enveloppe=env).exists()
    assert "au-delà du budget" in client.get(bulletin_url).content.decode()
    # Deux projets : le récapitulatif montre le total, puis « A voté ».
    bon = {f"env_{env.pk}": [p[0].pk, p[3].pk], "action": "recapitulatif"}
    assert client.post(bulletin_url, bon)["Location"] == recap_url
    page = client.get(recap_url).content.decode()
    assert f"80{NNBSP}000{NBSP}€ choisis sur 100{NNBSP}000{NBSP}€ : il reste 20" in page
    page = client.post(recap_url, follow=True).content.decode()
    assert "A voté" in page
    assert (
        f"Total : <strong>80{NNBSP}000{NBSP}€</strong> sur un budget de 100{NNBSP}000{NBSP}€"
        in page
    )
    assert Bulletin.objects.get(enveloppe=env).choix == sorted([p[0].pk, p[3].pk])


def test_le_bulletin_papier_au_dela_du_budget_est_refuse(scrutin_budget):
    c, env, p = scrutin_budget
    form = VoteForm(
        {f"env_{env.pk}": [x.pk for x in p[:3]], "code": "X"},
        enveloppes=[env],
        projets_par_enveloppe={env.pk: p},
        papier=True,
    )
    assert not form.is_valid()
    assert "au-delà du budget" in " ".join(form.errors[f"env_{env.pk}"])
    assert bulletin_erreurs([env], {env.pk: p}, {env.pk: [p[0].pk, p[1].pk]}) == {}


def test_l_enregistrement_refuse_aussi_un_bulletin_au_dela_du_budget(scrutin_budget):
    """Whatever the pages let through, the recording checks the budget (no extra query)."""
    c, env, p = scrutin_budget
    with pytest.raises(ValidationError, match="au-delà du budget de 100"):
        vote_cast(campagne=c, empreinte="x" * 64, canal="en_ligne",
                  choix={env.pk: [x.pk for x in p[:3]]})  # fmt: skip
    assert not Bulletin.objects.filter(enveloppe=env).exists()
    vote_cast(campagne=c, empreinte="y" * 64, canal="en_ligne", choix={env.pk: [p[0].pk]})
    assert Bulletin.objects.filter(enveloppe=env).count() == 1


def test_la_campagne_dit_la_regle(client, scrutin_budget):
    c, env, p = scrutin_budget
    page = client.get(reverse("participation:campagne", args=[c.slug])).content.decode()
    assert f"dans la limite de 100{NNBSP}000{NBSP}€, 4 projets au plus" in page


def test_l_export_pabulib_dit_max_sum_cost_et_passe_le_verificateur(scrutin_budget):
    c, env, p = scrutin_budget
    for i, b in enumerate([[0, 1], [1, 2], [0], [2, 3], [0, 3]]):
        vote_cast(
            campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: [p[k].pk for k in b]}
        )
    resultat = resultat_compute(enveloppe=env, methode="greedy")
    texte = resultat_to_pabulib(campagne=c, enveloppe=env, resultat=resultat)
    meta = pabulib.lire_texte(texte).meta
    assert meta["vote_type"] == "approval" and meta["max_sum_cost"] == "100000"
    rapport = Checker().process_files([texte])
    (verdict,) = (v for k, v in rapport.items() if k not in ("metadata", "summary"))
    assert verdict["results"]["errors"] == {}
    # Relu par l'import, la campagne vote de nouveau dans la limite du budget.
    copie = campagne_import_pabulib(fichier=pabulib.lire_texte(texte), slug="copie")
    env_copie = copie.enveloppes.get()
    assert env_copie.forme_bulletin == FormeBulletin.BUDGET and env_copie.part_min_budget == 0


def test_l_import_pabulib_reprend_la_part_minimale(scrutin_budget):
    c, env, p = scrutin_budget
    EnveloppeCampagne.objects.filter(pk=env.pk).update(part_min_budget=40)
    env.refresh_from_db()
    vote_cast(campagne=c, empreinte="v", canal="en_ligne", choix={env.pk: [p[0].pk, p[1].pk]})
    resultat = resultat_compute(enveloppe=env, methode="greedy")
    texte = resultat_to_pabulib(campagne=c, enveloppe=env, resultat=resultat)
    assert pabulib.lire_texte(texte).meta["min_sum_cost"] == "40000"
    copie = campagne_import_pabulib(fichier=pabulib.lire_texte(texte), slug="copie-min")
    assert copie.enveloppes.get().part_min_budget == 40


def test_l_administration_configure_la_forme_du_bulletin(admin_client):  # noqa: F811
    donnees = formulaire(
        dates_pour("preparation"),
        **{"enveloppes-0-forme_bulletin": "budget", "enveloppes-0-part_min_budget": "50"},
    )
    reponse = admin_client.post("/admin/participation/campagne/add/", donnees)
    assert reponse.status_code == 302
    env = EnveloppeCampagne.objects.get(campagne__slug="bp-2027")
    assert env.par_budget and env.budget_minimal == Decimal(50_000)
    # Une part minimale sans vote par budget est refusée, en français.
    donnees = formulaire(
        dates_pour("preparation"), slug="bp-2028", **{"enveloppes-0-part_min_budget": "50"}
    )
    page = admin_client.post("/admin/participation/campagne/add/", donnees).content.decode()
    assert "ne vaut que pour un vote dans la limite du budget" in page
