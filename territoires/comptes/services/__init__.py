"""Every write of comptes, one module per concern (the views have the same names).

- `organisations.py`: roles that may be given, add and end a membership;
- `invitations.py`: invite, accept, cancel;
- `rattachements.py`: ask to be attached to an organisation, answer;
- `connexion.py`: second factor (TOTP device, backup codes);
- `inscription.py`: citizens' sign-up, address verification, rate limits.

The names below are the services API of the views, the demo and the tests.
"""

from .connexion import (
    BACKUP_CODES_COUNT,
    backup_codes_generate,
    totp_device_confirm,
    totp_device_start,
)
from .inscription import (
    VERIFICATION_SALT,
    InvalidVerificationLink,
    inscription_create,
    rate_limit_exceeded,
    verification_confirm,
    verification_send,
    verification_token,
    verification_validity_days,
)
from .invitations import (
    InvitationCreated,
    hash_token,
    invitation_accept,
    invitation_cancel,
    invitation_create,
    invitation_get_by_token,
    user_create_from_invitation,
)
from .organisations import membership_event_record, membre_add, membre_deactivate, roles_grantable
from .rattachements import demande_rattachement_answer, demande_rattachement_create

__all__ = [
    "BACKUP_CODES_COUNT",
    "VERIFICATION_SALT",
    "InvalidVerificationLink",
    "InvitationCreated",
    "backup_codes_generate",
    "demande_rattachement_answer",
    "demande_rattachement_create",
    "hash_token",
    "inscription_create",
    "invitation_accept",
    "invitation_cancel",
    "invitation_create",
    "invitation_get_by_token",
    "membership_event_record",
    "membre_add",
    "membre_deactivate",
    "rate_limit_exceeded",
    "roles_grantable",
    "totp_device_confirm",
    "totp_device_start",
    "user_create_from_invitation",
    "verification_confirm",
    "verification_send",
    "verification_token",
    "verification_validity_days",
]
