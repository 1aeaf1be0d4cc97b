import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pabutools.election import parse_pabulib

from territoires.core.models import Notification
from territoires.participation import depouillement, pabulib
from territoires.participation.models import (
    Bulletin,
    Campagne,
    CodeVote,
    Idee,
    Participation,
    RegleFigee,
    Votant,
)
from territoires.participation.services.idees import idee_moderate, idee_submit
from territoires.participation.services.projets import (
    idee_assess,
    projet_create,
    projets_select,
)
from territoires.participation.services.resultats import resultat_compute
from territoires.participation.services.votants import (
    code_find,
    codes_generate,
    empreinte_code,
    empreinte_identite,
)
from territoires.participation.services.vote import DejaVote, urne_shuffle, vote_cast
from tests.comptes.factories import UserFactory, member
from tests.referentiel.factories import CommuneFactory

from .factories import CampagneFactory, enveloppe, projet
from .test_depouillement import DATA, QUARTIERS, pabutools_resultat

pytestmark = pytest.mark.django_db


def identite(campagne, nom="Dupont", prenom="Jeanne", commune="32013"):
    return empreinte_identite(
        campagne=campagne,
        nom=nom,
        prenom=prenom,
        naissance=datetime.date(1980, 5, 1),
        commune_code=commune,
    )


@pytest.fixture
def scrutin():
    c = CampagneFactory(phase="vote")
    env = enveloppe(c, budget=Decimal(100), choix_min=1, choix_max=2)
    projets = [projet(env, f"{i:02d}", 40) for i in range(1, 5)]
    return c, env, projets


def test_regles_figees_a_l_ouverture_du_vote(scrutin):
    c, env, _ = scrutin
    c.titre = "Nouveau titre"  # hors règles : permis
    c.save()
    c.budget_total = Decimal(5)
    with pytest.raises(RegleFigee):
        c.save()
    c.refresh_from_db()
    c.methode = "greedy"
    with pytest.raises(RegleFigee):
        c.save()
    env.choix_max = 6
    with pytest.raises(RegleFigee):
        env.save()
    with pytest.raises(RegleFigee):
        env.delete()
    with pytest.raises(ValidationError):
        projets_select(campagne=c, projets=[], actor=None)


def test_regles_modifiables_avant_le_vote():
    c = CampagneFactory(phase="analyse")
    c.budget_total = Decimal(10)
    c.save()
    env = enveloppe(c)
    env.choix_max = 6
    env.save()
    # Before the vote, the rules change: what the page of the campaign will show is saved.
    c.refresh_from_db()
    env.refresh_from_db()
    assert (c.budget_total, env.choix_max) == (Decimal(10), 6)


def test_une_personne_un_vote_quel_que_soit_le_canal(scrutin):
    c, env, p = scrutin
    vote_cast(
        campagne=c, empreinte=identite(c), canal="en_ligne", choix={env.pk: [p[0].pk]}, age=45
    )
    # Même personne, écrite autrement (accents, casse, tirets), sur papier : refusée.
    autre = identite(c, nom="DUPONT ", prenom="jéanne")
    with pytest.raises(DejaVote):
        vote_cast(campagne=c, empreinte=autre, canal="papier", choix={env.pk: [p[1].pk]})
    assert Bulletin.objects.count() == 1
    assert Votant.objects.count() == 1
    vote_cast(
        campagne=c,
        empreinte=identite(c, prenom="Paul"),
        canal="papier",
        choix={env.pk: [p[1].pk, p[2].pk]},
    )
    assert Bulletin.objects.count() == 2


def test_bulletin_conforme_aux_regles_de_l_enveloppe(scrutin):
    c, env, p = scrutin
    with pytest.raises(ValidationError, match="entre 1 et 2"):
        vote_cast(
            campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [q.pk for q in p[:3]]}
        )
    p[3].soumis_au_vote = False
    p[3].save()
    with pytest.raises(ValidationError, match="hors de la liste"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [p[3].pk]})
    with pytest.raises(ValidationError):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={})
    assert not Votant.objects.exists()


def test_vote_ferme():
    c = CampagneFactory(phase="analyse")
    env = enveloppe(c)
    p = projet(env, "1", 10)
    with pytest.raises(ValidationError, match="pas ouvert"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={env.pk: [p.pk]})


def test_age_de_l_enveloppe_jeunes(scrutin):
    c, _, _ = scrutin
    jeunes = enveloppe(c, nom="Jeunes", type="jeunes", age_min_vote=11, age_max_vote=25)
    pj = projet(jeunes, "J1", 10)
    with pytest.raises(ValidationError, match="âge"):
        vote_cast(campagne=c, empreinte="x", canal="en_ligne", choix={jeunes.pk: [pj.pk]}, age=40)
    vote_cast(campagne=c, empreinte="y", canal="en_ligne", choix={jeunes.pk: [pj.pk]}, age=16)


def test_registre_et_urne_sans_lien():
    champs_votant = {f.name for f in Votant._meta.get_fields()}
    champs_bulletin = {f.name for f in Bulletin._meta.get_fields()}
    # Aucune relation entre les deux tables, aucun horodatage fin.
    assert not any(getattr(f, "related_model", None) is Votant for f in Bulletin._meta.get_fields())
    assert not any(getattr(f, "related_model", None) is Bulletin for f in Votant._meta.get_fields())
    assert champs_bulletin == {"id", "enveloppe", "jour", "choix"}
    assert "empreinte" in champs_votant
    for modele in (Votant, Bulletin):
        assert all(f.get_internal_type() != "DateTimeField" for f in modele._meta.concrete_fields)
        assert modele._meta.pk.get_internal_type() == "UUIDField"


def test_urne_brassee(scrutin):
    c, env, p = scrutin
    for i in range(5):
        vote_cast(campagne=c, empreinte=f"e{i}", canal="en_ligne", choix={env.pk: [p[i % 4].pk]})
    avant = sorted(Bulletin.objects.values_list("choix", flat=True))
    ids = set(Bulletin.objects.values_list("id", flat=True))
    assert urne_shuffle(campagne=c) == 5
    assert sorted(Bulletin.objects.values_list("choix", flat=True)) == avant
    assert not ids & set(Bulletin.objects.values_list("id", flat=True))


def test_codes_de_vote_a_usage_unique(scrutin):
    c, env, p = scrutin
    clairs = codes_generate(campagne=c, nombre=20)
    assert len(set(clairs)) == 20
    stocke = " ".join(str(v) for row in CodeVote.objects.values_list() for v in row)
    assert not any(code.replace("-", "")[4:] in stocke for code in clairs)
    code = code_find(campagne=c, code=clairs[3].lower())
    assert code is not None
    empreinte = empreinte_code(campagne=c, code=code)
    vote_cast(campagne=c, empreinte=empreinte, canal="papier", choix={env.pk: [p[0].pk]}, code=code)
    code.refresh_from_db()
    assert code.utilise
    with pytest.raises(DejaVote):
        vote_cast(
            campagne=c, empreinte="autre", canal="papier", choix={env.pk: [p[0].pk]}, code=code
        )
    assert code_find(campagne=c, code="AAAA-BBBB-CCCC") is None


def test_chiffres_de_participation_tenus_a_jour(scrutin):
    c, env, p = scrutin
    auch = CommuneFactory(code="32013", nom="Auch")
    vote_cast(
        campagne=c, empreinte="a", canal="en_ligne", choix={env.pk: [p[0].pk]}, age=16, commune=auch
    )
    vote_cast(
        campagne=c, empreinte="b", canal="papier", choix={env.pk: [p[0].pk]}, age=70, commune=auch
    )
    chiffres = dict(Participation.objects.values_list("valeur", "nombre"))
    assert chiffres == {"total": 2, "en_ligne": 1, "papier": 1, "11-17": 1, "60-74": 1, "32013": 2}


def test_parcours_idee_analyse_projet(scrutin, mailoutbox):
    c = CampagneFactory(phase="idees")
    env = enveloppe(c, budget=Decimal(1000), cout_max=Decimal(500))
    citoyen = UserFactory()
    agent = member("instructeur")
    with pytest.raises(ValidationError, match="limites"):
        idee_submit(
            campagne=c,
            titre="T",
            description="D",
            categorie="Nature",
            cout_estime=Decimal(900),
            enveloppe=env,
            auteur=citoyen,
        )
    i1 = idee_submit(
        campagne=c,
        titre="Bancs",
        description="Des bancs",
        categorie="Cadre de vie",
        cout_estime=Decimal(300),
        enveloppe=env,
        auteur=citoyen,
    )
    i2 = idee_submit(
        campagne=c,
        titre="Bancs bis",
        description="Encore",
        categorie="Cadre de vie",
        cout_estime=Decimal(200),
        enveloppe=env,
        saisie_par=agent,
        nom_auteur="M. Papier",
    )
    i3 = idee_submit(
        campagne=c,
        titre="Piscine",
        description="Grande",
        categorie="Sport",
        cout_estime=Decimal(400),
        enveloppe=env,
        auteur=citoyen,
    )
    with pytest.raises(ValidationError, match="motif"):
        idee_moderate(idee=i3, actor=agent, publier=False)
    for i in (i1, i2, i3):
        idee_moderate(idee=i, actor=agent, publier=True)
    avis = {
        "avis_technique": "favorable",
        "avis_juridique": "favorable",
        "avis_financier": "reserve",
        "cout_services": Decimal(250),
    }
    idee_assess(idee=i1, actor=agent, decision="retenue", justification="Faisable.", **avis)
    idee_assess(idee=i2, actor=agent, decision="retenue", justification="Faisable aussi.", **avis)
    idee_assess(
        idee=i3, actor=agent, decision="non_retenue", justification="Hors compétence.", **avis
    )
    assert Notification.objects.filter(destinataire=citoyen).count() == 2
    p = projet_create(
        campagne=c,
        enveloppe=env,
        idees=[i1, i2],
        titre="Bancs partout",
        description="…",
        cout=Decimal(450),
        actor=agent,
    )
    i1.refresh_from_db()
    assert i1.statut == Idee.Statut.FUSIONNEE and i1.projet == p
    assert set(p.idees.all()) == {i1, i2}
    assert projets_select(campagne=c, projets=[p], actor=agent) == 1


def test_resultat_calcule_comme_les_regles(scrutin):
    c, env, p = scrutin
    bulletins = [[0, 1], [0], [2, 3], [1], [0, 3]]
    for i, b in enumerate(bulletins):
        vote_cast(
            campagne=c, empreinte=f"v{i}", canal="en_ligne", choix={env.pk: [p[k].pk for k in b]}
        )
    for methode in depouillement.METHODES:
        r = resultat_compute(enveloppe=env, methode=methode)
        attendu = depouillement.calculer(
            methode,
            {q.code: q.cout for q in p},
            [[p[k].code for k in b] for b in bulletins],
            env.budget,
        )
        assert [
            next(q.code for q in p if q.pk == pk) for pk in r.selectionnes
        ] == attendu.selectionnes
        assert r.bulletins == 5 and len(r.tours) >= 1


def test_cli_import_et_resultats_identiques_a_pabutools(tmp_path):
    chemin = QUARTIERS[1]  # Saint-Cyprien, le plus petit
    call_command("budget_import_pabulib", str(chemin), campagne="pont", stdout=StringIO())
    instance, profil = parse_pabulib(str(chemin))
    for methode in depouillement.METHODES:
        sortie = StringIO()
        call_command("budget_resultats", "pont", methode=methode, format_="json", stdout=sortie)
        donnees = json.loads(sortie.getvalue())
        assert sorted(donnees["selectionnes"]) == pabutools_resultat(instance, profil, methode)
        assert donnees["budget"] == 400000 or donnees["budget"] > 0
        assert donnees["cout_total"] <= donnees["budget"]
    sortie = StringIO()
    call_command("budget_resultats", "pont", methode="mes", format_="pabulib", stdout=sortie)
    fichier = tmp_path / "export.pb"
    fichier.write_text(sortie.getvalue())
    relu = pabulib.lire(fichier)
    origine = pabulib.lire(chemin)
    assert sorted(map(sorted, relu.bulletins())) == sorted(map(sorted, origine.bulletins()))
    assert relu.meta["rule"] == "equalshares"
    inst2, prof2 = parse_pabulib(str(fichier))
    assert len(inst2) == len(instance) and prof2.num_ballots() == profil.num_ballots()
    assert {p["project_id"] for p in relu.projets if p["selected"] == "1"} == set(
        pabutools_resultat(instance, profil, "mes")
    )
    with pytest.raises(Exception, match="existe déjà"):
        call_command("budget_import_pabulib", str(chemin), campagne="pont", stdout=StringIO())
    assert Campagne.objects.count() == 1


def test_cli_import_fichier_invalide(tmp_path):
    mauvais = tmp_path / "x.pb"
    mauvais.write_text("META\nkey;value\n")
    with pytest.raises(Exception, match="invalide"):
        call_command("budget_import_pabulib", str(mauvais), stdout=StringIO())
    assert not Campagne.objects.exists()


_ = DATA, Path


def test_residence_dans_le_departement(scrutin, settings):
    from tests.referentiel.factories import DepartementFactory

    c, env, p = scrutin
    ailleurs = CommuneFactory(
        code="31555", departement=DepartementFactory(code="31", nom="Haute-Garonne")
    )
    ici = CommuneFactory(
        code="32013", departement=DepartementFactory(code=settings.TERRITOIRES_DEPARTEMENT)
    )
    with pytest.raises(ValidationError, match="habitants du Département"):
        vote_cast(
            campagne=c, empreinte="t", canal="en_ligne", choix={env.pk: [p[0].pk]}, commune=ailleurs
        )
    vote_cast(campagne=c, empreinte="t", canal="en_ligne", choix={env.pk: [p[0].pk]}, commune=ici)
