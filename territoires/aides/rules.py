"""Who may do what on aid dossiers.

- the members of the organisation that files a dossier see and edit it (never the private
  annotations);
- the instructors and heads of the scheme's owning service instruct it; the head of service
  signs the visa; heads of service, direction and administrators record the commission's vote;
- finance staff commit and pay; the services asked for an opinion see the dossier.
"""

import rules

from territoires.comptes.models import Role
from territoires.comptes.rules import (
    active_memberships,
    is_administrateur,
    is_elu,
    is_member_of_collectivite_or_public_body,
)

ROLES_INSTRUCTION = {Role.INSTRUCTEUR, Role.CHEF_SERVICE}
ROLES_DEPARTEMENT_LECTURE = {Role.FINANCES, Role.DIRECTION, Role.ADMINISTRATEUR}


def _dept(user):
    return [m for m in active_memberships(user) if m.organisation.est_departement]


@rules.predicate
def is_porteur(user, dossier):
    organisation_id = getattr(dossier, "organisation_id", None)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in active_memberships(user)
    )


@rules.predicate
def is_instructeur(user):
    return any(m.role in ROLES_INSTRUCTION for m in _dept(user))


@rules.predicate
def is_lecteur_departement(user):
    return any(m.role in ROLES_DEPARTEMENT_LECTURE for m in _dept(user))


@rules.predicate
def is_finances(user):
    return any(m.role in (Role.FINANCES, Role.CHEF_SERVICE) for m in _dept(user))


@rules.predicate
def is_decideur(user):
    return any(
        m.role in (Role.CHEF_SERVICE, Role.DIRECTION, Role.ADMINISTRATEUR) for m in _dept(user)
    )


def _service_id(obj):
    dispositif = getattr(obj, "dispositif", None)
    return getattr(dispositif, "service_id", None)


@rules.predicate
def is_instructeur_du_dispositif(user, dossier):
    service_id = _service_id(dossier)
    return any(m.role in ROLES_INSTRUCTION and m.organisation_id == service_id for m in _dept(user))


@rules.predicate
def is_chef_du_service(user, dossier):
    service_id = _service_id(dossier)
    return any(m.role == Role.CHEF_SERVICE and m.organisation_id == service_id for m in _dept(user))


@rules.predicate
def is_service_consulte(user, dossier):
    services = {m.organisation_id for m in _dept(user)}
    if not services or getattr(dossier, "pk", None) is None:
        return False
    return dossier.avis.filter(service_id__in=services).exists()


@rules.predicate
def is_modifiable(user, dossier):
    return dossier.statut in ("brouillon", "incomplet")


staff_du_dossier = is_instructeur_du_dispositif | is_lecteur_departement | is_administrateur

rules.add_perm("aides.add_dossier", is_member_of_collectivite_or_public_body)
rules.add_perm("aides.view_dossier", is_porteur | staff_du_dossier | is_service_consulte)
rules.add_perm("aides.change_dossier", is_porteur & is_modifiable)
rules.add_perm("aides.demander_versement", is_porteur)
rules.add_perm("aides.instruire_dossier", is_instructeur_du_dispositif | is_administrateur)
rules.add_perm("aides.view_annotations", staff_du_dossier | is_service_consulte)
rules.add_perm("aides.viser_dossier", is_chef_du_service | is_administrateur)
rules.add_perm("aides.repondre_avis", is_service_consulte)
rules.add_perm("aides.voter_session", is_decideur)
rules.add_perm("aides.payer_dossier", is_finances | is_administrateur)
rules.add_perm("aides.list_dossiers_instruction", is_instructeur | is_lecteur_departement)
rules.add_perm("aides.view_session", is_instructeur | is_lecteur_departement)
rules.add_perm("aides.view_tableau", is_instructeur | is_lecteur_departement)
rules.add_perm("aides.list_mes_dossiers", is_member_of_collectivite_or_public_body)


# Elected officials of the Département (issue 13) read every dossier, session and the
# dashboard; they never instruct, sign, vote nor pay (no write perm above knows them).
# Writing to a dossier's messages: who could see it before (never the elected officials).
rules.add_perm("aides.message_dossier", rules.permissions.permissions["aides.view_dossier"])
for _perm in ("aides.view_dossier", "aides.view_session", "aides.view_tableau"):
    rules.set_perm(_perm, rules.permissions.permissions[_perm] | is_elu)


# Issue 14: the commune deposits or replaces a piece while its dossier is open (draft, or filed
# and not yet proposed); the instructor checks it once filed, until the proposal.
@rules.predicate
def is_ouvert_aux_pieces(user, dossier):
    return dossier.statut in ("brouillon", "depose", "incomplet", "en_instruction")


@rules.predicate
def is_depose_ouvert(user, dossier):
    return dossier.statut in ("depose", "incomplet", "en_instruction")


rules.add_perm("aides.deposer_piece", is_porteur & is_ouvert_aux_pieces)
rules.add_perm(
    "aides.verifier_piece",
    (is_instructeur_du_dispositif | is_administrateur) & is_depose_ouvert,
)
