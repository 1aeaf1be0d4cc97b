"""One definition of what a scheme's yearly envelope has committed and what remains (issue
15), read by the dashboard (`enveloppes_situation`) and by the programming check
(`services.dossier_program` through `enveloppe_situation`).

Why the two figures differed (863 400 € left on the dashboard, 895 000 € for the check, on
the DDR's 2027 envelope of the demo when the issue was written; 900 000 − 21 600 proposed
− 5 000 programmed = 873 400 € against 900 000 − 5 000 = 895 000 € on today's demo): the
dashboard deducted every *proposed* amount (« proposé », before the head of service's visa,
and « programmé »), the check only the *programmed* ones. A proposal is not a commitment
yet, and the dossier being programmed is itself « proposé »: deducting it would have counted
it twice. Neither deducted what a lapse
or a pro-rata balance gives back, and a lapsed grant vanished whole, its paid part too.

The definition, per envelope (scheme, year of the session's commission):
- « programmé »: the proposed amount of the dossiers in a session awaiting the vote;
- « attribué »: the amount granted by the vote and not lapsed (attributed, committed, partly
  paid, balanced: `Dossier.STATUTS_ATTRIBUES`, as the open data and the key figures read it);
  a lapsed grant counts by what it paid;
- « dégagé »: what a balanced, lapsed or cancelled grant did not use, granted minus paid —
  the balance is paid pro rata of the real expenses, a lapse or a cancellation (« annuler la
  subvention »: given up or withdrawn) stops the payments. A cancelled *decision* (a vote
  corrected) takes the dossier back to « programmé » at its proposed amount, and a refusal
  or a classement frees it whole: neither is a grant, so nothing stays attributed;
- « engagé » (what the envelope holds) = programmé + attribué + lapsed or cancelled grants
  − dégagé;
- « restant » = envelope − engagé. « Proposé » (before the visa) is shown, never deducted.
"""

from django.db.models import Q, Sum

from ..models import ZERO, Dossier, Enveloppe, SessionProgrammation, Versement

#: The grant is over: what was not paid is freed.
STATUTS_CLOS = (Dossier.Statut.SOLDE, Dossier.Statut.CADUC, Dossier.Statut.ANNULE)
#: The grant stopped before its end (a lapse, a cancellation): it counts by what it paid.
STATUTS_ARRETES = (Dossier.Statut.CADUC, Dossier.Statut.ANNULE)


def _consommation(sessions: dict[int, tuple]) -> dict[tuple, dict]:
    """Sums by (scheme, year) of the dossiers of `sessions` ({session id: (scheme id, year)}),
    in two queries on the covering index (session, state, amounts)."""
    sums = (
        Dossier.objects.filter(session_id__in=list(sessions))
        .values("session_id")
        .annotate(
            propose=Sum("montant_propose", filter=Q(statut=Dossier.Statut.PROPOSE)),
            programme=Sum("montant_propose", filter=Q(statut=Dossier.Statut.PROGRAMME)),
            attribue=Sum("montant_attribue", filter=Q(statut__in=Dossier.STATUTS_ATTRIBUES)),
            caduc=Sum("montant_attribue", filter=Q(statut__in=STATUTS_ARRETES)),
            clos=Sum("montant_attribue", filter=Q(statut__in=STATUTS_CLOS)),
        )
        .order_by()
    )
    paid = (
        Versement.objects.filter(
            statut=Versement.Statut.PAYE, dossier__session_id__in=list(sessions)
        )
        .values("dossier__session_id")
        .annotate(
            total=Sum("montant_verse"),
            clos=Sum("montant_verse", filter=Q(dossier__statut__in=STATUTS_CLOS)),
        )
        .order_by()
    )
    totals: dict[tuple, dict] = {}
    for row in sums:
        total = totals.setdefault(sessions[row["session_id"]], {})
        for field in ("propose", "programme", "attribue", "caduc", "clos"):
            total[field] = total.get(field, ZERO) + (row[field] or ZERO)
    for row in paid:
        total = totals.setdefault(sessions[row["dossier__session_id"]], {})
        total["paye"] = total.get("paye", ZERO) + (row["total"] or ZERO)
        total["paye_clos"] = total.get("paye_clos", ZERO) + (row["clos"] or ZERO)
    return totals


def _ligne(enveloppe: Enveloppe, total: dict) -> dict:
    programme = total.get("programme", ZERO)
    attribue = total.get("attribue", ZERO)
    degage = max(ZERO, total.get("clos", ZERO) - total.get("paye_clos", ZERO))
    engage = programme + attribue + total.get("caduc", ZERO) - degage
    return {
        "enveloppe": enveloppe,
        "propose": total.get("propose", ZERO),
        "programme": programme,
        "attribue": attribue,
        "degage": degage,
        "engage": engage,
        "paye": total.get("paye", ZERO),
        "reste": enveloppe.montant - engage,
        "pourcentage": int(engage * 100 / enveloppe.montant) if enveloppe.montant else 0,
    }


def enveloppes_situation(annee: int | None = None, *, dispositif=None) -> list[dict]:
    """Each envelope (of `annee`, of `dispositif`) with its « proposé », « programmé »,
    « attribué », « dégagé », « engagé », « payé » and « restant » (module docstring): four
    queries whatever the number of dossiers."""
    enveloppes = Enveloppe.objects.select_related("dispositif")
    if annee:
        enveloppes = enveloppes.filter(annee=annee)
    if dispositif is not None:
        enveloppes = enveloppes.filter(dispositif=dispositif)
    enveloppes = list(enveloppes)
    if not enveloppes:
        return []
    sessions = SessionProgrammation.objects.filter(
        date_commission__year__in={e.annee for e in enveloppes}
    )
    if dispositif is not None:
        sessions = sessions.filter(dispositif=dispositif)
    # The session gives the scheme and the year, without a join on the dossiers.
    totals = _consommation(
        {
            pk: (dispositif_id, year)
            for pk, dispositif_id, year in sessions.values_list(
                "pk", "dispositif_id", "date_commission__year"
            )
        }
    )
    return [
        _ligne(e, totals.get((e.dispositif_id, e.annee), {}))
        for e in sorted(enveloppes, key=lambda e: (-e.annee, e.dispositif.nom))
    ]


def enveloppe_situation(dispositif, annee: int) -> dict | None:
    """One scheme's envelope for a year, as the dashboard reads it (None without an
    envelope): the programming check compares its « reste » with the amount to program."""
    rows = enveloppes_situation(annee, dispositif=dispositif)
    return rows[0] if rows else None
