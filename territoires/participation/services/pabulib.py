"""Campaigns imported from a pabulib file, results written in the pabulib format."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.journal import journal_record

from .. import pabulib
from ..models import (
    Bulletin,
    Campagne,
    Canal,
    EnveloppeCampagne,
    FormeBulletin,
    Participation,
    Projet,
    Resultat,
)
from ..selectors import bulletins_list
from .bulletins_compacts import groupes_rebuild


def _date_pabulib(texte: str, defaut: datetime.date) -> datetime.date:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(texte, fmt).date()  # noqa: DTZ007 (une date)
        except (ValueError, TypeError):
            continue
    return defaut


@transaction.atomic
def campagne_import_pabulib(*, fichier: pabulib.FichierPabulib, slug: str) -> Campagne:
    """A campaign (one enveloppe), its projets and its ballots, all or nothing."""
    if Campagne.objects.filter(slug=slug).exists():
        raise ValidationError(f"La campagne « {slug} » existe déjà.")
    m = fichier.meta
    debut = _date_pabulib(m.get("date_begin", ""), timezone.localdate())
    fin = _date_pabulib(m.get("date_end", ""), debut)
    budget = (
        Decimal(str(float(fichier.budget)))
        if fichier.budget.denominator != 1
        else Decimal(fichier.budget.numerator)
    )
    campagne = Campagne.objects.create(
        slug=slug,
        titre=f"{m.get('description', 'Budget participatif')} {m.get('instance', '')}".strip(),
        budget_total=budget,
        deliberation_le=debut - datetime.timedelta(days=240),
        idees_debut=debut - datetime.timedelta(days=180),
        idees_fin=debut - datetime.timedelta(days=120),
        analyse_fin=debut - datetime.timedelta(days=1),
        vote_debut=debut,
        vote_fin=fin,
        realisation_debut=fin + datetime.timedelta(days=60),
        evaluation_le=fin + datetime.timedelta(days=730),
        meta_pabulib=m,
    )
    enveloppe = EnveloppeCampagne(
        campagne=campagne,
        nom=m.get("subunit") or m.get("unit") or "Générale",
        budget=budget,
        choix_min=int(m.get("min_length") or 1),
        choix_max=int(m.get("max_length") or max((len(b) for b in fichier.bulletins()), default=1)),
        **_forme_bulletin(m, budget),
    )
    enveloppe._import = True
    enveloppe.save()
    projets = Projet.objects.bulk_create(
        Projet(
            campagne=campagne,
            enveloppe=enveloppe,
            code=p["project_id"],
            titre=(p.get("name") or p["project_id"])[:300],
            categorie=(p.get("category") or "")[:80],
            cout=Decimal(str(pabulib.nombre(p["cost"]).numerator))
            if pabulib.nombre(p["cost"]).denominator == 1
            else Decimal(p["cost"]),
            soumis_au_vote=True,
        )
        for p in fichier.projets
    )
    pk_de = {p.code: p.pk for p in projets}
    Bulletin.objects.bulk_create(
        (
            Bulletin(enveloppe=enveloppe, jour=debut, choix=sorted(pk_de[c] for c in b))
            for b in fichier.bulletins()
        ),
        batch_size=5000,
    )
    groupes_rebuild(enveloppe=enveloppe)
    Participation.objects.create(
        campagne=campagne, dimension="total", valeur="total", nombre=len(fichier.votes)
    )
    canaux = Counter(
        {"internet": Canal.EN_LIGNE, "paper": Canal.PAPIER}.get(v.get("voting_method", ""), "")
        for v in fichier.votes
    )
    for canal, n in canaux.items():
        if canal:
            Participation.objects.create(
                campagne=campagne, dimension="canal", valeur=canal, nombre=n
            )
    journal_record(obj=campagne, actor=None, action="creation", description="Import pabulib")
    return campagne


def _forme_bulletin(m: dict, budget) -> dict:
    """The rule of the ballot a pabulib file declares: `max_sum_cost` is a vote within the
    budget, `min_sum_cost` the share of it a ballot must reach (in whole percents)."""
    if not m.get("max_sum_cost"):
        return {}
    part = 0
    if m.get("min_sum_cost") and budget:
        part = min(
            100, int(Fraction(m["min_sum_cost"].replace(",", ".")) * 100 / Fraction(str(budget)))
        )
    return {"forme_bulletin": FormeBulletin.BUDGET, "part_min_budget": part}


def resultat_to_pabulib(
    *, campagne: Campagne, enveloppe: EnveloppeCampagne, resultat: Resultat
) -> str:
    """The enveloppe in the pabulib format, with the winners (`selected`)."""
    projets = list(Projet.objects.filter(enveloppe=enveloppe, soumis_au_vote=True).order_by("code"))
    code_de = {p.pk: p.code for p in projets}
    bulletins = bulletins_list(enveloppe=enveloppe)
    voix = Counter(p for b in bulletins for p in b)
    meta = {
        "description": campagne.meta_pabulib.get("description") or campagne.titre,
        "country": campagne.meta_pabulib.get("country", "France"),
        "unit": campagne.meta_pabulib.get("unit", "Territoires"),
        "subunit": enveloppe.nom,
        "instance": campagne.meta_pabulib.get("instance", str(campagne.vote_debut.year)),
        "num_projects": str(len(projets)),
        "num_votes": str(len(bulletins)),
        "budget": pabulib.montant(Fraction(str(enveloppe.budget))),
        "vote_type": "approval",
        # For pabulib (and its checker), `equalshares/add1` stops after raising the share,
        # without completion; our `mes-add1` completes greedily as pabutools does
        # (completion_by_rule_combination): the rule is thus declared « unknown » and described.
        "rule": {"greedy": "greedy", "mes": "equalshares", "mes-add1": "unknown"}[resultat.methode],
        "date_begin": campagne.vote_debut.strftime("%d.%m.%Y"),
        "date_end": campagne.vote_fin.strftime("%d.%m.%Y"),
        "min_length": str(enveloppe.choix_min),
        "max_length": str(enveloppe.choix_max),
        "currency": "EUR",
    }
    if enveloppe.par_budget:  # the ballot within the budget (Decidim): pabulib `max_sum_cost`
        meta["max_sum_cost"] = meta["budget"]
        if enveloppe.part_min_budget:
            meta["min_sum_cost"] = pabulib.montant(Fraction(str(enveloppe.budget_minimal)))
    if resultat.methode == "mes-add1":
        meta["comment"] = (
            "#1: règle equalshares/add1 (part relevée d'une unité par votant) suivie d'une "
            "complétion gloutonne par nombre de voix, comme pabutools "
            "completion_by_rule_combination."
        )
    selection = set(resultat.selectionnes)
    fichier = pabulib.FichierPabulib(
        meta=meta,
        colonnes_projets=["project_id", "cost", "votes", "name", "category", "selected"],
        projets=[
            {
                "project_id": p.code,
                "cost": pabulib.montant(Fraction(str(p.cout))),
                "votes": str(voix.get(p.pk, 0)),
                "name": p.titre.replace(";", ","),
                "category": p.categorie.replace(";", ","),
                "selected": "1" if p.pk in selection else "0",
            }
            for p in projets
        ],
        colonnes_votes=["voter_id", "vote"],
        votes=[
            {"voter_id": str(i), "vote": ",".join(code_de[p] for p in b)}
            for i, b in enumerate(bulletins, 1)
        ],
    )
    return pabulib.ecrire_texte(fichier)
