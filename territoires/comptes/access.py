"""Moved to `territoires.core.access` (every app needs it: it lives on the ground floor).

Kept as a re-export while the domain apps are refactored in parallel; removed after the merge.
"""

from territoires.core.access import (  # noqa: F401
    PUBLIC,
    object_rule_required,
    otp_exempt,
    public,
    rule_required,
)
