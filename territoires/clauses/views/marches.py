"""Marchés: list, page, final report, steps, schedule, meetings, lots' hours and companies."""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from territoires.core.access import object_rule_required, rule_required
from territoires.core.selectors import journal_for
from territoires.core.workflow import transitions_available

from ..filters import MarcheFilter
from ..forms import (
    AttributionForm,
    CalendrierForm,
    EnvironnementForm,
    EtapeForm,
    LotCalculForm,
    ReunionForm,
)
from ..models import Attribution, ConfigurationClauses, Entreprise, Lot, Marche
from ..selectors.alertes import contrats_finissant_avec_heures_dues, lots_en_retard
from ..selectors.marches import contrats_for_marche, lots_for_marche, marche_synthese, marches_list
from ..services.activite import reunion_create
from ..services.marches import (
    attribution_remove,
    attribution_save,
    lot_calibrate,
    marche_advance,
    marche_environnement_update,
    marche_schedule,
)
from ..services.participants import participants_consultation_log
from .base import accueil_crumb, filtered_page, search_text


def _marche(request, marche_id):
    return get_object_or_404(
        Marche.objects.select_related("donneur_ordre", "operation"), pk=marche_id
    )


def _lot(request, lot_id):
    return get_object_or_404(Lot.objects.select_related("marche__donneur_ordre"), pk=lot_id)


# --- Marchés -------------------------------------------------------------------------------------


@rule_required("clauses.view_marches")
def marche_list(request):
    filterset, page_obj = filtered_page(
        request, MarcheFilter, marches_list(request.user), per_page=25
    )
    facilitateur = request.user.has_perm("clauses.manage")
    return render(
        request,
        "clauses/marche_list.html",
        {
            "page_obj": page_obj,
            "q": search_text(filterset),
            "filterset": filterset,
            "facilitateur": facilitateur,
            "participants_visibles": facilitateur,
            "peut_voir_bilan": request.user.has_perm("clauses.view_bilan"),
            "peut_voir_obligations": request.user.has_perm("clauses.view_obligations"),
            "lots_en_retard": lots_en_retard() if facilitateur else [],
            "contrats_finissant": (
                list(contrats_finissant_avec_heures_dues()) if facilitateur else []
            ),
            "breadcrumb_items": [("Clauses sociales", None)],
        },
    )


def _etapes(marche: Marche) -> list[dict]:
    ordre = list(Marche.Statut.values)
    courante = ordre.index(marche.statut)
    return [
        {
            "libelle": Marche.Statut(code).label,
            "etat": "terminée"
            if i < courante or marche.statut == Marche.Statut.BILAN
            else ("en cours" if i == courante else "à venir"),
        }
        for i, code in enumerate(ordre)
    ]


@object_rule_required("clauses.view_marche", _marche)
def marche_detail(request, marche_id, obj: Marche):
    facilitateur = request.user.has_perm("clauses.manage")
    participants_visibles = request.user.has_perm("clauses.view_participants")
    contrats = list(contrats_for_marche(obj)) if participants_visibles else []
    if contrats:
        participants_consultation_log(
            participants=[c.participant for c in contrats],
            user=request.user,
            description=f"Consultation dans le marché {obj.reference}",
        )
    return render(
        request,
        "clauses/marche_detail.html",
        {
            "marche": obj,
            "lots": lots_for_marche(obj),
            "synthese": marche_synthese(obj, masquer=not participants_visibles),
            "etapes": _etapes(obj),
            "etape_numero": Marche.Statut.values.index(obj.statut) + 1,
            "transitions": transitions_available(obj=obj, user=request.user)
            if facilitateur
            else [],
            "facilitateur": facilitateur,
            "contrats": contrats,
            "participants_visibles": participants_visibles,
            "reunions": obj.reunions.all(),
            "reunion_form": ReunionForm(),
            "entreprises_choix": (
                list(Entreprise.objects.order_by("nom").only("pk", "nom", "siret"))
                if facilitateur
                else []
            ),
            "roles": Attribution.Role.choices,
            "calendrier_form": CalendrierForm(initial={"duree_mois": obj.duree_mois}),
            "environnement_form": EnvironnementForm(instance=obj, auto_id="env-%s"),
            "lots_en_retard": lots_en_retard(marche=obj),
            "contrats_finissant": list(contrats_finissant_avec_heures_dues(marche=obj))
            if participants_visibles
            else [],
            "evenements": journal_for(obj)[:30] if facilitateur else [],
            "breadcrumb_items": [accueil_crumb(), (obj.reference, None)],
        },
    )


@object_rule_required("clauses.view_marche", _marche)
def marche_bilan(request, marche_id, obj: Marche):
    """The marché's final report: hours realised against stipulated, per lot and company."""
    etapes_journal = [
        e for e in journal_for(obj) if e.action == "changement_etat"
    ]  # few rows: one per step
    synthese = marche_synthese(obj, masquer=not request.user.has_perm("clauses.view_participants"))
    base_etp = ConfigurationClauses.courante().base_etp
    titre = "Bilan final" if obj.statut == Marche.Statut.BILAN else "Bilan à date"
    return render(
        request,
        "clauses/marche_bilan.html",
        {
            "marche": obj,
            "lots": lots_for_marche(obj),
            "synthese": synthese,
            "etp": (synthese["heures"] / base_etp).quantize(Decimal("0.1"), ROUND_HALF_UP),
            "etapes_journal": list(reversed(etapes_journal)),
            "base_etp": base_etp,
            "breadcrumb_items": [
                accueil_crumb(),
                (obj.reference, obj.get_absolute_url()),
                (titre, None),
            ],
        },
    )


@require_POST
@object_rule_required("clauses.manage", _marche)
def marche_etape(request, marche_id, obj: Marche):
    form = EtapeForm(request.POST)
    permises = dict(transitions_available(obj=obj, user=request.user))
    if not form.is_valid() or form.cleaned_data["transition"] not in permises:
        messages.error(request, "Cette étape n'est pas possible maintenant.")
        return redirect(obj)
    marche_advance(
        marche=obj,
        transition=form.cleaned_data["transition"],
        actor=request.user,
        reason=form.cleaned_data["motif"],
    )
    messages.success(request, f"Étape du marché : {obj.get_statut_display()}.")
    return redirect(obj)


@require_POST
@object_rule_required("clauses.manage", _marche)
def marche_environnement(request, marche_id, obj: Marche):
    form = EnvironnementForm(request.POST)
    if form.is_valid():
        marche_environnement_update(marche=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, "Considérations environnementales du marché enregistrées.")
    return redirect(obj)


@require_POST
@object_rule_required("clauses.manage", _marche)
def marche_calendrier(request, marche_id, obj: Marche):
    form = CalendrierForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Durée invalide : un nombre de mois entre 1 et 240.")
        return redirect(obj)
    marche_schedule(marche=obj, duree_mois=form.cleaned_data["duree_mois"], actor=request.user)
    messages.success(request, f"Durée d'exécution : {obj.duree_mois} mois.")
    return redirect(obj)


@require_POST
@object_rule_required("clauses.manage", _marche)
def reunion_ajout(request, marche_id, obj: Marche):
    form = ReunionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La réunion n'a pas été enregistrée : date et type requis.")
        return redirect(obj)
    reunion_create(marche=obj, actor=request.user, **form.cleaned_data)
    messages.success(request, "Réunion enregistrée.")
    return redirect(obj)


@object_rule_required("clauses.manage", _lot)
def lot_calcul(request, lot_id, obj: Lot):
    initial = {
        "montant": obj.calcul_montant,
        "part_main_oeuvre_pct": obj.calcul_part_main_oeuvre_pct,
        "taux_insertion_pct": obj.calcul_taux_insertion_pct,
        "cout_horaire": obj.calcul_cout_horaire,
    }
    form = LotCalculForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lot_calibrate(lot=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Heures prescrites du lot {obj.numero} : {obj.heures_prescrites} h."
            )
            return redirect(obj.marche)
    return render(
        request,
        "clauses/lot_calcul.html",
        {
            "lot": obj,
            "form": form,
            "breadcrumb_items": [
                accueil_crumb(),
                (obj.marche.reference, obj.marche.get_absolute_url()),
                (f"Calcul des heures du lot {obj.numero}", None),
            ],
        },
    )


@require_POST
@object_rule_required("clauses.manage", _lot)
def lot_attribution(request, lot_id, obj: Lot):
    """Add a company to a lot, change its role, or remove it (button « retirer »)."""
    form = AttributionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une entreprise et son rôle sur le lot.")
        return redirect(obj.marche)
    entreprise = form.cleaned_data["entreprise"]
    if request.POST.get("action") == "retirer":
        try:
            attribution_remove(lot=obj, entreprise=entreprise, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{entreprise.nom} retirée du lot {obj.numero}.")
        return redirect(obj.marche)
    attribution = attribution_save(
        lot=obj, entreprise=entreprise, role=form.cleaned_data["role"], actor=request.user
    )
    messages.success(
        request,
        f"{entreprise.nom} : {attribution.get_role_display().lower()} du lot {obj.numero}.",
    )
    return redirect(obj.marche)
