"""Every write of the ingénierie module (keyword-only, one transaction each)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from territoires.comptes.models import Membre, Organisation
from territoires.core.models import Evenement
from territoires.core.services import document_upload, journal_record, notify, track_changes
from territoires.core.workflow import transition_apply
from territoires.ui.formats import nombre_fr

from .models import (
    Action,
    Adhesion,
    Atelier,
    BaremeAdhesion,
    Commentaire,
    Configuration,
    Devis,
    DocumentsInternes,
    Facture,
    Lien,
    LigneDevis,
    Note,
    Partenaire,
    Prestation,
    PrestationRealisee,
    RelanceRefusee,
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
def note_add(
    *,
    sollicitation: Sollicitation,
    auteur,
    texte: str,
    publique: bool,
    par_la_collectivite: bool = False,
) -> Note:
    """A note of the mission (public or private), or a message of the collectivité."""
    if not texte.strip():
        raise ValidationError("La note est vide.")
    publique = publique or par_la_collectivite
    note = Note.objects.create(
        sollicitation=sollicitation,
        auteur=auteur,
        texte=texte.strip(),
        publique=publique,
        de_la_collectivite=par_la_collectivite,
    )
    _touch(sollicitation)
    if par_la_collectivite:
        notify(
            users=_staff_of(sollicitation),
            title=f"Message de {sollicitation.organisation} sur {sollicitation.numero}",
            body=texte.strip(),
            url=sollicitation.get_absolute_url() + "#notes",
            category=CATEGORIE,
        )
    elif publique:
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
def sollicitation_document_add(
    *, sollicitation: Sollicitation, fichier, actor, interne: bool = False
):
    """A document on the request; `interne`: staff only, never shown to the collectivité."""
    if interne:
        dossier, _ = DocumentsInternes.objects.get_or_create(sollicitation=sollicitation)
        document = document_upload(
            file=fichier,
            owner_organisation=Configuration.courante().mission,
            uploaded_by=actor,
            attached_to=dossier,
        )
    else:
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


# --- Agency model: memberships, quotes, services delivered, invoices ---------------------------


def population_de(organisation: Organisation) -> int:
    if organisation.commune_id:
        return organisation.commune.population or 0
    if organisation.epci_id:
        return organisation.epci.population or 0
    return 0


def cotisation_pour(*, organisation: Organisation, annee: int):
    """The fee of the scale row of this year whose population band holds the organisation."""
    population = population_de(organisation)
    bareme = (
        BaremeAdhesion.objects.filter(annee=annee, population_min__lte=population)
        .filter(Q(population_max__isnull=True) | Q(population_max__gte=population))
        .order_by("-population_min")
        .first()
    )
    if bareme is None:
        raise ValidationError(
            f"Aucun barème d'adhésion {annee} pour {population} habitants : complétez le barème."
        )
    return bareme.montant


@transaction.atomic
def adhesions_campagne(*, annee: int, actor, organisations: Iterable | None = None) -> int:
    """Renewal campaign: a call for the fee to last year's members (or to `organisations`).

    Idempotent: an organisation already called this year is left as it is.
    """
    if organisations is None:
        ids = Adhesion.objects.filter(annee=annee - 1, statut=Adhesion.Statut.PAYEE).values(
            "organisation_id"
        )
        organisations = Organisation.objects.filter(pk__in=ids)
    organisations = list(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).select_related(
            "commune", "epci"
        )
    )
    deja = set(
        Adhesion.objects.filter(annee=annee, organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    nouvelles = [
        Adhesion(organisation=o, annee=annee, montant=cotisation_pour(organisation=o, annee=annee))
        for o in organisations
        if o.pk not in deja
    ]
    Adhesion.objects.bulk_create(nouvelles)
    for adhesion in Adhesion.objects.filter(
        annee=annee, organisation__in=[a.organisation for a in nouvelles]
    ):
        journal_record(
            obj=adhesion.organisation,
            actor=actor,
            action=Evenement.Action.CREATION,
            description=f"Appel de cotisation {annee} : {adhesion.montant} €",
        )
    return len(nouvelles)


@transaction.atomic
def adhesion_enregistrer(
    *, organisation: Organisation, annee: int, payee: bool = False, actor
) -> Adhesion:
    """A collectivité joins for `annee`; its fee is read from the scale by population band."""
    existante = Adhesion.objects.filter(organisation=organisation, annee=annee).first()
    if existante is not None:
        raise ValidationError(
            f"{organisation} a déjà une adhésion {annee} "
            f"({existante.get_statut_display().lower()}) : changez son statut dans la liste."
        )
    adhesion = Adhesion.objects.create(
        organisation=organisation,
        annee=annee,
        montant=cotisation_pour(organisation=organisation, annee=annee),
        statut=Adhesion.Statut.PAYEE if payee else Adhesion.Statut.APPELEE,
    )
    journal_record(
        obj=organisation,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Adhésion {annee} à l'ingénierie : {adhesion.montant} € "
        f"({adhesion.get_statut_display().lower()})",
    )
    return adhesion


@transaction.atomic
def adhesion_statut_set(*, adhesion: Adhesion, statut: str, actor) -> Adhesion:
    if statut not in Adhesion.Statut.values:
        raise ValidationError("Statut d'adhésion inconnu.")
    with track_changes(adhesion, actor=actor, fields=["statut"]):
        adhesion.statut = statut
        adhesion.save(update_fields=["statut"])
    return adhesion


@transaction.atomic
def devis_ligne_add(
    *, sollicitation: Sollicitation, prestation: Prestation, quantite, actor
) -> Devis:
    """Add a line to the request's draft quote (created on the first line)."""
    if quantite <= 0:
        raise ValidationError("La quantité doit être positive.")
    devis = sollicitation.devis.filter(statut=Devis.Statut.BROUILLON).first()
    if devis is None:
        devis = Devis.objects.create(sollicitation=sollicitation)
        devis.numero = f"DEV-{devis.cree_le:%Y}-{devis.pk:05d}"
        devis.save(update_fields=["numero"])
    LigneDevis.objects.create(
        devis=devis, prestation=prestation, quantite=quantite, prix_unitaire_ht=prestation.prix_ht
    )
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Devis {devis.numero} : {prestation} × {quantite}",
    )
    return devis


@transaction.atomic
def devis_transition(*, devis: Devis, transition: str, actor) -> Devis:
    if transition not in {"envoyer", "accepter", "refuser"}:
        raise ValidationError("Action inconnue.")
    if transition == "accepter":
        devis.repondu_par = actor
    transition_apply(obj=devis, transition=transition, actor=actor)
    sollicitation = devis.sollicitation
    _touch(sollicitation)
    journal_record(
        obj=sollicitation,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description=f"Devis {devis.numero} : {devis.get_statut_display().lower()}",
    )
    if transition == "envoyer":
        users, title = _demandeurs(sollicitation), f"Devis {devis.numero} à examiner"
    else:
        users = _staff_of(sollicitation)
        title = f"Devis {devis.numero} {devis.get_statut_display().lower()} par la collectivité"
    notify(users=users, title=title, url=sollicitation.get_absolute_url(), category=CATEGORIE)
    return devis


@transaction.atomic
def prestation_realisee_add(
    *, ligne: LigneDevis, date: datetime.date, quantite, actor
) -> PrestationRealisee:
    if ligne.devis.statut != Devis.Statut.ACCEPTE:
        raise ValidationError("Seul un devis accepté donne lieu à des prestations.")
    deja = sum((r.quantite for r in ligne.realisations.all()), 0)
    if quantite <= 0 or deja + quantite > ligne.quantite:
        raise ValidationError(
            f"La quantité réalisée dépasserait celle du devis : {nombre_fr(ligne.quantite)} "
            f"au devis, {nombre_fr(deja)} déjà réalisée(s)."
        )
    realisee = PrestationRealisee.objects.create(
        ligne=ligne,
        date=date,
        quantite=quantite,
        montant_ht=(quantite * ligne.prix_unitaire_ht).quantize(ligne.prix_unitaire_ht),
        enregistree_par=actor,
    )
    _touch(ligne.devis.sollicitation)
    return realisee


@transaction.atomic
def factures_emettre(
    *, jusqu_au: datetime.date, actor, prestation: PrestationRealisee | None = None
) -> list[Facture]:
    """One invoice per organisation for the services delivered up to `jusqu_au` and not yet
    invoiced (per period), or for one `prestation` alone (per service). The rows are locked
    so that two clicks never invoice a service twice."""
    a_facturer = PrestationRealisee.objects.select_for_update().filter(facture__isnull=True)
    if prestation is not None:
        a_facturer = a_facturer.filter(pk=prestation.pk)
        jusqu_au = prestation.date
    a_facturer = list(
        a_facturer.filter(date__lte=jusqu_au)
        .select_related("ligne__devis__sollicitation")
        .order_by("pk")
    )
    par_organisation: dict[int, list[PrestationRealisee]] = {}
    for p in a_facturer:
        par_organisation.setdefault(p.ligne.devis.sollicitation.organisation_id, []).append(p)
    annee = jusqu_au.year
    dernier = (
        Facture.objects.filter(numero__startswith=f"FAC-{annee}-")
        .order_by("-numero")
        .values_list("numero", flat=True)
        .first()
    )
    suivant = int(dernier.rsplit("-", 1)[1]) + 1 if dernier else 1
    factures = []
    for organisation_id, prestations in sorted(par_organisation.items()):
        facture = Facture.objects.create(
            numero=f"FAC-{annee}-{suivant:05d}",
            organisation_id=organisation_id,
            periode_fin=jusqu_au,
            montant_ht=sum(p.montant_ht for p in prestations),
            emise_par=actor,
        )
        suivant += 1
        PrestationRealisee.objects.filter(pk__in=[p.pk for p in prestations]).update(
            facture=facture
        )
        journal_record(
            obj=facture, actor=actor, action=Evenement.Action.CREATION,
            organisation=facture.organisation,
        )  # fmt: skip
        factures.append(facture)
    return factures


@transaction.atomic
def atelier_save(*, form, actor) -> Atelier:
    """Create or edit a workshop from its (valid) form, journaled."""
    is_new = form.instance.pk is None
    atelier = form.save()
    journal_record(
        obj=atelier,
        actor=actor,
        action=Evenement.Action.CREATION if is_new else Evenement.Action.MODIFICATION,
    )
    return atelier


@transaction.atomic
def atelier_inscrire(*, atelier, user, organisation) -> None:
    """A member of a collectivité signs up; their organisation joins the participants."""
    atelier.participants.add(user)
    atelier.organisations.add(organisation)
    journal_record(
        obj=atelier, actor=user, action=Evenement.Action.MODIFICATION,
        description=f"Inscription de {user} ({organisation})",
    )  # fmt: skip


@transaction.atomic
def atelier_document_add(*, atelier, fichier, actor, organisation):
    return document_upload(
        file=fichier, owner_organisation=organisation, uploaded_by=actor, attached_to=atelier
    )


@transaction.atomic
def relances_preferences_set(*, user, types: Iterable[str], recues: Iterable[str]) -> None:
    """Among `types` (those offered to this person), receive `recues` and stop the others."""
    types, recues = set(types), set(recues)
    RelanceRefusee.objects.filter(destinataire=user, type__in=types & recues).delete()
    for type_ in sorted(types - recues):
        RelanceRefusee.objects.get_or_create(destinataire=user, type=type_)
