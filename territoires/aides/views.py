from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from territoires.comptes.access import object_rule_required, public, rule_required
from territoires.core.selectors import documents_for, journal_for
from territoires.core.workflow import transitions_available
from territoires.referentiel import maps

from . import actes, eligibilite, exports, formats, forms, selectors, services
from .models import (
    DemandeAvis,
    Dispositif,
    Dossier,
    LigneFinancement,
    OperationContrat,
    SessionProgrammation,
    Versement,
)


def _dossier(request, dossier_id, **kwargs):
    return get_object_or_404(
        Dossier.objects.select_related("dispositif__service", "organisation__commune", "session"),
        pk=dossier_id,
    )


def _session(request, session_id, **kwargs):
    return get_object_or_404(
        SessionProgrammation.objects.select_related("dispositif"), pk=session_id
    )


def _versement(request, versement_id):
    return get_object_or_404(
        Versement.objects.select_related("dossier__dispositif"), pk=versement_id
    )


def _avis(request, avis_id):
    return get_object_or_404(DemandeAvis.objects.select_related("dossier__dispositif"), pk=avis_id)


def _error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _back(dossier):
    return redirect(dossier.get_absolute_url())


# --- public catalogue ----------------------------------------------------------------------


@public
def catalogue(request):
    dispositifs = selectors.dispositifs_publics()
    return render(
        request,
        "aides/catalogue.html",
        {"dispositifs": dispositifs, "breadcrumb_items": [("Aides du Département", None)]},
    )


@public
def dispositif_detail(request, dispositif_code):
    dispositif = get_object_or_404(
        Dispositif.objects.select_related("service"), code=dispositif_code
    )
    if not dispositif.publie and not request.user.has_perm("aides.list_dossiers_instruction"):
        raise PermissionDenied
    today = timezone.localdate()
    organisation = getattr(request, "organisation", None)
    verdicts = None
    if organisation is not None and not organisation.est_departement:
        verdicts = eligibilite.eligibilite(
            dispositif=dispositif, organisation=organisation, date=today
        )
    params = selectors.parametres_for_date(dispositif, today)
    return render(
        request,
        "aides/dispositif.html",
        {
            "dispositif": dispositif,
            "verdicts": verdicts,
            "eligible": verdicts is not None and not eligibilite.refus(verdicts),
            "parametres": eligibilite.parametres_lisibles(params),
            "sessions": dispositif.sessions.filter(date_commission__gte=today)[:4],
            "peut_deposer": request.user.has_perm("aides.add_dossier"),
            "breadcrumb_items": [
                ("Aides du Département", reverse("aides:catalogue")),
                (dispositif.nom, None),
            ],
        },
    )


# --- applicant -----------------------------------------------------------------------------


def _mes_dossiers_queryset(request):
    form = forms.DossierFiltreForm(request.GET or None, brouillons=True)
    return form, form.filter(selectors.dossiers_for_organisation(request.organisation))


@rule_required("aides.list_mes_dossiers")
def mes_dossiers(request):
    form, qs = _mes_dossiers_queryset(request)
    page_obj = ListePaginator(qs, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "aides/mes_dossiers.html",
        {
            "filtre_form": form,
            "page_obj": page_obj,
            "filtre_actif": any(v for k, v in request.GET.items() if k != "page"),
            "query": params.urlencode(),
            "breadcrumb_items": [("Mes dossiers d'aide", None)],
        },
    )


@rule_required("aides.list_mes_dossiers")
def mes_dossiers_export(request, export_format):
    """The organisation's own dossiers (never another's), with the filters of the page."""
    if export_format not in ("csv", "xlsx"):
        raise Http404
    _, qs = _mes_dossiers_queryset(request)
    return exports.dossiers_export(qs, format=export_format, filename="mes-dossiers")


def _operations(dispositif, organisation):
    if not dispositif.par_contrat:
        return None
    return OperationContrat.objects.filter(
        contrat__dispositif=dispositif, contrat__organisation=organisation
    ).select_related("contrat")


@rule_required("aides.add_dossier")
def dossier_nouveau(request, dispositif_code):
    dispositif = get_object_or_404(Dispositif, code=dispositif_code, publie=True)
    organisation = request.organisation
    if organisation is None or organisation.est_departement:
        messages.error(request, "Une demande se dépose au nom d'une collectivité.")
        return redirect(dispositif.get_absolute_url())
    initial = {
        "siret_beneficiaire": organisation.siret,
        "communes": organisation.commune.code if organisation.commune_id else "",
    }
    form = forms.DossierForm(
        request.POST or None, initial=initial, operations=_operations(dispositif, organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                organisation=organisation,
                dispositif=dispositif,
                actor=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request, "Brouillon enregistré. Vérifiez les contrôles puis déposez le dossier."
            )
            return _back(dossier)
    return render(
        request,
        "aides/dossier_form.html",
        {
            "form": form,
            "dispositif": dispositif,
            "titre": f"Nouvelle demande — {dispositif.nom}",
            "breadcrumb_items": [
                ("Aides du Département", reverse("aides:catalogue")),
                (dispositif.nom, dispositif.get_absolute_url()),
                ("Nouvelle demande", None),
            ],
        },
    )


@object_rule_required("aides.change_dossier", _dossier)
def dossier_modifier(request, dossier_id, obj):
    dossier = obj
    form = forms.DossierForm(
        request.POST or None,
        initial=forms.DossierForm.initial_for(dossier),
        operations=_operations(dossier.dispositif, dossier.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(
                dossier=dossier,
                actor=request.user,
                version=request.POST.get("version"),
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, "Dossier enregistré.")
            return _back(dossier)
    return render(
        request,
        "aides/dossier_form.html",
        {
            "form": form,
            "dispositif": dossier.dispositif,
            "dossier": dossier,
            "titre": f"Modifier le dossier — {dossier.intitule}",
            "breadcrumb_items": [
                ("Mes dossiers d'aide", reverse("aides:mes_dossiers")),
                (dossier.intitule, dossier.get_absolute_url()),
                ("Modifier", None),
            ],
        },
    )


@object_rule_required("aides.view_dossier", _dossier)
def dossier_detail(request, dossier_id, obj):
    dossier = obj
    user = request.user
    instructeur = user.has_perm("aides.instruire_dossier", dossier)
    controles = None
    if dossier.etat in ("brouillon", "incomplet") or instructeur:
        # A filed dossier is judged with the rules of its filing day.
        jour = timezone.localdate(dossier.depose_le) if dossier.depose_le else None
        controles = eligibilite.controles_depot(dossier, date=jour or timezone.localdate())
    versements = list(dossier.versements.all())
    messages_dossier = list(dossier.messages.select_related("auteur"))
    _attach_documents(messages_dossier + versements)
    deja = services.deja_verse(dossier)
    context = {
        "dossier": dossier,
        "controles": controles,
        "controles_ok": controles is not None and not eligibilite.refus(controles),
        "depenses": dossier.depenses.all(),
        "financements": dossier.financements.all(),
        "communes": dossier.communes.all(),
        "complements": dossier.complements.all(),
        "messages_dossier": messages_dossier,
        "documents": documents_for(dossier),
        "versements": versements,
        "deja_verse": deja,
        # A balanced or lapsed grant owes nothing more (the balance is pro rata).
        "reste_a_verser": 0
        if dossier.etat in ("solde", "caduc")
        else (dossier.montant_attribue or 0) - deja,
        "peut_modifier": user.has_perm("aides.change_dossier", dossier),
        "peut_demander_versement": user.has_perm("aides.demander_versement", dossier)
        and dossier.etat in ("attribue", "engage", "paye_partiellement")
        and not any(v.etat == "demande" for v in versements),
        "instructeur": instructeur,
        "peut_viser": user.has_perm("aides.viser_dossier", dossier) and dossier.etat == "propose",
        "peut_payer": user.has_perm("aides.payer_dossier", dossier),
        "peut_voter": user.has_perm("aides.voter_session", dossier),
        "voir_annotations": user.has_perm("aides.view_annotations", dossier),
        "evenements": journal_for(dossier),
        "message_form": forms.MessageForm(),
        "document_form": forms.DocumentForm(),
        "versement_form": forms.VersementForm(),
        "versement_en_cours": next((v for v in versements if v.etat == "demande"), None),
        "dernier_rejet": (
            versements[-1] if versements and versements[-1].etat == "rejete" else None
        ),
        "rejet_form": forms.RejetVersementForm(auto_id="rejet_%s"),
        "financeur_labels": dict(LigneFinancement.Financeur.choices),
        "actes_disponibles": dossier.etat in Dossier.ETATS_ATTRIBUES,
        "refus_disponible": dossier.etat == "refuse",
        "breadcrumb_items": [
            (
                ("Dossiers à instruire", reverse("aides:instruction"))
                if instructeur
                else ("Mes dossiers d'aide", reverse("aides:mes_dossiers"))
            ),
            (dossier.numero or dossier.intitule, None),
        ],
    }
    if context["voir_annotations"]:
        context["annotations"] = dossier.annotations.select_related("auteur")
        context["avis"] = dossier.avis.select_related("service", "repondu_par")
        context["avis_form"] = forms.AvisDemandeForm()
        context["annotation_form"] = forms.AnnotationForm()
        context["peut_repondre_avis"] = user.has_perm("aides.repondre_avis", dossier)
        context["avis_reponse_form"] = forms.AvisReponseForm()
    if instructeur:
        context["motif_form"] = forms.MotifForm()
        context["proposition_form"] = forms.PropositionForm(
            dossier=dossier,
            initial={
                "montant": dossier.montant_propose or dossier.montant_demande,
                "session": dossier.session_id or _session_par_regle(dossier),
                "version": dossier.version,
            },
        )
        context["programmation_form"] = forms.ProgrammationForm()
        context["acte_form"] = forms.ActeSigneForm()
        context["transitions"] = [
            (name, label)
            for name, label in transitions_available(obj=dossier, user=user)
            if name in ("classer_sans_suite", "annuler_decision", "declarer_caduc")
        ]
    return render(request, "aides/dossier.html", context)


def _session_par_regle(dossier):
    """The session the rule gives (F2D operations are not placed at filing): a suggestion."""
    if dossier.depose_le is None:
        return None
    session = selectors.session_for_filing(
        dossier.dispositif, timezone.localdate(dossier.depose_le)
    )
    return session.pk if session else None


def _attach_documents(objects) -> None:
    """`obj.pieces`: the documents attached to each message or payment, in one query."""
    from django.contrib.contenttypes.models import ContentType

    from territoires.core.models import Document

    keys = {(ContentType.objects.get_for_model(o).pk, str(o.pk)): o for o in objects}
    for obj in objects:
        obj.pieces = []
    if not keys:
        return
    documents = Document.objects.filter(
        content_type_id__in={ct for ct, _ in keys}, object_id__in={pk for _, pk in keys}
    )
    for document in documents:
        obj = keys.get((document.content_type_id, document.object_id))
        if obj is not None:
            obj.pieces.append(document)


@require_POST
@object_rule_required("aides.change_dossier", _dossier)
def dossier_deposer(request, dossier_id, obj):
    try:
        services.dossier_submit(dossier=obj, actor=request.user)
    except services.DossierRefuse as exc:
        for verdict in eligibilite.refus(exc.verdicts):
            messages.error(request, f"{verdict.libelle} : {verdict.message}")
        messages.error(request, "Le dossier n'a pas été déposé.")
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        obj.refresh_from_db()
        session = f" Il sera examiné lors de la {obj.session}." if obj.session else ""
        messages.success(request, f"Dossier déposé sous le numéro {obj.numero}.{session}")
    return _back(obj)


@require_POST
@object_rule_required("aides.view_dossier", _dossier)
def dossier_message(request, dossier_id, obj):
    form = forms.MessageForm(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data.get("piece_jointe")
        services.message_send(
            dossier=obj,
            actor=request.user,
            texte=form.cleaned_data["texte"],
            fichiers=[fichier] if fichier else [],
        )
        messages.success(request, "Message envoyé.")
    else:
        messages.error(request, "Le message est vide ou la pièce jointe refusée.")
    return _back(obj)


@require_POST
@object_rule_required("aides.change_dossier", _dossier)
def dossier_document(request, dossier_id, obj):
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.dossier_document_add(
            dossier=obj, actor=request.user, fichier=form.cleaned_data["fichier"]
        )
        messages.success(request, "Document ajouté au dossier.")
    else:
        for error in form.errors.get("fichier", []):
            messages.error(request, error)
    return _back(obj)


@require_POST
@object_rule_required("aides.demander_versement", _dossier)
def versement_demander(request, dossier_id, obj):
    form = forms.VersementForm(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data.get("justificatif")
        try:
            versement = services.versement_request(
                dossier=obj,
                actor=request.user,
                type=form.cleaned_data["type"],
                depenses_justifiees=form.cleaned_data["depenses_justifiees"] or 0,
                justificatifs=[fichier] if fichier else [],
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request,
                f"Demande de versement envoyée : {formats.euros(versement.montant_demande)}.",
            )
    else:
        messages.error(request, "La demande de versement est incomplète.")
    return _back(obj)


# --- instruction ---------------------------------------------------------------------------


def _instruction_action(request, obj, action):
    try:
        action()
    except ValidationError as exc:
        _error_messages(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "Action non permise.")
    return _back(obj)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_complements(request, dossier_id, obj):
    form = forms.MotifForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez ce qui manque au dossier.")
        return _back(obj)

    def action():
        services.complement_request(
            dossier=obj, actor=request.user, motif=form.cleaned_data["motif"]
        )
        messages.success(request, "Demande de compléments envoyée au demandeur.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_instruire(request, dossier_id, obj):
    def action():
        services.dossier_instruction_start(dossier=obj, actor=request.user)
        messages.success(request, "Dossier déclaré complet : il est en instruction.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.view_annotations", _dossier)
def dossier_annotation(request, dossier_id, obj):
    form = forms.AnnotationForm(request.POST)
    if form.is_valid():
        services.annotation_add(dossier=obj, actor=request.user, texte=form.cleaned_data["texte"])
        messages.success(request, "Annotation ajoutée.")
    return _back(obj)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_avis(request, dossier_id, obj):
    form = forms.AvisDemandeForm(request.POST)
    if form.is_valid():
        services.avis_request(dossier=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Avis demandé à {form.cleaned_data['service']}.")
    else:
        messages.error(request, "Choisissez le service et posez la question.")
    return _back(obj)


def _avis_dossier(request, avis_id):
    return _avis(request, avis_id).dossier


@require_POST
@object_rule_required("aides.view_annotations", _avis_dossier)
def avis_repondre(request, avis_id, obj):
    avis = _avis(request, avis_id)
    form = forms.AvisReponseForm(request.POST)
    if form.is_valid():
        try:
            services.avis_answer(avis=avis, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            messages.error(request, "Seul le service consulté donne son avis.")
        else:
            messages.success(request, "Avis enregistré.")
    else:
        messages.error(request, "Répondez par oui ou non et commentez.")
    return _back(obj)


@require_POST
@object_rule_required("aides.instruire_dossier", _avis_dossier)
def avis_relancer(request, avis_id, obj):
    services.avis_remind(avis=_avis(request, avis_id), actor=request.user)
    messages.success(request, "Relance envoyée au service.")
    return _back(obj)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_proposer(request, dossier_id, obj):
    form = forms.PropositionForm(request.POST, dossier=obj)
    if not form.is_valid():
        messages.error(request, "Indiquez le montant proposé et la session.")
        return _back(obj)

    def action():
        try:
            services.dossier_propose(
                dossier=obj,
                actor=request.user,
                version=form.cleaned_data["version"],
                montant=form.cleaned_data["montant"],
                session=form.cleaned_data["session"],
            )
        except services.ConflitDeVersion:
            # Nothing typed is lost: the refused proposal is repeated to its author.
            messages.info(
                request,
                f"Votre saisie non enregistrée : {formats.euros(form.cleaned_data['montant'])}"
                f", {form.cleaned_data['session']}.",
            )
            raise
        messages.success(request, "Proposition enregistrée ; elle attend le visa.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.viser_dossier", _dossier)
def dossier_viser(request, dossier_id, obj):
    def action():
        services.dossier_visa(dossier=obj, actor=request.user)
        messages.success(request, "Proposition visée.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_programmer(request, dossier_id, obj):
    form = forms.ProgrammationForm(request.POST)
    form.is_valid()

    def action():
        services.dossier_program(
            dossier=obj, actor=request.user, depassement=form.cleaned_data.get("depassement", "")
        )
        messages.success(request, f"Dossier programmé : {obj.session}.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_transition(request, dossier_id, obj):
    name = request.POST.get("transition", "")
    allowed = {n for n, _ in transitions_available(obj=obj, user=request.user)}
    if name not in allowed or name not in (
        "classer_sans_suite",
        "annuler_decision",
        "declarer_caduc",
    ):
        messages.error(request, "Action non permise.")
        return _back(obj)

    def action():
        services.dossier_transition(
            dossier=obj, actor=request.user, transition=name, reason=request.POST.get("motif", "")
        )
        messages.success(request, "État du dossier modifié.")

    return _instruction_action(request, obj, action)


@require_POST
@object_rule_required("aides.instruire_dossier", _dossier)
def acte_signe(request, dossier_id, obj):
    form = forms.ActeSigneForm(request.POST, request.FILES)
    if form.is_valid():
        services.acte_signe_upload(dossier=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, "Acte signé déposé.")
    else:
        messages.error(request, "Joignez l'acte signé au format PDF.")
    return _back(obj)


@object_rule_required("aides.view_dossier", _dossier)
def acte_telecharger(request, dossier_id, acte_type, acte_format, obj):
    type, format = acte_type, acte_format
    if type not in actes.TYPES or format not in ("docx", "pdf"):
        raise PermissionDenied
    expected = ("refuse",) if type == "refus" else Dossier.ETATS_ATTRIBUES
    if obj.etat not in expected:
        messages.error(request, "Cet acte n'existe pas à ce stade du dossier.")
        return _back(obj)
    try:
        return exports.acte(obj, type=type, format=format)
    except ValidationError as refus:  # the template uploaded in the administration is refused
        for message in refus.messages:
            messages.error(request, message)
        return _back(obj)


@require_POST
@object_rule_required("aides.payer_dossier", _dossier)
def dossier_engager(request, dossier_id, obj):
    def action():
        services.dossier_engage(
            dossier=obj, actor=request.user, numero=request.POST.get("numero", "").strip()
        )
        messages.success(request, "Subvention engagée.")

    return _instruction_action(request, obj, action)


@object_rule_required("aides.instruire_dossier", _dossier)
def dossier_archive(request, dossier_id, obj):
    """A ZIP of the dossier for archiving: its summary, its journal and every document."""
    return exports.dossier_archive(obj)


@require_POST
@object_rule_required("aides.payer_dossier", _versement)
def versement_payer(request, versement_id, obj):
    try:
        services.versement_pay(versement=obj, actor=request.user)
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(request, f"Versement payé : {formats.euros(obj.montant_verse)}.")
    return _back(obj.dossier)


@require_POST
@object_rule_required("aides.payer_dossier", _versement)
def versement_rejeter(request, versement_id, obj):
    form = forms.RejetVersementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif du rejet : le bénéficiaire le lira.")
        return _back(obj.dossier)
    try:
        services.versement_reject(
            versement=obj, actor=request.user, motif=form.cleaned_data["motif"]
        )
    except ValidationError as exc:
        _error_messages(request, exc)
    else:
        messages.success(
            request, "Demande de versement rejetée ; le bénéficiaire est prévenu du motif."
        )
    return _back(obj.dossier)


# --- instructor list, exports ----------------------------------------------------------------

SORTS = {
    "numero": "numero",
    "beneficiaire": "organisation__nom",
    "montant": "montant_demande",
    "depot": "depose_le",
}


def _instruction_queryset(request):
    form = forms.DossierFiltreForm(request.GET or None)
    qs = form.filter(selectors.dossiers_for_instructor(request.user))
    sort = request.GET.get("sort", "-depot")
    key = SORTS.get(sort.lstrip("-"))
    if key:
        qs = qs.order_by(("-" if sort.startswith("-") else "") + key, "-pk")
    else:
        sort = ""
    return form, qs, sort


class ListePaginator(Paginator):
    """With a `plafond`, counts only up to that many rows: counting every match of a text
    search (a LIKE over each dossier) would cost seconds at 500,000 dossiers, and nobody reads
    page 200 of a search. Without one, the exact count (on an index)."""

    def __init__(self, *args, plafond: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plafond = plafond

    @property
    def count(self) -> int:
        if not hasattr(self, "_count"):
            if self.plafond is None:
                self._count = self.object_list.count()
            else:
                self._count = self.object_list.values("pk")[: self.plafond + 1].count()
        return self._count

    @property
    def depasse(self) -> bool:
        return self.plafond is not None and self.count > self.plafond

    def page(self, number):
        """The page's keys first, on the narrow index of the sort (no join), then those rows
        with their relations: deep pages and any sort stay fast at 500,000 dossiers."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {o.pk: o for o in self.object_list.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


@rule_required("aides.list_dossiers_instruction")
def instruction(request):
    form, qs, sort = _instruction_queryset(request)
    paginator = ListePaginator(qs, 50, plafond=1000 if request.GET.get("q") else None)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "aides/instruction.html",
        {
            "filtre_form": form,
            "page_obj": page_obj,
            "sort": sort,
            "query": params.urlencode(),
            "breadcrumb_items": [("Dossiers à instruire", None)],
        },
    )


@rule_required("aides.list_dossiers_instruction")
def instruction_export(request, export_format):
    if export_format not in ("csv", "xlsx"):
        raise Http404
    _, qs, _ = _instruction_queryset(request)
    return exports.dossiers_export(qs, format=export_format, filename="dossiers")


# --- sessions ------------------------------------------------------------------------------


@rule_required("aides.view_session")
def sessions(request):
    today = timezone.localdate()
    qs = (
        SessionProgrammation.objects.select_related("dispositif")
        .filter(
            date_commission__year__gte=today.year - 1, date_commission__year__lte=today.year + 1
        )
        .order_by("date_commission")
    )
    return render(
        request,
        "aides/sessions.html",
        {"sessions": qs, "breadcrumb_items": [("Sessions de programmation", None)]},
    )


@object_rule_required("aides.view_session", _session)
def session_detail(request, session_id, obj):
    session = obj
    groupes = selectors.session_rapport(session)
    programmes = [d for g in groupes for d in g["dossiers"] if d.etat == Dossier.Etat.PROGRAMME]
    peut_voter = request.user.has_perm("aides.voter_session", session)
    vote_form = forms.VoteForm(
        request.POST or None,
        dossiers=programmes,
        # A deliberation is never in the future: before the commission, today is proposed.
        initial={"date": min(filter(None, [session.date_commission, timezone.localdate()]))},
    )
    if request.method == "POST":
        if not peut_voter:
            raise PermissionDenied
        if vote_form.is_valid():
            try:
                services.session_vote(
                    session=session,
                    actor=request.user,
                    numero=vote_form.cleaned_data["numero"],
                    date=vote_form.cleaned_data["date"],
                    decisions=vote_form.decisions(),
                )
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(request, "Vote enregistré.")
                return redirect(session.get_absolute_url())
    return render(
        request,
        "aides/session.html",
        {
            "session": session,
            "groupes": groupes,
            "total_propose": sum(g["propose"] for g in groupes),
            "total_dossiers": sum(len(g["dossiers"]) for g in groupes),
            "form": vote_form,
            "peut_voter": peut_voter and bool(programmes),
            "breadcrumb_items": [
                ("Sessions de programmation", reverse("aides:sessions")),
                (session.nom, None),
            ],
        },
    )


@object_rule_required("aides.view_session", _session)
def session_export(request, session_id, export_format, obj):
    """The session's report as a dossier list (CSV or XLSX), for the commission's file."""
    if export_format not in ("csv", "xlsx"):
        raise Http404
    qs = (
        obj.dossiers.exclude(etat__in=["brouillon", "sans_suite"])
        .select_related("dispositif", "organisation", "session")
        .order_by("dispositif__nom", "organisation__nom", "pk")
    )
    return exports.dossiers_export(qs, format=export_format, filename=f"session-{obj.pk}")


# --- dashboard -----------------------------------------------------------------------------


@rule_required("aides.view_tableau")
def tableau(request):
    try:
        annee = int(request.GET.get("annee", ""))
    except ValueError:
        annee = timezone.localdate().year
    data = selectors.tableau_de_bord(annee)
    carte = None
    if data["par_commune"]:
        carte = maps.carte_communes_context(
            data["par_commune"],
            titre=f"Subventions attribuées en {annee} par commune",
            unite="€",
            departement=settings.TERRITOIRES_DEPARTEMENT,
        )["carte"]
    return render(
        request,
        "aides/tableau.html",
        {
            **data,
            "carte": carte,
            "annees": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "breadcrumb_items": [("Tableau de bord des aides", None)],
        },
    )


# --- open data -----------------------------------------------------------------------------


@public
def scdl_export(request):
    try:
        annee = int(request.GET["annee"]) if request.GET.get("annee") else None
    except ValueError:
        annee = None

    return exports.scdl(annee=annee)
