"""The territory page's reads (issue 13): every module's figures for a set of communes.

`resume()` is the frozen interface used by the elected officials' home page: a few figures over
a period and what changed since a date. Each figure comes from the module's own selector; the
number of queries does not grow with the communes or the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection

from django.utils import timezone

from territoires.aides.selectors.territoires import (
    dossiers_decides_depuis,
    subventions_pour_communes,
)
from territoires.clauses.selectors import heures_pour_communes
from territoires.ingenierie.selectors import (
    sollicitations_comptes_pour_communes,
    sollicitations_deposees_depuis,
)
from territoires.participation.selectors import projets_pour_communes_compte
from territoires.pilotage.indicateurs import Periode
from territoires.ui.formats import nombre_fr

NOUVEAUTES_MAX = 10


def resume(
    *, communes: Collection[str], periode: Periode, depuis: datetime.date | None = None
) -> dict:
    """The territory made of `communes` (INSEE codes) at a glance over `periode`.

    Requests open and closed (filed in the period), dossiers voted and the amounts granted
    (decided in the period) and paid (paid in the period), insertion hours on the marchés of the
    buyers located there, participatory-budget projects located there, and the news since
    `depuis` (none when it is None).
    """
    codes = list(communes)
    annees = {"depuis": periode.depuis, "jusqu_a": periode.jusqu_a}
    demandes = sollicitations_comptes_pour_communes(codes, **annees)
    subventions = subventions_pour_communes(codes, **annees)
    return {
        "demandes_ouvertes": demandes["ouvertes"],
        "demandes_closes": demandes["closes"],
        **subventions,
        "heures_insertion": heures_pour_communes(codes, **annees)["heures"],
        "projets_bp": projets_pour_communes_compte(codes, **annees),
        "nouveautes": nouveautes(codes, depuis=depuis) if depuis else [],
    }


def nouveautes_ingenierie(codes: list[str], *, depuis: datetime.date) -> list[dict]:
    """Engineering requests filed in `codes` since `depuis` (bounded, one query)."""
    debut = timezone.make_aware(datetime.datetime.combine(depuis, datetime.time()))
    return [
        {
            "date": timezone.localtime(s.deposee_le).date(),
            "module": "ingenierie",
            "texte": f"Demande d'ingénierie « {s.sujet} »",
            "url": s.get_absolute_url(),
            "permission": "ingenierie.view_sollicitation",
            "objet": s,
        }
        for s in sollicitations_deposees_depuis(codes, depuis=debut, limite=NOUVEAUTES_MAX)
    ]


def nouveautes_aides(codes: list[str], *, depuis: datetime.date) -> list[dict]:
    """Aid dossiers of `codes` decided since `depuis` (bounded, one query)."""
    return [
        {
            "date": d.decide_le,
            "module": "aides",
            "texte": f"Subvention de {nombre_fr(d.montant_attribue)} € ({d.dispositif})",
            "url": d.get_absolute_url(),
            "permission": "aides.view_dossier",
            "objet": d,
        }
        for d in dossiers_decides_depuis(codes, depuis=depuis, limite=NOUVEAUTES_MAX)
    ]


def nouveautes(codes: list[str], *, depuis: datetime.date) -> list[dict]:
    """Requests filed and dossiers decided since `depuis`, newest first (bounded, two queries).

    Each item names the permission that opens its `url` on its `objet`: the reader's page keeps
    only the links its reader may follow (`liens_permis`)."""
    items = nouveautes_ingenierie(codes, depuis=depuis) + nouveautes_aides(codes, depuis=depuis)
    return sorted(items, key=lambda item: item["date"], reverse=True)[:NOUVEAUTES_MAX]


def liens_permis(items: list[dict], user) -> list[dict]:
    """`items` with the links `user` may not open turned into plain text (no 404 to click)."""
    return [
        item if user.has_perm(item["permission"], item["objet"]) else {**item, "url": ""}
        for item in items
    ]
