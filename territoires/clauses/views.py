"""Pages of the clauses module (thin: reads in selectors, writes in services)."""

import datetime
import json
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.comptes.access import object_rule_required, public, rule_required
from territoires.core.selectors import journal_for
from territoires.core.sorties.reponses import JSON, PDF, XLSX, reponse_fichier
from territoires.core.workflow import transitions_available

from . import exports, selectors, services
from .forms import (
    AttributionForm,
    CalendrierForm,
    ConventionForm,
    DecpForm,
    DecpSuivreForm,
    DonneurOrdreForm,
    EntrepriseForm,
    EtapeForm,
    ImportForm,
    LotCalculForm,
    ReunionForm,
)
from .models import (
    ETAPES_ORDRE,
    Attribution,
    Configuration,
    ConventionAccompagnement,
    DonneurOrdre,
    Entreprise,
    Etape,
    ImportClauses,
    ImportDecp,
    Lot,
    Marche,
    Participant,
)


def _marche(request, marche_id):
    return get_object_or_404(
        Marche.objects.select_related("donneur_ordre", "operation"), pk=marche_id
    )


def _lot(request, lot_id):
    return get_object_or_404(Lot.objects.select_related("marche__donneur_ordre"), pk=lot_id)


def _import(request, import_id):
    return get_object_or_404(ImportClauses.objects.select_related("tache"), pk=import_id)


def _entreprise(request, entreprise_id):
    return get_object_or_404(Entreprise.objects.select_related("commune"), pk=entreprise_id)


def _donneur(request, donneur_id):
    return get_object_or_404(DonneurOrdre.objects.select_related("organisation"), pk=donneur_id)


def _decp(request, decp_id):
    return get_object_or_404(ImportDecp.objects.select_related("fichier", "tache"), pk=decp_id)


def _participant(request, participant_id):
    return get_object_or_404(Participant, pk=participant_id)


def _accueil_crumb():
    return ("Clauses sociales", reverse("clauses:marches"))


def _annee(request, defaut: int | None = None) -> int:
    try:
        annee = int(request.GET.get("annee", ""))
        if 2000 <= annee <= 2100:
            return annee
    except ValueError:
        pass
    return defaut or timezone.localdate().year - 1


# --- Marchés -------------------------------------------------------------------------------------


@rule_required("clauses.view_marches")
def marche_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.marches_liste(request.user, q=q).order_by(
        "-date_notification", "reference", "pk"
    )
    page_obj = Paginator(qs, 25).get_page(request.GET.get("page"))
    facilitateur = request.user.has_perm("clauses.manage")
    if facilitateur:
        services.anonymisation_quotidienne()
    return render(
        request,
        "clauses/marche_list.html",
        {
            "page_obj": page_obj,
            "q": q,
            "facilitateur": facilitateur,
            "participants_visibles": facilitateur,
            "peut_voir_bilan": request.user.has_perm("clauses.view_bilan"),
            "peut_voir_obligations": request.user.has_perm("clauses.view_obligations"),
            "lots_en_retard": selectors.lots_en_retard() if facilitateur else [],
            "contrats_finissant": (
                list(selectors.contrats_finissant_avec_heures_dues()) if facilitateur else []
            ),
            "breadcrumb_items": [("Clauses sociales", None)],
        },
    )


def _etapes(marche: Marche) -> list[dict]:
    courante = ETAPES_ORDRE.index(marche.etape)
    return [
        {
            "libelle": Etape(code).label,
            "etat": "terminée"
            if i < courante or marche.etape == Etape.BILAN
            else ("en cours" if i == courante else "à venir"),
        }
        for i, code in enumerate(ETAPES_ORDRE)
    ]


@object_rule_required("clauses.view_marche", _marche)
def marche_detail(request, marche_id, obj: Marche):
    facilitateur = request.user.has_perm("clauses.manage")
    participants_visibles = request.user.has_perm("clauses.view_participants")
    contrats = list(selectors.contrats_du_marche(obj)) if participants_visibles else []
    if contrats:
        services.participants_consultation_journaliser(
            participants=[c.participant for c in contrats],
            user=request.user,
            description=f"Consultation dans le marché {obj.reference}",
        )
    return render(
        request,
        "clauses/marche_detail.html",
        {
            "marche": obj,
            "lots": selectors.lots_du_marche(obj),
            "synthese": selectors.marche_synthese(obj, masquer=not participants_visibles),
            "etapes": _etapes(obj),
            "etape_numero": ETAPES_ORDRE.index(obj.etape) + 1,
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
            "lots_en_retard": selectors.lots_en_retard(marche=obj),
            "contrats_finissant": list(selectors.contrats_finissant_avec_heures_dues(marche=obj))
            if participants_visibles
            else [],
            "evenements": journal_for(obj)[:30] if facilitateur else [],
            "breadcrumb_items": [_accueil_crumb(), (obj.reference, None)],
        },
    )


@object_rule_required("clauses.view_marche", _marche)
def marche_bilan(request, marche_id, obj: Marche):
    """The marché's final report: hours realised against stipulated, per lot and company."""
    etapes_journal = [
        e for e in journal_for(obj) if e.action == "changement_etat"
    ]  # few rows: one per step
    synthese = selectors.marche_synthese(
        obj, masquer=not request.user.has_perm("clauses.view_participants")
    )
    base_etp = Configuration.courante().base_etp
    titre = "Bilan final" if obj.etape == Etape.BILAN else "Bilan à date"
    return render(
        request,
        "clauses/marche_bilan.html",
        {
            "marche": obj,
            "lots": selectors.lots_du_marche(obj),
            "synthese": synthese,
            "etp": (synthese["heures"] / base_etp).quantize(Decimal("0.1"), ROUND_HALF_UP),
            "etapes_journal": list(reversed(etapes_journal)),
            "base_etp": base_etp,
            "breadcrumb_items": [
                _accueil_crumb(),
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
    services.marche_avancer(
        marche=obj,
        transition=form.cleaned_data["transition"],
        actor=request.user,
        reason=form.cleaned_data["motif"],
    )
    messages.success(request, f"Étape du marché : {obj.get_etape_display()}.")
    return redirect(obj)


@require_POST
@object_rule_required("clauses.manage", _marche)
def marche_calendrier(request, marche_id, obj: Marche):
    form = CalendrierForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Durée invalide : un nombre de mois entre 1 et 240.")
        return redirect(obj)
    services.marche_planifier(
        marche=obj, duree_mois=form.cleaned_data["duree_mois"], actor=request.user
    )
    messages.success(request, f"Durée d'exécution : {obj.duree_mois} mois.")
    return redirect(obj)


@require_POST
@object_rule_required("clauses.manage", _marche)
def reunion_ajout(request, marche_id, obj: Marche):
    form = ReunionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "La réunion n'a pas été enregistrée : date et type requis.")
        return redirect(obj)
    services.reunion_creer(marche=obj, actor=request.user, **form.cleaned_data)
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
            services.lot_calibrer(lot=obj, actor=request.user, **form.cleaned_data)
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
                _accueil_crumb(),
                (obj.marche.reference, obj.marche.get_absolute_url()),
                (f"Calcul des heures du lot {obj.numero}", None),
            ],
        },
    )


# --- Import --------------------------------------------------------------------------------------


@rule_required("clauses.import")
def import_form(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import_ = services.import_lancer(
            fichier=form.cleaned_data["fichier"],
            fichier_heures=form.cleaned_data.get("fichier_heures"),
            user=request.user,
            organisation=request.organisation,
        )
        return redirect(import_)
    return render(
        request,
        "clauses/import.html",
        {
            "form": form,
            "imports": ImportClauses.objects.select_related("fichier", "cree_par")[:10],
            "breadcrumb_items": [_accueil_crumb(), ("Importer un classeur", None)],
        },
    )


@rule_required("clauses.import")
def import_modele(request):
    return reponse_fichier(
        exports.modele_xlsx(), nom_fichier="modele-clauses-sociales.xlsx", type_mime=XLSX
    )


@object_rule_required("clauses.import", _import)
def import_detail(request, import_id, obj: ImportClauses):
    return render(
        request,
        "clauses/import_detail.html",
        {
            "import": obj,
            "page_has_errors": obj.statut == ImportClauses.Statut.REFUSE,
            "breadcrumb_items": [
                _accueil_crumb(),
                ("Importer un classeur", reverse("clauses:import")),
                (str(obj), None),
            ],
        },
    )


# --- Buyers -------------------------------------------------------------------------------------


@rule_required("clauses.manage")
def donneur_list(request):
    page_obj = Paginator(selectors.donneurs_liste(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "clauses/donneur_list.html",
        {"page_obj": page_obj, "breadcrumb_items": [_accueil_crumb(), ("Donneurs d'ordre", None)]},
    )


@object_rule_required("clauses.manage", _donneur)
def donneur_modifier(request, donneur_id, obj: DonneurOrdre):
    form = DonneurOrdreForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        donneur = services.donneur_ordre_modifier(
            donneur_id=obj.pk, donnees=form.cleaned_data, actor=request.user
        )
        messages.success(request, f"Donneur d'ordre « {donneur.nom} » enregistré.")
        return redirect("clauses:donneurs")
    return render(
        request,
        "clauses/donneur_form.html",
        {
            "form": form,
            "donneur": obj,
            "breadcrumb_items": [
                _accueil_crumb(),
                ("Donneurs d'ordre", reverse("clauses:donneurs")),
                (obj.nom, None),
            ],
        },
    )


# --- DECP ----------------------------------------------------------------------------------------


@rule_required("clauses.import")
def decp(request):
    form = DecpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import_ = services.decp_lancer(
            fichier=form.cleaned_data["fichier"],
            user=request.user,
            organisation=request.organisation,
        )
        return redirect(import_)
    return render(
        request,
        "clauses/decp.html",
        {
            "form": form,
            "imports": ImportDecp.objects.select_related("fichier", "cree_par")[:10],
            "breadcrumb_items": [_accueil_crumb(), ("Marchés des DECP", None)],
        },
    )


@object_rule_required("clauses.import", _decp)
def decp_detail(request, decp_id, obj: ImportDecp):
    resultat = obj.resultat or {}
    ids = resultat.get("crees", []) + resultat.get("completes", [])
    marches = {m.pk: m for m in Marche.objects.filter(pk__in=ids).select_related("donneur_ordre")}
    groupes: dict[str, list] = {}
    for record in resultat.get("non_suivis", []):
        date = record["date_notification"]
        groupes.setdefault(record["acheteur_siret"], []).append(
            record | {"date": datetime.date.fromisoformat(date) if date else None}
        )
    connus = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=groupes)}
    acheteurs = [
        {
            "siret": siret,
            "donneur": connus.get(siret),
            "marches": records,
            "form": DecpSuivreForm(
                initial={
                    "siret": siret,
                    "nom": connus[siret].nom if siret in connus else "",
                    "categorie": connus[siret].categorie if siret in connus else "commune",
                },
                auto_id=f"suivre-{siret}-%s",
            ),
        }
        for siret, records in sorted(groupes.items())
    ]
    page_obj = Paginator(acheteurs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "clauses/decp_detail.html",
        {
            "import": obj,
            "crees": [marches[pk] for pk in resultat.get("crees", []) if pk in marches],
            "completes": [marches[pk] for pk in resultat.get("completes", []) if pk in marches],
            "page_obj": page_obj,
            "non_suivis_n": len(resultat.get("non_suivis", [])),
            "page_has_errors": obj.statut == ImportDecp.Statut.REFUSE,
            "breadcrumb_items": [
                _accueil_crumb(),
                ("Marchés des DECP", reverse("clauses:decp")),
                (str(obj), None),
            ],
        },
    )


@require_POST
@object_rule_required("clauses.manage", _decp)
def decp_suivre(request, decp_id, obj: ImportDecp):
    form = DecpSuivreForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le nom et la catégorie de l'acheteur à suivre.")
        return redirect(obj)
    try:
        donneur, crees = services.decp_suivre(import_=obj, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(obj)
    messages.success(
        request,
        f"{donneur.nom} est suivi : {len(crees)} marché{'s' if len(crees) > 1 else ''} "
        "ajouté(s) à vos marchés.",
    )
    return redirect(obj)


# --- Bilan ---------------------------------------------------------------------------------------


def _masquer(request) -> bool:
    """Only the facilitator sees exact small counts of people; others get them masked."""
    return not request.user.has_perm("clauses.view_participants")


@rule_required("clauses.view_bilan")
def bilan(request):
    annee = _annee(request)
    donnees = selectors.bilan_annuel(annee, masquer=_masquer(request))
    return render(
        request,
        "clauses/bilan.html",
        exports.bilan_contexte(donnees)
        | {
            "annees": selectors.annees_disponibles() or [annee],
            "annee": annee,
            "breadcrumb_items": [_accueil_crumb(), (f"Bilan {annee}", None)],
        },
    )


@rule_required("clauses.view_bilan")
def bilan_export(request):
    annee = _annee(request)
    format_ = request.GET.get("format", "json")
    donnees = selectors.bilan_annuel(annee, masquer=_masquer(request))
    if format_ == "xlsx":
        contenu, mime = exports.bilan_xlsx(donnees), XLSX
    elif format_ == "pdf":
        contenu, mime = exports.bilan_pdf(donnees), PDF
    else:
        format_ = "json"
        contenu, mime = _json(donnees), JSON
    return reponse_fichier(
        contenu, nom_fichier=f"bilan-clauses-sociales-{annee}.{format_}", type_mime=mime
    )


def _json(donnees: dict) -> bytes:
    return json.dumps(donnees, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode()


@public
def chiffres(request):
    """Public figures: counts under the statistical threshold are hidden."""
    annee = _annee(request)
    donnees = selectors.bilan_annuel(annee, masquer=True)
    return render(
        request,
        "clauses/chiffres.html",
        exports.bilan_contexte(donnees)
        | {
            "annee": annee,
            "annees": selectors.annees_disponibles() or [annee],
            "seuil": Configuration.courante().seuil_secret_statistique,
            "breadcrumb_items": [("Clauses sociales : chiffres clés", None)],
        },
    )


@public
def chiffres_json(request):
    """Open data: the same masked figures as JSON."""
    annee = _annee(request)
    return reponse_fichier(
        _json(selectors.bilan_annuel(annee, masquer=True)),
        nom_fichier=f"clauses-sociales-{annee}.json",
        type_mime=JSON,
    )


# --- Participants (facilitator only, every access journaled) --------------------------------------


@rule_required("clauses.view_participants")
def participant_list(request):
    q = request.GET.get("q", "").strip()
    page_obj = Paginator(selectors.participants_liste(q=q), 50).get_page(request.GET.get("page"))
    services.participants_consultation_journaliser(
        participants=list(page_obj.object_list), user=request.user
    )
    return render(
        request,
        "clauses/participant_list.html",
        {
            "page_obj": page_obj,
            "q": q,
            "breadcrumb_items": [_accueil_crumb(), ("Participants", None)],
        },
    )


@object_rule_required("clauses.view_participants", _participant)
def participant_detail(request, participant_id, obj: Participant):
    services.participant_consultation_journaliser(participant=obj, user=request.user)
    contrats = obj.contrats.select_related("entreprise").prefetch_related("lots__marche")
    heures = obj.heures.select_related("lot__marche").order_by("mois", "lot_id")
    return render(
        request,
        "clauses/participant_detail.html",
        {
            "participant": obj,
            "contrats": contrats,
            "heures": heures,
            "evenements": journal_for(obj)[:20],
            "breadcrumb_items": [
                _accueil_crumb(),
                ("Participants", reverse("clauses:participants")),
                (obj.identifiant, None),
            ],
        },
    )


# --- Companies and buyers ------------------------------------------------------------------------


@rule_required("clauses.view_bilan")
def entreprise_list(request):
    page_obj = Paginator(selectors.entreprises_liste().order_by("nom", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "clauses/entreprise_list.html",
        {
            "page_obj": page_obj,
            "facilitateur": request.user.has_perm("clauses.manage"),
            "breadcrumb_items": [_accueil_crumb(), ("Entreprises", None)],
        },
    )


def _entreprise_form(request, entreprise: Entreprise | None):
    form = EntrepriseForm(request.POST or None, instance=entreprise)
    if request.method == "POST" and form.is_valid():
        entreprise = services.entreprise_enregistrer(
            entreprise_id=entreprise.pk if entreprise else None,
            donnees=form.cleaned_data,
            actor=request.user,
        )
        messages.success(request, f"Entreprise « {entreprise.nom} » enregistrée.")
        return redirect("clauses:entreprises")
    titre = f"Modifier {entreprise.nom}" if entreprise else "Ajouter une entreprise"
    return render(
        request,
        "clauses/entreprise_form.html",
        {
            "form": form,
            "titre": titre,
            "breadcrumb_items": [
                _accueil_crumb(),
                ("Entreprises", reverse("clauses:entreprises")),
                (titre, None),
            ],
        },
    )


@rule_required("clauses.manage")
def entreprise_ajout(request):
    return _entreprise_form(request, None)


@object_rule_required("clauses.manage", _entreprise)
def entreprise_modifier(request, entreprise_id, obj: Entreprise):
    return _entreprise_form(request, obj)


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
            services.attribution_retirer(lot=obj, entreprise=entreprise, actor=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{entreprise.nom} retirée du lot {obj.numero}.")
        return redirect(obj.marche)
    attribution = services.attribution_enregistrer(
        lot=obj, entreprise=entreprise, role=form.cleaned_data["role"], actor=request.user
    )
    messages.success(
        request,
        f"{entreprise.nom} : {attribution.get_role_display().lower()} du lot {obj.numero}.",
    )
    return redirect(obj.marche)


@rule_required("clauses.view_obligations")
def obligations(request):
    return render(
        request,
        "clauses/obligations.html",
        {
            "lots": selectors.obligations_entreprise(request.user),
            "roles": dict(Attribution.Role.choices),
            "breadcrumb_items": [_accueil_crumb(), ("Mes obligations d'insertion", None)],
        },
    )


@rule_required("clauses.manage")
def conventions(request):
    form = ConventionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("clauses.manage"):
            raise PermissionDenied
        if form.is_valid():
            services.convention_creer(actor=request.user, **form.cleaned_data)
            messages.success(request, "Convention enregistrée.")
            return redirect("clauses:conventions")
    return render(
        request,
        "clauses/conventions.html",
        {
            "form": form,
            "conventions": ConventionAccompagnement.objects.select_related("donneur_ordre"),
            "breadcrumb_items": [_accueil_crumb(), ("Conventions d'accompagnement", None)],
        },
    )
