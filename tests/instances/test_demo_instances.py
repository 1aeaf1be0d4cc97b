"""Each Département's demo shows its own Département only (issue 15, « A true Hérault »).

One demo load per test (as `make run` loads it): the public pages reached link to link, the
aid catalogue, the buyers, the companies and the workshops.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from territoires.aides.models import Dispositif, Enveloppe, ParametreDispositif
from territoires.clauses.models import DonneurOrdre, Entreprise
from territoires.ingenierie.models import Adhesion, Atelier, ConfigurationIngenierie

from .pages import mentions, texte_public

pytestmark = pytest.mark.django_db

GERS = re.compile(r"\b(Gers|gersois\w*|Auch|DDR|F2D|Lectoure|Gascogne|05 62)\b")
HERAULT = re.compile(r"\b(Hérault|héraultais\w*|GUIDAF|Montpellier|Béziers)\b")


def charger(settings, code: str) -> str:
    settings.TERRITOIRES_DEPARTEMENT = code
    call_command("referentiel_import", departements=[code], verbosity=0)
    out = StringIO()
    call_command("demo_charger", stdout=out)
    return out.getvalue()


def donnees_de_demo() -> dict[str, str]:
    """The demo rows a visitor or an agent reads: catalogue, buyers, companies, workshops."""
    return {
        "catalogue": " ".join(
            f"{d.nom} {d.description} {d.contact} {d.service}"
            for d in Dispositif.objects.filter(publie=True).select_related("service")
        ),
        "acheteurs": " ".join(DonneurOrdre.objects.values_list("nom", flat=True)),
        "entreprises": " ".join(Entreprise.objects.values_list("nom", flat=True)),
        "ateliers": " ".join(f"{a.titre} {a.theme} {a.lieu}" for a in Atelier.objects.all()),
    }


def test_the_herault_shows_nothing_of_the_gers(settings):
    charger(settings, "34")
    for quoi, texte in donnees_de_demo().items():
        assert not GERS.findall(texte), (quoi, GERS.findall(texte))
    textes = texte_public()
    assert len(textes) > 30
    assert mentions(textes, GERS) == {}

    # The GUIDAF by its name, the rural cap stated in the catalogue.
    assert "GUIDAF" in textes["/aides/"]
    fiche = textes["/aides/dispositifs/guidaf-amenagement/"]
    assert "jusqu'à 80 % du coût HT pour les communes de 2\u202f000 habitants au plus" in fiche
    # The GUIDAF asks its pieces by type, like the Gers' schemes.
    from territoires.aides.models import TypePiece

    pieces = TypePiece.objects.filter(dispositif__code="guidaf-amenagement", obligatoire=True)
    assert set(pieces.values_list("code", flat=True)) == {
        "deliberation",
        "devis",
        "plan-financement",
    }
    # 40 M€ in 2021: the envelope; 40 % on average is never a parameter.
    guidaf = Dispositif.objects.get(code="guidaf-amenagement")
    assert Enveloppe.objects.get(dispositif=guidaf, annee=2021).montant == 40_000_000
    assert not ParametreDispositif.objects.filter(
        dispositif=guidaf, cle=ParametreDispositif.Cle.TAUX_MAX
    ).exists()
    # Hérault Ingénierie: the agency model on, members and projects counted on the key figures.
    assert ConfigurationIngenierie.courante().activer_adhesions
    assert Adhesion.objects.filter(statut=Adhesion.Statut.PAYEE).exists()
    chiffres = " ".join(textes["/chiffres-cles/"].split())
    assert "projets suivis" in chiffres
    assert "collectivités adhérentes" in chiffres
    assert "du coût en moyenne" in chiffres


def test_the_gers_shows_nothing_of_the_herault(settings):
    charger(settings, "32")
    for quoi, texte in donnees_de_demo().items():
        assert not HERAULT.findall(texte), (quoi, HERAULT.findall(texte))
    textes = texte_public()
    assert mentions(textes, HERAULT) == {}
    catalogue = textes["/aides/"]
    assert "DDR" in catalogue and "F2D" in catalogue
    assert "05 62 67 31 50" in textes["/aides/dispositifs/ddr/"]
    assert not ConfigurationIngenierie.courante().activer_adhesions
    assert set(Atelier.objects.values_list("lieu", flat=True)) == {"Auch"}


def test_a_departement_without_a_profile_gets_a_neutral_demo(settings):
    sortie = charger(settings, "40")
    assert "Données de démonstration" in sortie
    for quoi, texte in donnees_de_demo().items():
        assert not GERS.findall(texte), (quoi, GERS.findall(texte))
        assert not HERAULT.findall(texte), (quoi, HERAULT.findall(texte))
    textes = texte_public()
    assert mentions(textes, GERS) == {}
    assert mentions(textes, HERAULT) == {}
    assert "Aide aux projets des communes" in textes["/aides/"]
    # Real names of the Landes' communes, from the referentiel.
    assert "Mont-de-Marsan" in " ".join(donnees_de_demo().values())


def test_the_herault_agents_read_nothing_of_the_gers(settings):
    """Each demo account of the Hérault, logged in, follows the links of its own pages
    (home, queues, dossiers, dashboards, sessions, clauses, figures…): no Gers material."""
    from django.test import Client

    from territoires.comptes.models import User
    from tests.comptes.factories import login

    charger(settings, "34")
    comptes = ["instructeur", "chef.service", "finances", "direction", "conseiller",
               "facilitateur", "donnees", "elu", "vp", "maire"]  # fmt: skip
    vues = 0
    for nom in comptes:
        user = User.objects.get(email__startswith=f"{nom}@")
        client = Client()
        login(client, user)
        textes = texte_public(client=client, departs=("/",), pages_max=35)
        assert len(textes) > 5, nom
        vues += len(textes)
        assert mentions(textes, GERS) == {}, nom
    assert vues > 150
