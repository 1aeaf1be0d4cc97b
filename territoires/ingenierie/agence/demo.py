"""Demo data of the agency model (`territoires.ingenierie.demo` calls it): the scale of the
memberships and the catalogue of paid services (demo assumptions, `docs/demo.md`), switched on
when the Département's profile says so (the Hérault's Hérault Ingénierie, seed 003), and
three years of memberships.
"""

from django.utils import timezone

from ..models.configuration import ConfigurationIngenierie
from .models import Adhesion, BaremeAdhesion, Prestation


def agence_configurer(*, agence: bool) -> None:
    """Agency model: an illustrative scale and catalogue (demo assumptions), switched on when
    the Département's profile says so (Hérault Ingénierie), ready to enable otherwise."""
    annee = timezone.localdate().year
    for an in range(annee - 2, annee + 1):
        for minimum, maximum, montant in ((0, 499, 150), (500, 1999, 400), (2000, None, 900)):
            BaremeAdhesion.objects.get_or_create(
                annee=an, population_min=minimum,
                defaults={"population_max": maximum, "montant": montant},
            )  # fmt: skip
    for libelle, phase, tarif, unite, prix in (
        ("AMO pré-opérationnelle : programme de l'opération", "pre", "forfait", "", 3500),
        ("AMO opérationnelle : choix du maître d'œuvre", "ope", "forfait", "", 2500),
        ("AMO opérationnelle : suivi de chantier", "ope", "unitaire", "demi-journée", 320),
    ):
        Prestation.objects.get_or_create(
            libelle=libelle,
            defaults={"phase": phase, "tarif": tarif, "unite": unite, "prix_ht": prix},
        )
    config = ConfigurationIngenierie.courante()
    if agence and not config.activer_adhesions:
        config.activer_adhesions = True
        config.save(update_fields=["activer_adhesions"])


def adhesions_generer(*, rng, organisations, collectivites, today) -> int:
    """Three years of memberships (first run only): about two collectivités in three paid
    theirs each year, the demo ones always; this year's last calls are still unpaid."""
    if Adhesion.objects.exists():
        return 0
    baremes = list(BaremeAdhesion.objects.filter(annee__gte=today.year - 2))
    demo = {organisations[key].pk for key in ("commune", "commune2", "epci")}
    rows = []
    for organisation in collectivites:
        population = (organisation.commune.population if organisation.commune_id else None) or 0
        membre = organisation.pk in demo or rng.random() < 0.67
        for annee in range(today.year - 2, today.year + 1):
            if not membre:
                continue
            montant = next(
                b.montant
                for b in baremes
                if b.annee == annee
                and b.population_min <= population
                and (b.population_max is None or population <= b.population_max)
            )
            paye = organisation.pk in demo or annee < today.year or rng.random() < 0.8
            statut = Adhesion.Statut.PAYEE if paye else Adhesion.Statut.APPELEE
            rows.append(
                Adhesion(organisation=organisation, annee=annee, montant=montant, statut=statut)
            )
    Adhesion.objects.bulk_create(rows)
    return len(rows)
