"""The lists filter and sort through the FilterSets of `clauses/filters.py`."""

import pytest

from territoires.clauses.filters import (
    DonneurOrdreFilter,
    EntrepriseFilter,
    ImportClausesFilter,
    MarcheFilter,
    ParticipantFilter,
)
from territoires.clauses.models import DonneurOrdre, ImportClauses, Marche
from territoires.clauses.selectors.entreprises import donneurs_ordre_list, entreprises_list
from territoires.clauses.selectors.participants import participants_list

from .factories import DonneurOrdreFactory, EntrepriseFactory, MarcheFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_marches_by_reference_object_buyer_or_its_siret_and_sorted():
    a = MarcheFactory(reference="2022-A", objet="Voirie", donneur_ordre__nom="Commune d'Auch")
    b = MarcheFactory(reference="2022-B", objet="École", donneur_ordre__nom="Lectoure")
    tous = Marche.objects.all()
    assert list(MarcheFilter({"q": "voirie"}, queryset=tous).qs) == [a]
    assert list(MarcheFilter({"q": "lectoure"}, queryset=tous).qs) == [b]
    assert list(MarcheFilter({"q": b.donneur_ordre.siret}, queryset=tous).qs) == [b]
    assert list(MarcheFilter({"tri": "-reference"}, queryset=tous).qs) == [b, a]
    assert list(MarcheFilter({"tri": "acheteur"}, queryset=tous).qs) == [a, b]


def test_companies_buyers_and_participants():
    EntrepriseFactory(nom="Gascogne Bâtiment")
    lomagne = EntrepriseFactory(nom="Lomagne Électricité", effectif=3)
    assert list(EntrepriseFilter({"q": "lomagne"}, queryset=entreprises_list()).qs) == [lomagne]
    assert list(EntrepriseFilter({"q": lomagne.siret}, queryset=entreprises_list()).qs) == [lomagne]
    assert EntrepriseFilter({"tri": "effectif"}, queryset=entreprises_list()).qs[0] == lomagne

    DonneurOrdreFactory(nom="Région", categorie=DonneurOrdre.Categorie.REGION)
    bailleur = DonneurOrdreFactory(nom="Office de l'habitat", suivi=False,
                                   categorie=DonneurOrdre.Categorie.BAILLEUR)  # fmt: skip
    qs = donneurs_ordre_list()
    assert list(DonneurOrdreFilter({"categorie": "bailleur"}, queryset=qs).qs) == [bailleur]
    assert list(DonneurOrdreFilter({"suivi": "false"}, queryset=qs).qs) == [bailleur]

    ParticipantFactory(identifiant="P-1")
    p2 = ParticipantFactory(identifiant="Q-2")
    assert list(ParticipantFilter({"q": "q-"}, queryset=participants_list()).qs) == [p2]


def test_imports_by_status():
    from tests.clauses.factories import monde_permissions

    import_ = ImportClauses.objects.get(pk=monde_permissions({})["import_id"])
    tous = ImportClauses.objects.all()
    assert list(ImportClausesFilter({"statut": "en_cours"}, queryset=tous).qs) == [import_]
    assert list(ImportClausesFilter({"statut": "refuse"}, queryset=tous).qs) == []
