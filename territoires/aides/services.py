"""Every write of the aides module: one function per action, keyword-only, one transaction."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from territoires.core.models import Evenement
from territoires.core.services import (
    document_upload,
    journal_record,
    notify,
    track_changes,
)
from territoires.core.workflow import transition_apply

from . import eligibilite, formats, selectors
from .models import (
    ZERO,
    ActeSigne,
    Annotation,
    CompteurDossiers,
    DemandeAvis,
    DemandeComplement,
    Dossier,
    Enveloppe,
    LigneDepense,
    LigneFinancement,
    Message,
    ParametreDispositif,
    SessionProgrammation,
    Versement,
)

CENT = Decimal("0.01")


class DossierRefuse(ValidationError):
    """The filing checks refused the dossier; `verdicts` says every reason."""

    def __init__(self, verdicts):
        self.verdicts = verdicts
        super().__init__([v.message for v in eligibilite.refus(verdicts)])


class ConflitDeVersion(ValidationError):
    pass


def _members(organisation):
    return [m.user for m in organisation.membres.actifs().select_related("user")]


def _instructeurs(dossier):
    return [
        m.user
        for m in dossier.dispositif.service.membres.actifs()
        .filter(role__in=["instructeur", "chef_service"])
        .select_related("user")
    ]


def _lock(dossier: Dossier, version: int | None) -> Dossier:
    """Lock the dossier's row; refuse when someone saved it since `version` was read."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if version is not None and current.version != int(version):
        last = (
            Evenement.objects.filter(object_id=str(dossier.pk), acteur__isnull=False)
            .filter(content_type__model="dossier")
            .select_related("acteur")
            .order_by("-cree_le")
            .first()
        )
        qui = f" par {last.acteur}" if last else ""
        raise ConflitDeVersion(
            "Ce dossier a été modifié%(qui)s depuis que vous l'avez ouvert : vos changements "
            "n'ont pas été enregistrés. Rechargez la page pour voir la version actuelle, "
            "puis recommencez.",
            params={"qui": qui},
            code="conflit",
        )
    return current


# --- numbering -----------------------------------------------------------------------------


def numero_next(*, annee: int) -> str:
    """The next dossier number of the year; the counter row is locked until commit, so two
    filings at once never get the same number (PostgreSQL row lock, SQLite database lock)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                CompteurDossiers.objects.get_or_create(annee=annee)
        except IntegrityError:
            pass  # created by a concurrent filing meanwhile
        compteur = CompteurDossiers.objects.select_for_update().get(annee=annee)
        compteur.dernier += 1
        compteur.save(update_fields=["dernier"])
    return f"AID-{annee}-{compteur.dernier:05d}"


# --- applicant -----------------------------------------------------------------------------


def _replace_lines(dossier, depenses, financements):
    if depenses is not None:
        dossier.depenses.all().delete()
        LigneDepense.objects.bulk_create(
            LigneDepense(dossier=dossier, libelle=d["libelle"], montant_ht=d["montant_ht"])
            for d in depenses
            if d.get("libelle")
        )
    if financements is not None:
        dossier.financements.all().delete()
        LigneFinancement.objects.bulk_create(
            LigneFinancement(
                dossier=dossier,
                financeur=f["financeur"],
                montant=f["montant"],
                statut=f.get("statut") or LigneFinancement.Statut.SOLLICITE,
            )
            for f in financements
            if f.get("financeur")
        )


@transaction.atomic
def dossier_create(
    *,
    organisation,
    dispositif,
    actor,
    data: dict,
    communes=(),
    depenses: list[dict] | None = None,
    financements: list[dict] | None = None,
) -> Dossier:
    if not actor.has_perm("aides.add_dossier"):
        raise PermissionDenied
    dossier = Dossier(organisation=organisation, dispositif=dispositif, **data)
    if not dossier.siret_beneficiaire and organisation.siret:
        dossier.siret_beneficiaire = organisation.siret
    dossier.full_clean(exclude=["numero", "etat"])
    dossier._history_user = actor
    dossier.save()
    dossier.communes.set(communes or ([organisation.commune] if organisation.commune_id else []))
    _replace_lines(dossier, depenses, financements)
    journal_record(
        obj=dossier, actor=actor, action=Evenement.Action.CREATION, description="Brouillon créé"
    )
    return dossier


@transaction.atomic
def dossier_update(
    *,
    dossier: Dossier,
    actor,
    version: int | None,
    data: dict,
    communes=None,
    depenses: list[dict] | None = None,
    financements: list[dict] | None = None,
) -> Dossier:
    dossier = _lock(dossier, version)
    if not actor.has_perm("aides.change_dossier", dossier):
        raise PermissionDenied("Ce dossier n'est plus modifiable.")
    with track_changes(dossier, actor=actor, fields=list(data.keys())):
        for key, value in data.items():
            setattr(dossier, key, value)
        dossier.full_clean(exclude=["numero", "etat"])
        dossier._history_user = actor
        dossier.save()
    if communes is not None:
        dossier.communes.set(communes)
    _replace_lines(dossier, depenses, financements)
    return dossier


@transaction.atomic
def dossier_submit(*, dossier: Dossier, actor, date: datetime.date | None = None) -> Dossier:
    """File the dossier: run every check, number it and place it in its session."""
    dossier = _lock(dossier, None)
    today = date or timezone.localdate()
    verdicts = eligibilite.controles_depot(dossier, date=today)
    if eligibilite.refus(verdicts):
        raise DossierRefuse(verdicts)
    if dossier.etat == Dossier.Etat.BROUILLON:
        dossier.numero = numero_next(annee=today.year)
        if not dossier.dispositif.par_contrat:
            dossier.session = selectors.session_for_filing(dossier.dispositif, today)
        transition_apply(
            obj=dossier,
            transition="deposer",
            actor=actor,
            reason=" ; ".join(v.message for v in verdicts),
        )
        if date is not None:
            Dossier.objects.filter(pk=dossier.pk).update(
                depose_le=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))
            )
    else:
        transition_apply(obj=dossier, transition="completer", actor=actor)
        DemandeComplement.objects.filter(dossier=dossier, repondu_le__isnull=True).update(
            repondu_le=timezone.now()
        )
    notify(
        users=_instructeurs(dossier),
        title=f"Dossier {dossier.numero} déposé",
        body=f"{dossier.organisation} : {dossier.intitule}",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return dossier


@transaction.atomic
def message_send(*, dossier: Dossier, actor, texte: str, fichiers=()) -> Message:
    du_departement = not any(
        m.organisation_id == dossier.organisation_id for m in actor.membres.actifs()
    )
    message = Message.objects.create(
        dossier=dossier, auteur=actor, texte=texte, du_departement=du_departement
    )
    for fichier in fichiers:
        document_upload(
            file=fichier,
            owner_organisation=dossier.organisation,
            uploaded_by=actor,
            attached_to=message,
        )
    destinataires = _instructeurs(dossier) if not du_departement else _members(dossier.organisation)
    notify(
        users=[u for u in destinataires if u.pk != actor.pk],
        title=f"Nouveau message sur le dossier {dossier.numero}",
        body=texte[:200],
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return message


@transaction.atomic
def dossier_document_add(*, dossier: Dossier, actor, fichier):
    return document_upload(
        file=fichier,
        owner_organisation=dossier.organisation,
        uploaded_by=actor,
        attached_to=dossier,
    )


# --- instruction ---------------------------------------------------------------------------


@transaction.atomic
def complement_request(*, dossier: Dossier, actor, motif: str) -> DemandeComplement:
    if not motif.strip():
        raise ValidationError("Indiquez ce qui manque au dossier.")
    dossier = _lock(dossier, None)
    transition_apply(obj=dossier, transition="declarer_incomplet", actor=actor, reason=motif)
    demande = DemandeComplement.objects.create(dossier=dossier, motif=motif, demande_par=actor)
    notify(
        users=_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : compléments demandés",
        body=motif,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return demande


@transaction.atomic
def dossier_instruction_start(*, dossier: Dossier, actor) -> Dossier:
    dossier = _lock(dossier, None)
    transition_apply(obj=dossier, transition="instruire", actor=actor, reason="Dossier complet.")
    return dossier


@transaction.atomic
def annotation_add(*, dossier: Dossier, actor, texte: str) -> Annotation:
    if not actor.has_perm("aides.instruire_dossier", dossier) and not actor.has_perm(
        "aides.view_annotations", dossier
    ):
        raise PermissionDenied
    return Annotation.objects.create(dossier=dossier, auteur=actor, texte=texte)


@transaction.atomic
def avis_request(*, dossier: Dossier, actor, service, question: str) -> DemandeAvis:
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    avis = DemandeAvis.objects.create(
        dossier=dossier, service=service, question=question, demande_par=actor
    )
    journal_record(
        obj=avis,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Avis demandé à {service}",
        reason=question,
    )
    notify(
        users=_members(service),
        title=f"Avis demandé sur le dossier {dossier.numero}",
        body=question,
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return avis


@transaction.atomic
def avis_remind(*, avis: DemandeAvis, actor) -> DemandeAvis:
    avis.relance_le = timezone.now()
    avis.save(update_fields=["relance_le"])
    notify(
        users=_members(avis.service),
        title=f"Relance : avis attendu sur le dossier {avis.dossier.numero}",
        body=avis.question,
        url=avis.dossier.get_absolute_url(),
        category="Aides",
    )
    return avis


@transaction.atomic
def avis_answer(*, avis: DemandeAvis, actor, favorable: bool, texte: str) -> DemandeAvis:
    if not actor.has_perm("aides.repondre_avis", avis.dossier) and not actor.has_perm(
        "aides.instruire_dossier", avis.dossier
    ):
        raise PermissionDenied
    avis.favorable = favorable
    avis.texte = texte
    avis.repondu_par = actor
    avis.repondu_le = timezone.now()
    avis._history_user = actor
    avis.save()
    journal_record(
        obj=avis,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Avis {'favorable' if favorable else 'défavorable'} de {avis.service}",
        reason=texte,
    )
    return avis


@transaction.atomic
def dossier_propose(
    *, dossier: Dossier, actor, version: int | None, montant: Decimal, session=None
) -> Dossier:
    dossier = _lock(dossier, version)
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    if montant is None or montant <= 0:
        raise ValidationError("Le montant proposé doit être positif.")
    if montant > dossier.cout_ht:
        raise ValidationError("Le montant proposé ne peut dépasser le coût HT du projet.")
    dossier.montant_propose = montant
    dossier.taux_propose = (montant / dossier.cout_ht).quantize(Decimal("0.0001"))
    if session is not None:
        dossier.session = session
    # A new proposal needs a new visa.
    dossier.visa_le = None
    dossier.visa_par = None
    if dossier.etat == Dossier.Etat.EN_INSTRUCTION:
        transition_apply(
            obj=dossier,
            transition="proposer",
            actor=actor,
            reason=f"Proposition : {formats.euros(montant)} ({formats.pct(dossier.taux_propose)})",
        )
    else:
        dossier._history_user = actor
        dossier.save()
        journal_record(
            obj=dossier,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description="Proposition modifiée",
            reason=f"{formats.euros(montant)}",
        )
    return dossier


@transaction.atomic
def dossier_visa(*, dossier: Dossier, actor) -> Dossier:
    dossier = _lock(dossier, None)
    if not actor.has_perm("aides.viser_dossier", dossier):
        raise PermissionDenied("Seul le chef du service instructeur vise la proposition.")
    if dossier.etat != Dossier.Etat.PROPOSE:
        raise ValidationError("Seule une proposition se vise.")
    dossier.visa_par = actor
    dossier.visa_le = timezone.now()
    dossier._history_user = actor
    dossier.save()
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description="Visa du chef de service",
    )
    return dossier


def enveloppe_situation(dispositif, annee: int) -> dict | None:
    enveloppe = Enveloppe.objects.filter(dispositif=dispositif, annee=annee).first()
    if enveloppe is None:
        return None
    dossiers = Dossier.objects.filter(dispositif=dispositif, session__date_commission__year=annee)
    programme = dossiers.filter(etat="programme").aggregate(s=Sum("montant_propose"))["s"] or ZERO
    attribue = (
        dossiers.filter(etat__in=Dossier.ETATS_ATTRIBUES).aggregate(s=Sum("montant_attribue"))["s"]
        or ZERO
    )
    return {
        "enveloppe": enveloppe,
        "programme": programme,
        "attribue": attribue,
        "reste": enveloppe.montant - programme - attribue,
    }


@transaction.atomic
def dossier_program(*, dossier: Dossier, actor, depassement: str = "") -> Dossier:
    dossier = _lock(dossier, None)
    if dossier.visa_le is None:
        raise ValidationError("La proposition doit être visée par le chef de service.")
    if dossier.session_id is None:
        raise ValidationError("Choisissez la session de programmation.")
    annee = dossier.session.date_commission.year
    situation = enveloppe_situation(dossier.dispositif, annee)
    montant = dossier.montant_propose or ZERO
    contrat = dossier.operation.contrat if dossier.operation_id else None
    reste = None
    if contrat is not None:
        utilise = (
            Dossier.objects.filter(operation__contrat=contrat, etat__in=["programme"]).aggregate(
                s=Sum("montant_propose")
            )["s"]
            or ZERO
        ) + (
            Dossier.objects.filter(
                operation__contrat=contrat, etat__in=Dossier.ETATS_ATTRIBUES
            ).aggregate(s=Sum("montant_attribue"))["s"]
            or ZERO
        )
        reste = contrat.enveloppe - utilise
        libelle = f"l'enveloppe du {contrat}"
    elif situation is not None:
        reste = situation["reste"]
        libelle = f"l'enveloppe {annee} du dispositif"
    if reste is not None and montant > reste:
        if not depassement.strip():
            raise ValidationError(
                f"Programmer {formats.euros(montant)} dépasserait {libelle} (reste "
                f"{formats.euros(reste)}). Pour passer outre, indiquez le motif du dépassement."
            )
        dossier.depassement_enveloppe = depassement
    transition_apply(
        obj=dossier,
        transition="programmer",
        actor=actor,
        reason=(
            f"{dossier.session}"
            + (f" — dépassement d'enveloppe autorisé : {depassement}" if depassement else "")
        ),
    )
    return dossier


@transaction.atomic
def session_vote(
    *,
    session: SessionProgrammation,
    actor,
    numero: str,
    date: datetime.date,
    decisions: dict[int, str],
) -> SessionProgrammation:
    """Record the commission's deliberation and each dossier's decision
    (`attribuer`, `refuser` or `ajourner`)."""
    if not actor.has_perm("aides.voter_session", session):
        raise PermissionDenied
    if not numero.strip():
        raise ValidationError("Le numéro de délibération est obligatoire.")
    session.numero_deliberation = numero
    session.date_deliberation = date
    session.save(update_fields=["numero_deliberation", "date_deliberation"])
    suivante = selectors.session_following(session)
    reason = f"Délibération n° {numero} du {date:%d/%m/%Y}"
    for dossier in session.dossiers.filter(etat=Dossier.Etat.PROGRAMME, pk__in=decisions):
        decision = decisions[dossier.pk]
        if decision == "attribuer":
            transition_apply(
                obj=dossier,
                transition="attribuer",
                actor=actor,
                reason=reason,
                montant=dossier.montant_propose,
                date=date,
            )
            titre = f"Subvention attribuée : {formats.euros(dossier.montant_propose)}"
        elif decision == "refuser":
            transition_apply(
                obj=dossier, transition="refuser", actor=actor, reason=reason, date=date
            )
            titre = "Demande de subvention refusée"
        elif decision == "ajourner":
            transition_apply(
                obj=dossier,
                transition="ajourner",
                actor=actor,
                reason=reason,
                session_suivante=suivante,
            )
            titre = "Dossier ajourné à la session suivante"
        else:
            continue
        notify(
            users=_members(dossier.organisation),
            title=f"Dossier {dossier.numero} : {titre}",
            body=(
                "La lettre de notification et l'arrêté attributif sont à télécharger sur "
                "le dossier."
                if decision == "attribuer"
                else ""
            ),
            url=dossier.get_absolute_url(),
            category="Aides",
        )
    journal_record(
        obj=session,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Vote de la session : délibération n° {numero}",
    )
    return session


@transaction.atomic
def dossier_transition(*, dossier: Dossier, actor, transition: str, reason: str = "", **kw):
    """Transitions without their own service (sans suite, caducité, annulation…)."""
    if transition in ("annuler_decision", "classer_sans_suite", "declarer_caduc") and not reason:
        raise ValidationError("Indiquez le motif.")
    dossier = _lock(dossier, None)
    transition_apply(obj=dossier, transition=transition, actor=actor, reason=reason, **kw)
    return dossier


# --- acts ----------------------------------------------------------------------------------


@transaction.atomic
def acte_signe_upload(*, dossier: Dossier, actor, type: str, fichier) -> ActeSigne:
    if not actor.has_perm("aides.instruire_dossier", dossier):
        raise PermissionDenied
    acte = ActeSigne.objects.create(dossier=dossier, type=type, depose_par=actor)
    document_upload(
        file=fichier,
        owner_organisation=dossier.organisation,
        uploaded_by=actor,
        attached_to=acte,
        allowed_types=["pdf"],
    )
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"{acte.get_type_display()} signé déposé",
    )
    return acte


# --- payments ------------------------------------------------------------------------------


def deja_verse(dossier: Dossier) -> Decimal:
    return (
        dossier.versements.filter(etat=Versement.Etat.PAYE).aggregate(s=Sum("montant_verse"))["s"]
        or ZERO
    )


def montant_du(*, dossier: Dossier, type: str, depenses_justifiees: Decimal) -> Decimal:
    """What the Département owes now: pro rata of the justified expenses, never more than
    the amount granted, minus what was already paid (and an advance is capped)."""
    attribue = dossier.montant_attribue or ZERO
    deja = deja_verse(dossier)
    if type == Versement.Type.AVANCE:
        params = selectors.parametres_for_date(dossier.dispositif, timezone.localdate())
        avance_pct = Decimal(str(params.get(ParametreDispositif.Cle.AVANCE_MAX_PCT, 0)))
        return max(ZERO, (attribue * avance_pct / 100).quantize(CENT) - deja)
    ratio = min(Decimal(1), depenses_justifiees / dossier.cout_ht) if dossier.cout_ht else ZERO
    return max(ZERO, (attribue * ratio).quantize(CENT, rounding=ROUND_HALF_UP) - deja)


@transaction.atomic
def versement_request(
    *, dossier: Dossier, actor, type: str, depenses_justifiees: Decimal, justificatifs=()
) -> Versement:
    if not actor.has_perm("aides.demander_versement", dossier):
        raise PermissionDenied
    if dossier.etat not in (Dossier.Etat.ATTRIBUE, Dossier.Etat.ENGAGE, "paye_partiellement"):
        raise ValidationError("Un versement se demande une fois la subvention attribuée.")
    if dossier.versements.filter(etat=Versement.Etat.DEMANDE).exists():
        raise ValidationError("Une demande de versement est déjà en cours de traitement.")
    if type != Versement.Type.AVANCE and not justificatifs:
        raise ValidationError(
            "Joignez les justificatifs : factures acquittées et, pour le solde, "
            "le certificat d'achèvement."
        )
    montant = montant_du(dossier=dossier, type=type, depenses_justifiees=depenses_justifiees)
    if montant <= 0:
        raise ValidationError("Aucun montant n'est dû au vu des dépenses justifiées.")
    versement = Versement(
        dossier=dossier,
        type=type,
        depenses_justifiees=depenses_justifiees,
        montant_demande=montant,
        demande_par=actor,
    )
    versement._history_user = actor
    versement.save()
    for fichier in justificatifs:
        document_upload(
            file=fichier,
            owner_organisation=dossier.organisation,
            uploaded_by=actor,
            attached_to=versement,
        )
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Demande de versement : {versement}",
    )
    notify(
        users=_instructeurs(dossier),
        title=f"Dossier {dossier.numero} : demande de {versement.get_type_display().lower()}",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement


@transaction.atomic
def dossier_engage(*, dossier: Dossier, actor, numero: str = "") -> Dossier:
    dossier = _lock(dossier, None)
    transition_apply(
        obj=dossier, transition="engager", actor=actor, reason=f"Engagement {numero}", numero=numero
    )
    return dossier


@transaction.atomic
def versement_pay(*, versement: Versement, actor, date: datetime.date | None = None) -> Versement:
    dossier = _lock(versement.dossier, None)
    if not actor.has_perm("aides.payer_dossier", dossier):
        raise PermissionDenied
    if versement.etat != Versement.Etat.DEMANDE:
        raise ValidationError("Ce versement a déjà été traité.")
    if dossier.etat == Dossier.Etat.ATTRIBUE:
        transition_apply(
            obj=dossier, transition="engager", actor=actor, reason="Engagement au paiement"
        )
    versement.montant_verse = versement.montant_demande
    versement.etat = Versement.Etat.PAYE
    versement.paye_le = date or timezone.localdate()
    versement._history_user = actor
    versement.save()
    if dossier.premier_paiement_le is None:
        dossier.premier_paiement_le = versement.paye_le  # saved with the transition below
    transition = "solder" if versement.type == Versement.Type.SOLDE else "payer_partiellement"
    transition_apply(
        obj=dossier,
        transition=transition,
        actor=actor,
        reason=f"{versement.get_type_display()} payé : {formats.euros(versement.montant_verse)}",
    )
    notify(
        users=_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : {versement.get_type_display().lower()} payé",
        body=f"{formats.euros(versement.montant_verse)} versés.",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement


@transaction.atomic
def versement_reject(*, versement: Versement, actor, motif: str) -> Versement:
    """Refuse a payment request with its reason: the beneficiary is told why and may file a
    corrected request (a rejected request no longer blocks a new one)."""
    dossier = _lock(versement.dossier, None)
    if not actor.has_perm("aides.payer_dossier", dossier):
        raise PermissionDenied
    if not motif.strip():
        raise ValidationError("Indiquez le motif du rejet : le bénéficiaire le lira.")
    versement = Versement.objects.select_for_update().get(pk=versement.pk)
    if versement.etat != Versement.Etat.DEMANDE:
        raise ValidationError("Ce versement a déjà été traité.")
    versement.etat = Versement.Etat.REJETE
    versement.motif_rejet = motif.strip()
    versement._history_user = actor
    versement.save(update_fields=["etat", "motif_rejet"])
    journal_record(
        obj=dossier,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Demande de versement rejetée : {versement}",
        reason=versement.motif_rejet,
    )
    notify(
        users=_members(dossier.organisation),
        title=f"Dossier {dossier.numero} : demande de {versement.get_type_display().lower()} "
        "rejetée",
        body=f"Motif : {versement.motif_rejet} Vous pouvez déposer une demande corrigée.",
        url=dossier.get_absolute_url(),
        category="Aides",
    )
    return versement


# --- lapse ---------------------------------------------------------------------------------


def _add_months(date: datetime.date, months: int) -> datetime.date:
    month = date.month - 1 + months
    year = date.year + month // 12
    month = month % 12 + 1
    day = min(date.day, 28)
    return datetime.date(year, month, day)


@transaction.atomic
def caducite_verifier(*, today: datetime.date | None = None, preavis_jours: int = 60) -> dict:
    """Lapse of grants not started (no payment) within `caducite_debut_mois` of notification
    or not finished (not balanced) within `caducite_fin_mois`; the beneficiary is warned
    `preavis_jours` before. Both durations are dated parameters of the scheme."""
    today = today or timezone.localdate()
    result = {"avertis": 0, "caducs": 0}
    candidates = Dossier.objects.filter(
        etat__in=["attribue", "engage", "paye_partiellement"], notifie_le__isnull=False
    ).select_related("dispositif", "organisation")
    for dossier in candidates:
        params = selectors.parametres_for_date(dossier.dispositif, dossier.notifie_le)
        debut = int(params.get(ParametreDispositif.Cle.CADUCITE_DEBUT_MOIS, 0) or 0)
        fin = int(params.get(ParametreDispositif.Cle.CADUCITE_FIN_MOIS, 0) or 0)
        commence = (
            dossier.etat == "paye_partiellement"
            or dossier.versements.filter(etat=Versement.Etat.PAYE).exists()
        )
        echeances = []
        if debut and not commence:
            echeances.append((_add_months(dossier.notifie_le, debut), "commencé"))
        if fin:
            echeances.append((_add_months(dossier.notifie_le, fin), "achevé"))
        for echeance, quoi in echeances:
            if today >= echeance:
                transition_apply(
                    obj=dossier,
                    transition="declarer_caduc",
                    actor=None,
                    reason=f"Projet non {quoi} au {echeance:%d/%m/%Y} (caducité).",
                )
                notify(
                    users=_members(dossier.organisation),
                    title=f"Dossier {dossier.numero} : subvention caduque",
                    body=f"Le projet n'a pas été {quoi} avant le {echeance:%d/%m/%Y}.",
                    url=dossier.get_absolute_url(),
                    category="Aides",
                )
                result["caducs"] += 1
                break
            if today == echeance - datetime.timedelta(days=preavis_jours):
                notify(
                    users=_members(dossier.organisation),
                    title=f"Dossier {dossier.numero} : caducité le {echeance:%d/%m/%Y}",
                    body=f"Sans projet {quoi} à cette date, la subvention deviendra caduque.",
                    url=dossier.get_absolute_url(),
                    category="Aides",
                )
                result["avertis"] += 1
                break
    return result
