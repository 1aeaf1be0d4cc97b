"""Reads shared by the views of comptes (and by other apps)."""

from django.db.models import Q, QuerySet
from django.utils import timezone
from stdnum.fr import siret as stdnum_siret

from .models import DemandeRattachement, Invitation, Membre, Organisation, User


def memberships_for_user(*, user: User) -> QuerySet[Membre]:
    return user.membres.actifs().select_related("organisation").order_by("organisation__nom")


def organisation_members(*, organisation: Organisation) -> QuerySet[Membre]:
    return (
        Membre.objects.actifs()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def organisation_former_members(*, organisation: Organisation) -> QuerySet[Membre]:
    return (
        Membre.objects.filter(organisation=organisation, actif=False)
        .select_related("user")
        .order_by("-date_fin")
    )


def organisation_pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        acceptee_le__isnull=True,
        annulee_le__isnull=True,
        expire_le__gt=timezone.now(),
    ).select_related("invite_par")


def organisation_pending_demandes(*, organisation: Organisation) -> QuerySet[DemandeRattachement]:
    return DemandeRattachement.objects.filter(
        organisation=organisation, statut=DemandeRattachement.Statut.EN_ATTENTE
    ).select_related("user")


def pending_demandes_for_user(*, user: User) -> QuerySet[DemandeRattachement]:
    return DemandeRattachement.objects.filter(
        user=user, statut=DemandeRattachement.Statut.EN_ATTENTE
    ).select_related("organisation")


def organisations_for_siret(*, siret: str) -> list[Organisation]:
    """The organisation of this establishment (exact SIRET), else those of its SIREN."""
    if not siret or not stdnum_siret.is_valid(siret):
        return []
    exact = list(Organisation.objects.filter(actif=True, siret=siret))
    if exact:
        return exact
    return list(
        Organisation.objects.filter(actif=True, siren=siret[:9]).exclude(
            type=Organisation.Type.SERVICE
        )
    )


def elus_departementaux() -> QuerySet[User]:
    """The Département's elected officials: users with an active « Élu départemental »
    membership of the Département or one of its services (pilotage), by name."""
    from .models import Role

    membres = Membre.objects.actifs().filter(
        role=Role.ELU, organisation__type__in=Organisation.TYPES_DEPARTEMENT
    )
    return User.objects.filter(pk__in=membres.values("user_id")).order_by(
        "last_name", "first_name", "email"
    )


#: Beyond this many organisations matching a search, their names are joined instead.
ORGANISATIONS_MAX = 500


def organisations_nommees_q(valeur: str, *, champ: str = "organisation") -> Q:
    """« Filed by an organisation whose name holds `valeur` », for a list's search.

    The organisations so named are read first, in a small query: the condition is then on the
    list's own foreign key, which PostgreSQL combines by index with the other branches of the
    search (trigrams of numbers and titles) instead of reading every row joined to its
    organisation. Beyond `ORGANISATIONS_MAX` names the join is kept (too many ids to send)."""
    ids = list(
        Organisation.objects.filter(nom__icontains=valeur).values_list("pk", flat=True)[
            : ORGANISATIONS_MAX + 1
        ]
    )
    if len(ids) > ORGANISATIONS_MAX:
        return Q(**{f"{champ}__nom__icontains": valeur})
    return Q(**{f"{champ}_id__in": ids})
