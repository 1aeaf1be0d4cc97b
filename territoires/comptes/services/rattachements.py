"""Requests to be attached to an organisation (ProConnect SIRET) and their answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from territoires.core.links import absolute_url
from territoires.core.models import Evenement
from territoires.core.workflow import transition_apply

from ..models import DemandeRattachement, Membre, Organisation, Role, User
from .organisations import membership_event_record, membre_add, roles_grantable


@transaction.atomic
def demande_rattachement_create(
    *, user: User, organisation: Organisation, siret: str = ""
) -> DemandeRattachement:
    demande, created = DemandeRattachement.objects.get_or_create(
        user=user,
        organisation=organisation,
        statut=DemandeRattachement.Statut.EN_ATTENTE,
        defaults={"siret": siret},
    )
    if created:
        gestionnaires = (
            Membre.objects.actifs()
            .filter(organisation=organisation, role__in=organisation.roles_gestionnaires())
            .values_list("user__email", flat=True)
        )
        recipients = sorted(set(gestionnaires))
        if recipients:
            url = absolute_url(reverse("comptes:organisation", args=[organisation.pk]))
            message = render_to_string(
                "comptes/emails/demande_rattachement.txt",
                {"demande": demande, "url": url, "branding": settings.TERRITOIRES_BRANDING},
            )
            transaction.on_commit(
                lambda: send_mail(
                    subject=f"Demande pour rejoindre {organisation.nom}",
                    message=message,
                    from_email=None,
                    recipient_list=recipients,
                )
            )
    return demande


@transaction.atomic
def demande_rattachement_answer(
    *, demande: DemandeRattachement, by: User, accept: bool, role: str = ""
) -> DemandeRattachement:
    demande = DemandeRattachement.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != DemandeRattachement.Statut.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    if accept:
        if role not in roles_grantable(organisation=demande.organisation, by=by):
            raise ValidationError({"role": "Vous ne pouvez pas attribuer ce rôle."})
        membre_add(user=demande.user, organisation=demande.organisation, role=role)
    # Logged in the request's journal; the organisation's journal gets the readable sentence.
    transition_apply(
        obj=demande, transition="accepter" if accept else "refuser", actor=by, by=by,
        check_permission=False,
    )  # fmt: skip
    membership_event_record(
        demande.organisation,
        by,
        Evenement.Action.CHANGEMENT_ETAT,
        f"demande de rattachement de {demande.user.email} "
        + (f"acceptée comme {Role(role).label}" if accept else "refusée"),
    )
    return demande
