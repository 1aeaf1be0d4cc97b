"""Issue 15 — the demo obeys its own rules: loaded as `make run` loads it, every DDR commune
has at most the allowed number of dossiers per programming year and never more than the cap
granted in a year, each dossier sits in the session its filing gives, no payment predates
its decision, and the dashboard reads the same remainder as the programming check."""

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone

from territoires.aides import selectors
from territoires.aides.models import Dispositif, Dossier, Enveloppe, ParametreDispositif, Versement

Cle = ParametreDispositif.Cle


@pytest.fixture
def demo(transactional_db):
    call_command("referentiel_import", departements=["32"], verbosity=0)
    call_command("demo_charger", verbosity=0)


def test_the_demo_obeys_its_own_rules(demo):
    ddr = Dispositif.objects.get(code="ddr")
    today = timezone.localdate()
    params = selectors.parametres_for_date(ddr, today)
    plafond, nombre = params[Cle.MONTANT_MAX], params[Cle.LIMITE_DOSSIERS]["nombre"]
    assert params[Cle.LIMITE_DOSSIERS].get("periode", "programmation") == "programmation"
    par_annee = (
        Dossier.objects.filter(dispositif=ddr, statut__in=Dossier.STATUTS_DEPOSES)
        .values("organisation__nom", annee=F("session__date_commission__year"))
        .annotate(n=Count("pk"))
    )
    assert par_annee
    for ligne in par_annee:
        assert ligne["n"] <= nombre, ligne
    attribues = (
        Dossier.objects.filter(dispositif=ddr, statut__in=Dossier.STATUTS_ATTRIBUES)
        .values("organisation__nom", annee=F("session__date_commission__year"))
        .annotate(total=Sum("montant_attribue"))
    )
    assert attribues
    for ligne in attribues:
        assert ligne["total"] <= plafond, ligne

    for dossier in Dossier.objects.filter(dispositif=ddr, depose_le__isnull=False).exclude(
        statut__in=["ajourne", "brouillon"]
    ):
        jour = dossier.complet_le or timezone.localdate(dossier.depose_le)
        assert dossier.session == selectors.session_for_filing(ddr, jour), dossier.numero

    assert not Versement.objects.filter(
        statut=Versement.Statut.PAYE, paye_le__lt=F("dossier__decide_le")
    ).exists()

    for enveloppe in Enveloppe.objects.filter(annee__gte=today.year - 2):
        ligne = next(
            r
            for r in selectors.enveloppes_situation(enveloppe.annee)
            if r["enveloppe"].pk == enveloppe.pk
        )
        check = selectors.enveloppe_situation(enveloppe.dispositif, enveloppe.annee)
        assert check["reste"] == ligne["reste"] == enveloppe.montant - ligne["engage"]


def test_the_demo_dossiers_have_dated_timelines_and_a_history(demo):
    """A paid demo dossier shows every step of its timeline with a date, in order, and a
    history of its transitions (written by the demo as the workflow writes them)."""
    from territoires.aides.selectors.dossier import frise
    from territoires.core.models import Evenement

    dossier = Dossier.objects.filter(statut="solde").select_related("session").first()
    assert dossier is not None
    evenements = Evenement.objects.filter(
        content_type__model="dossier", object_id=str(dossier.pk)
    ).order_by("cree_le")
    descriptions = [e.description for e in evenements]
    assert descriptions[:3] == ["Déposer le dossier", "Déclarer complet et instruire", "Proposer"]
    assert descriptions[-1] == "Solder"
    etapes = frise(dossier, evenements)
    assert [e.libelle for e in etapes][-1] == "Clos : subvention soldée"
    jours = [e.jour for e in etapes]
    assert None not in jours, [(e.libelle, e.jour) for e in etapes]
    assert jours == sorted(jours)
    assert all(e.cree_le.date() <= timezone.localdate() for e in evenements)
