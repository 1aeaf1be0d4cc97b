"""Every write of the ingénierie module (keyword-only, one transaction each)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Membre, Organisation
from territoires.core.models import Evenement
from territoires.core.services import document_upload, journal_record, notify, track_changes
from territoires.core.workflow import transition_apply

from .models import (
    Action,
    Commentaire,
    Lien,
    Note,
    Partenaire,
    Ressource,
    Sollicitation,
)

CATEGORIE = "Ingénierie"


def _epci_of(organisation: Organisation):
    if organisation.epci_id:
        return organisation.epci
    if organisation.commune_id:
        return organisation.commune.epci
    return None


def _demandeurs(sollicitation: Sollicitation):
    """Active members of the requesting organisation (never someone who left)."""
    return [
        m.user
        for m in Membre.objects.actifs()
        .filter(organisation_id=sollicitation.organisation_id)
        .select_related("user")
    ]


def _staff_of(sollicitation: Sollicitation):
    users = [sollicitation.referent] if sollicitation.referent_id else []
    return users + list(sollicitation.conseillers.filter(is_active=True))


def _touch(sollicitation: Sollicitation) -> None:
    sollicitation.derniere_activite_le = timezone.now()
    sollicitation.inactivite_signalee_le = None
    Sollicitation.objects.filter(pk=sollicitation.pk).update(
        derniere_activite_le=sollicitation.derniere_activite_le, inactivite_signalee_le=None
    )


def _first_answer(sollicitation: Sollicitation) -> None:
    if sollicitation.premiere_reponse_le is None:
        sollicitation.premiere_reponse_le = timezone.now()


@transaction.atomic
def sollicitation_create(
    *,
    organisation: Organisation,
    sujet: str,
    description: str,
    domaine,
    nature,
    communes: Iterable = (),
    echeance_souhaitee: datetime.date | None = None,
    canal: str = Sollicitation.Canal.EN_LIGNE,
    saisie_par=None,
    fichiers: Iterable = (),
    deposee_le: datetime.datetime | None = None,
) -> Sollicitation:
    if not organisation.est_collectivite:
        raise ValidationError("Seule une commune ou une intercommunalité dépose une sollicitation.")
    now = deposee_le or timezone.now()
    sollicitation = Sollicitation.objects.create(
        organisation=organisation,
        epci=_epci_of(organisation),
        sujet=sujet.strip(),
        description=description.strip(),
        domaine=domaine,
        nature=nature,
        echeance_souhaitee=echeance_souhaitee,
        canal=canal,
        saisie_par=saisie_par,
        deposee_le=now,
        derniere_activite_le=now,
    )
    sollicitation.numero = f"ING-{now:%Y}-{sollicitation.pk:05d}"
    sollicitation.save(update_fields=["numero"])
    communes = list(communes)
    if not communes and organisation.commune_id:
        communes = [organisation.commune]
    sollicitation.communes.set(communes)
    for fichier in fichiers:
        document_upload(
            file=fichier,
            owner_organisation=organisation,
            uploaded_by=saisie_par,
            attached_to=sollicitation,
        )
    canal_label = sollicitation.get_canal_display().lower()
    journal_record(
        obj=sollicitation,
        actor=saisie_par,
        action=Evenement.Action.CREATION,
        description=f"Sollicitation reçue ({canal_label})",
    )
    from .selectors import mission_managers

    notify(
        users=mission_managers(),
        title=f"Nouvelle sollicitation : {sollicitation.sujet}",
        body=f"{organisation} sollicite l'ingénierie ({sollicitation.domaine}).",
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_assign(
    *,
    sollicitation: Sollicitation,
    referent,
    conseillers: Iterable = (),
    partenaires: Iterable = (),
    actor,
    reason: str = "",
) -> Sollicitation:
    previous = sollicitation.referent_id
    with track_changes(sollicitation, actor=actor, reason=reason, fields=["referent"]):
        sollicitation.referent = referent
        sollicitation.save(update_fields=["referent"])
    sollicitation.conseillers.set([c for c in conseillers if c.pk != referent.pk])
    sollicitation.partenaires.set(partenaires)
    if referent.pk != previous and referent.pk != getattr(actor, "pk", None):
        notify(
            users=[referent],
            title=f"Vous êtes référent de la sollicitation {sollicitation.numero}",
            body=sollicitation.sujet,
            url=sollicitation.get_absolute_url(),
            category=CATEGORIE,
        )
    _touch(sollicitation)
    return sollicitation


@transaction.atomic
def sollicitation_accept(
    *,
    sollicitation: Sollicitation,
    referent,
    conseillers: Iterable = (),
    partenaires: Iterable = (),
    actor,
    message: str = "",
) -> Sollicitation:
    sollicitation_assign(
        sollicitation=sollicitation,
        referent=referent,
        conseillers=conseillers,
        partenaires=partenaires,
        actor=actor,
    )
    _first_answer(sollicitation)
    transition_apply(obj=sollicitation, transition="accepter", actor=actor, reason=message)
    notify(
        users=_demandeurs(sollicitation),
        title=f"Votre sollicitation {sollicitation.numero} est prise en charge",
        body=f"Votre conseiller référent : {referent}." + (f"\n\n{message}" if message else ""),
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


def _close_at_triage(
    sollicitation: Sollicitation, transition: str, *, actor, message: str, title: str
) -> Sollicitation:
    if not message.strip():
        raise ValidationError("Écrivez un message pour la collectivité.")
    _first_answer(sollicitation)
    sollicitation.motif_cloture = message.strip()
    transition_apply(obj=sollicitation, transition=transition, actor=actor, reason=message)
    notify(
        users=_demandeurs(sollicitation),
        title=title,
        body=message,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_redirect(
    *, sollicitation: Sollicitation, partenaire: Partenaire, message: str, actor
) -> Sollicitation:
    sollicitation.redirigee_vers = partenaire
    return _close_at_triage(
        sollicitation,
        "rediriger",
        actor=actor,
        message=f"Redirigée vers {partenaire} : {message.strip()}" if message.strip() else "",
        title=f"Votre sollicitation {sollicitation.numero} est confiée à {partenaire}",
    )


@transaction.atomic
def sollicitation_decline(*, sollicitation: Sollicitation, message: str, actor) -> Sollicitation:
    return _close_at_triage(
        sollicitation,
        "decliner",
        actor=actor,
        message=message,
        title=f"Votre sollicitation {sollicitation.numero} ne peut pas être accompagnée",
    )


@transaction.atomic
def sollicitation_merge(
    *, sollicitation: Sollicitation, cible: Sollicitation, actor, message: str = ""
) -> Sollicitation:
    if cible.pk == sollicitation.pk:
        raise ValidationError("Une sollicitation ne peut pas être fusionnée avec elle-même.")
    if cible.organisation_id != sollicitation.organisation_id:
        raise ValidationError("Le doublon doit venir de la même collectivité.")
    if not cible.est_ouverte:
        raise ValidationError("La sollicitation conservée doit être ouverte.")
    sollicitation.fusionnee_dans = cible
    text = f"Doublon de {cible.numero}." + (f" {message.strip()}" if message.strip() else "")
    return _close_at_triage(
        sollicitation,
        "fusionner",
        actor=actor,
        message=text,
        title=f"Votre sollicitation {sollicitation.numero} est suivie sous {cible.numero}",
    )


@transaction.atomic
def sollicitation_transition(
    *, sollicitation: Sollicitation, transition: str, actor, reason: str = ""
) -> Sollicitation:
    if transition not in {"mettre_en_attente", "reprendre", "terminer", "abandonner", "rouvrir"}:
        raise ValidationError("Action inconnue.")
    if transition in {"terminer", "abandonner"} and not reason.strip():
        raise ValidationError("Indiquez le motif ou la conclusion, lus par la collectivité.")
    if transition in {"terminer", "abandonner"}:
        sollicitation.motif_cloture = reason.strip()
    transition_apply(obj=sollicitation, transition=transition, actor=actor, reason=reason)
    _touch(sollicitation)
    notify(
        users=_demandeurs(sollicitation),
        title=f"Sollicitation {sollicitation.numero} : {sollicitation.get_statut_display()}",
        body=reason,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return sollicitation


@transaction.atomic
def sollicitation_etape_set(*, sollicitation: Sollicitation, etape: str, actor) -> Sollicitation:
    if sollicitation.statut != Sollicitation.Statut.EN_COURS:
        raise ValidationError("L'étape se change sur une sollicitation en cours.")
    if etape not in Sollicitation.Etape.values:
        raise ValidationError("Étape inconnue.")
    with track_changes(sollicitation, actor=actor, fields=["etape"]):
        sollicitation.etape = etape
        sollicitation.save(update_fields=["etape"])
    _touch(sollicitation)
    return sollicitation


@transaction.atomic
def sollicitation_stop_reminders(*, sollicitation: Sollicitation, actor) -> None:
    with track_changes(sollicitation, actor=actor, fields=["relances_desactivees"]):
        sollicitation.relances_desactivees = True
        sollicitation.save(update_fields=["relances_desactivees"])


@transaction.atomic
def note_add(*, sollicitation: Sollicitation, auteur, texte: str, publique: bool) -> Note:
    if not texte.strip():
        raise ValidationError("La note est vide.")
    note = Note.objects.create(
        sollicitation=sollicitation, auteur=auteur, texte=texte.strip(), publique=publique
    )
    _touch(sollicitation)
    if publique:
        notify(
            users=_demandeurs(sollicitation),
            title=f"Nouveau message sur la sollicitation {sollicitation.numero}",
            body=texte.strip(),
            url=sollicitation.get_absolute_url(),
            category=CATEGORIE,
        )
    return note


@transaction.atomic
def action_add(
    *,
    sollicitation: Sollicitation,
    titre: str,
    description: str = "",
    echeance: datetime.date | None = None,
    ressource: Ressource | None = None,
    actor,
) -> Action:
    if not sollicitation.est_ouverte:
        raise ValidationError("La sollicitation est close : rouvrez-la d'abord.")
    action = Action.objects.create(
        sollicitation=sollicitation,
        titre=titre.strip() or (ressource.titre if ressource else ""),
        description=description.strip(),
        echeance=echeance,
        ressource=ressource,
        cree_par=actor,
    )
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=("Recommandation" if ressource else "Action") + f" « {action.titre} »",
    )
    _touch(sollicitation)
    notify(
        users=_demandeurs(sollicitation),
        title=f"Nouvelle recommandation sur la sollicitation {sollicitation.numero}",
        body=action.titre,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return action


@transaction.atomic
def action_follow(*, action: Action, auteur, texte: str = "", statut: str = "") -> Action:
    """A follow-up from either side: a comment and/or a new status."""
    if not texte.strip() and (not statut or statut == action.statut):
        raise ValidationError("Écrivez un commentaire ou changez le statut.")
    if statut and statut != action.statut:
        if statut not in Action.Statut.values:
            raise ValidationError("Statut inconnu.")
        old = action.get_statut_display()
        action.statut = statut
        action.save(update_fields=["statut"])
        texte = f"[{old} → {action.get_statut_display()}] {texte.strip()}".strip()
    Commentaire.objects.create(action=action, auteur=auteur, texte=texte.strip())
    sollicitation = action.sollicitation
    _touch(sollicitation)
    is_demandeur = any(u.pk == auteur.pk for u in _demandeurs(sollicitation))
    recipients = _staff_of(sollicitation) if is_demandeur else _demandeurs(sollicitation)
    notify(
        users=[u for u in recipients if u.pk != auteur.pk],
        title=f"Suivi de « {action.titre} » ({sollicitation.numero})",
        body=texte,
        url=sollicitation.get_absolute_url(),
        category=CATEGORIE,
    )
    return action


@transaction.atomic
def lien_add(*, sollicitation: Sollicitation, libelle: str, url: str, actor, objet=None) -> Lien:
    lien = Lien(sollicitation=sollicitation, libelle=libelle.strip(), url=url.strip())
    if objet is not None:
        lien.objet = objet
    lien.save()
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Lien « {lien.libelle} »",
    )
    return lien


@transaction.atomic
def sollicitation_document_add(*, sollicitation: Sollicitation, fichier, actor):
    document = document_upload(
        file=fichier,
        owner_organisation=sollicitation.organisation,
        uploaded_by=actor,
        attached_to=sollicitation,
    )
    _touch(sollicitation)
    return document


@transaction.atomic
def ressource_create(
    *,
    titre: str,
    type: str,
    description: str,
    domaines: Iterable,
    url: str = "",
    fichier=None,
    actor,
    organisation=None,
) -> Ressource:
    if not url and fichier is None:
        raise ValidationError("Joignez un fichier ou indiquez un lien.")
    ressource = Ressource.objects.create(titre=titre, type=type, description=description, url=url)
    ressource.domaines.set(domaines)
    if fichier is not None:
        ressource.document = document_upload(
            file=fichier, owner_organisation=organisation, uploaded_by=actor, attached_to=ressource
        )
        ressource.save(update_fields=["document"])
    journal_record(obj=ressource, actor=actor, action=Evenement.Action.CREATION)
    return ressource


def stop_url(sollicitation: Sollicitation) -> str:
    return reverse("ingenierie:relances_arreter", args=[sollicitation.pk])
