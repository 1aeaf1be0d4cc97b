"""Every write of the calls for projects: keyword-only functions, one transaction each."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from territoires.aides.services import dossier_draft_prepare
from territoires.comptes.models import Membre, Organisation, Role
from territoires.comptes.services.organisations import membre_add
from territoires.core.documents import document_upload
from territoires.core.journal import journal_record
from territoires.core.models import Document, Evenement
from territoires.core.notifications import notify
from territoires.core.workflow import transition_apply

from .models import Appel, Candidature, Note, NoteCritere, Question, Reponse


class DateLimitePassee(ValidationError):
    """The deadline is past: nothing more is saved nor filed (what was saved stays)."""

    def __init__(self, appel: Appel):
        super().__init__(
            "La date limite de l'appel (%(date)s) est passée : la candidature ne peut plus "
            "être modifiée ni déposée. Votre brouillon reste enregistré.",
            params={
                "date": f"{appel.date_limite_locale():%d/%m/%Y à %H:%M} ({appel.fuseau_label})"
            },
        )


# --- Calls ---------------------------------------------------------------------------------------


def appel_publish(*, appel: Appel, actor) -> Appel:
    if not actor.has_perm("appels.gerer_appel", appel):
        raise PermissionDenied
    transition_apply(obj=appel, transition="publier", actor=actor)
    return appel


def appel_close(*, appel: Appel, actor) -> Appel:
    if not actor.has_perm("appels.gerer_appel", appel):
        raise PermissionDenied
    transition_apply(obj=appel, transition="clore", actor=actor)
    return appel


# --- Candidate organisation and candidature ----------------------------------------------------


@transaction.atomic
def organisation_candidate_create(
    *, user, nom: str, type: str, rna: str = "", siret: str = "", commune=None
) -> Organisation:
    """An association, a company or a collective created by the person who answers a call:
    they become its administrator (`gestionnaire`) and may invite colleagues."""
    if type not in (
        Organisation.Type.ASSOCIATION,
        Organisation.Type.ENTREPRISE,
        Organisation.Type.COLLECTIF,
    ):
        raise ValidationError({"type": "Ce type d'organisation ne se crée pas ici."})
    organisation = Organisation(
        nom=nom,
        type=type,
        rna=rna if type == Organisation.Type.ASSOCIATION else "",
        siret=siret if type == Organisation.Type.ENTREPRISE else "",
        siren=siret[:9] if type == Organisation.Type.ENTREPRISE else "",
        commune=commune,
    )
    organisation.full_clean()
    organisation.save()
    membre_add(user=user, organisation=organisation, role=Role.GESTIONNAIRE)
    journal_record(
        obj=organisation,
        actor=user,
        action=Evenement.Action.CREATION,
        description="Organisation créée pour répondre à un appel "
        f"({organisation.get_type_display()})",
    )
    return organisation


@transaction.atomic
def candidature_create(
    *, appel: Appel, organisation: Organisation, actor, titre: str
) -> Candidature:
    if not Membre.objects.actifs().filter(user=actor, organisation=organisation).exists():
        raise PermissionDenied
    if not appel.est_ouvert():
        raise (
            DateLimitePassee(appel)
            if timezone.now() >= appel.date_limite
            else ValidationError("Cet appel n'est pas ouvert aux candidatures.")
        )
    if not appel.admet(organisation):
        raise ValidationError(
            "Cet appel n'est pas ouvert aux organisations de type « %(type)s » : "
            "il admet %(admis)s.",
            params={
                "type": organisation.get_type_display(),
                "admis": ", ".join(appel.types_candidats_labels()).lower(),
            },
        )
    existante = Candidature.objects.filter(appel=appel, organisation=organisation).first()
    if existante:
        return existante
    candidature = Candidature(appel=appel, organisation=organisation, titre=titre, creee_par=actor)
    candidature.full_clean(exclude=["statut"])
    candidature.save()
    journal_record(
        obj=candidature,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"Brouillon de candidature à « {appel.titre} »",
    )
    return candidature


def _reponse_value(question: Question, value) -> dict:
    if question.type == Question.Type.MONTANT:
        return {"montant": value}
    return {"texte": value or ""}


@transaction.atomic
def candidature_save(
    *, candidature: Candidature, actor, titre: str, reponses: dict[int, object], fichiers=None
) -> Candidature:
    """Save the draft: the title, the answers by question id, the uploaded documents by
    question id (each passed through the document guard). Refused after the deadline."""
    candidature = (
        Candidature.objects.select_for_update().select_related("appel").get(pk=candidature.pk)
    )
    if not actor.has_perm("appels.change_candidature", candidature):
        raise PermissionDenied("Cette candidature n'est plus modifiable.")
    if timezone.now() >= candidature.appel.date_limite:
        raise DateLimitePassee(candidature.appel)
    candidature.titre = titre
    candidature.save(update_fields=["titre", "modifiee_le"])
    questions = {q.pk: q for q in candidature.appel.questions.all()}
    for question_id, value in reponses.items():
        question = questions[question_id]
        Reponse.objects.update_or_create(
            candidature=candidature, question=question, defaults=_reponse_value(question, value)
        )
    for question_id, fichier in (fichiers or {}).items():
        document = document_upload(
            file=fichier,
            owner_organisation=candidature.organisation,
            uploaded_by=actor,
            attached_to=candidature,
        )
        Reponse.objects.update_or_create(
            candidature=candidature,
            question=questions[question_id],
            defaults={"document": document},
        )
    return candidature


def questions_manquantes(candidature: Candidature) -> list[str]:
    remplies = {r.question_id for r in candidature.reponses.all() if r.est_remplie()}
    return [
        q.libelle
        for q in candidature.appel.questions.all()
        if q.obligatoire and q.pk not in remplies
    ]


@transaction.atomic
def candidature_submit(*, candidature: Candidature, actor) -> Candidature:
    candidature = (
        Candidature.objects.select_for_update().select_related("appel").get(pk=candidature.pk)
    )
    if not actor.has_perm("appels.change_candidature", candidature):
        raise PermissionDenied("Cette candidature n'est plus modifiable.")
    if timezone.now() >= candidature.appel.date_limite:
        raise DateLimitePassee(candidature.appel)
    manquantes = questions_manquantes(candidature)
    if manquantes:
        raise ValidationError(
            "La candidature n'a pas été déposée : des réponses obligatoires manquent — %(liste)s.",
            params={"liste": " ; ".join(manquantes)},
        )
    transition_apply(obj=candidature, transition="deposer", actor=actor)
    notify(
        users=list(candidature.appel.jury.all()),
        title=f"Nouvelle candidature à « {candidature.appel.titre} »",
        body=f"{candidature.organisation} : {candidature.titre}",
        url=candidature.get_absolute_url(),
        category="Appels à projets",
    )
    return candidature


# --- Jury --------------------------------------------------------------------------------------


@transaction.atomic
def note_save(
    *, candidature: Candidature, actor, valeurs: dict[int, Decimal], commentaire: str = ""
) -> Note:
    """A jury member's score on every criterion (0 to the call's `note_max`)."""
    if not actor.has_perm("appels.noter_candidature", candidature):
        raise PermissionDenied
    if candidature.est_decidee:
        raise ValidationError("La candidature est déjà décidée : les notes ne changent plus.")
    appel = candidature.appel
    criteres = list(appel.criteres.all())
    erreurs = []
    for critere in criteres:
        valeur = valeurs.get(critere.pk)
        if valeur is None:
            erreurs.append(f"« {critere.libelle} » n'est pas noté.")
        elif not (0 <= valeur <= appel.note_max):
            erreurs.append(f"« {critere.libelle} » se note de 0 à {appel.note_max}.")
    if erreurs:
        raise ValidationError(erreurs)
    note, created = Note.objects.update_or_create(
        candidature=candidature, membre=actor, defaults={"commentaire": commentaire}
    )
    for critere in criteres:
        NoteCritere.objects.update_or_create(
            note=note, critere=critere, defaults={"valeur": valeurs[critere.pk]}
        )
    journal_record(
        obj=candidature,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description="Note du jury donnée" if created else "Note du jury modifiée",
    )
    return note


@transaction.atomic
def candidature_decide(
    *, candidature: Candidature, actor, retenue: bool, motifs: str, commentaire: str = ""
) -> Candidature:
    """Select or not, with the reasons the letter gives and the deliberation's comment."""
    if not actor.has_perm("appels.decider_candidature", candidature):
        raise PermissionDenied
    if not motifs.strip():
        raise ValidationError({"motifs": "Donnez les motifs de la décision : la lettre les cite."})
    candidature.motifs = motifs.strip()
    candidature.commentaire_deliberation = commentaire.strip()
    transition_apply(
        obj=candidature,
        transition="retenir" if retenue else "ne_pas_retenir",
        actor=actor,
        reason=candidature.motifs,
    )
    notify(
        users=[
            m.user for m in Membre.objects.actifs().filter(organisation=candidature.organisation)
        ],
        title=f"Décision sur votre candidature à « {candidature.appel.titre} »",
        body="Votre candidature est retenue."
        if retenue
        else "Votre candidature n'est pas retenue.",
        url=candidature.get_absolute_url(),
        category="Appels à projets",
    )
    return candidature


# --- From a selected candidature to an aid dossier ----------------------------------------------


@transaction.atomic
def candidature_dossier_create(*, candidature: Candidature, actor):
    """An aid draft for the candidate organisation, filled from the answers (the questions
    say which field they fill: `Question.champ_dossier`); never twice."""
    candidature = Candidature.objects.select_for_update().get(pk=candidature.pk)
    if not actor.has_perm("appels.convertir_candidature", candidature):
        raise PermissionDenied
    if candidature.statut != Candidature.Statut.RETENUE:
        raise ValidationError("Seule une candidature retenue devient un dossier d'aide.")
    if candidature.dossier_id:
        return candidature.dossier
    appel = candidature.appel
    if appel.dispositif_id is None:
        raise ValidationError(
            "Cet appel n'est relié à aucun dispositif d'aide : choisissez-en un sur l'appel."
        )
    data = {"intitule": candidature.titre, "cout_ht": Decimal(0), "montant_demande": Decimal(0)}
    lignes = []
    for reponse in candidature.reponses.select_related("question"):
        question = reponse.question
        if question.champ_dossier in ("cout_ht", "montant_demande") and reponse.montant is not None:
            data[question.champ_dossier] = reponse.montant
        elif reponse.texte:
            lignes.append(f"{question.libelle} : {reponse.texte}")
    data["description"] = "\n\n".join(lignes)
    dossier = dossier_draft_prepare(
        organisation=candidature.organisation,
        dispositif=appel.dispositif,
        actor=actor,
        data=data,
        origine=f"la candidature retenue à « {appel.titre} »",
    )
    copies = _documents_copy(candidature, dossier, actor)
    candidature.dossier = dossier
    candidature.save(update_fields=["dossier", "modifiee_le"])
    description = "Dossier d'aide préparé à partir de la candidature"
    if copies:
        pluriel = "s" if copies > 1 else ""
        description += f", {copies} document{pluriel} copié{pluriel}"
    journal_record(
        obj=candidature, actor=actor, action=Evenement.Action.MODIFICATION, description=description
    )
    return dossier


def _documents_copy(candidature: Candidature, dossier, actor) -> int:
    """The candidature's documents, copied through the storage (in chunks, under new names)
    and attached to the dossier: already checked by the document guard at upload, they are
    not asked again. A copy, not a shared file: each object keeps its own."""
    copies = 0
    for reponse in candidature.reponses.select_related("document").order_by("question__ordre"):
        source = reponse.document
        if source is None:
            continue
        copie = Document(
            nom_original=source.nom_original,
            type_mime=source.type_mime,
            taille=source.taille,
            sha256=source.sha256,
            depose_par=actor,
            organisation=candidature.organisation,
            content_type=ContentType.objects.get_for_model(dossier),
            object_id=str(dossier.pk),
        )
        with source.fichier.open("rb") as handle:
            copie.fichier.save(source.nom_original, File(handle), save=False)
        copie.save()
        copies += 1
    return copies


# --- The service prepares its call ---------------------------------------------------------------


@transaction.atomic
def appel_create(*, actor, data: dict) -> Appel:
    """A call in preparation, for a Département service the actor belongs to."""
    if not actor.has_perm("appels.gerer_appel", Appel(organisation=data["organisation"])):
        raise PermissionDenied
    appel = Appel(**data)
    appel.full_clean(exclude=["statut"])
    appel.save()
    journal_record(
        obj=appel, actor=actor, action=Evenement.Action.CREATION, description="Appel créé"
    )
    return appel


@transaction.atomic
def appel_configure(*, appel: Appel, actor, questions, criteres, jury) -> Appel:
    """Questions and grid (validated inline formsets) and jury of a call in preparation."""
    if not actor.has_perm("appels.gerer_appel", appel):
        raise PermissionDenied
    if appel.statut != Appel.Statut.BROUILLON:
        raise ValidationError("Un appel publié ne change plus de questions ni de grille.")
    questions.save()
    criteres.save()
    appel.jury.set(jury)
    journal_record(
        obj=appel,
        actor=actor,
        action=Evenement.Action.MODIFICATION,
        description="Questions, grille et jury enregistrés",
    )
    return appel
