"""Django's table permissions (groups, user permissions) serve the admin site only.

Every right in the product is a `rules` predicate (ADR 0002). When one refuses,
`user.has_perm` asks the next backends: ProConnect's (a ModelBackend) and ModelBackend would
then load the user's table permissions, two queries on nearly every page of an agent. This
backend, placed right after `rules`, ends the search for anyone who cannot open the admin.
"""

from django.core.exceptions import PermissionDenied


class TablePermissionsForStaffOnly:
    """Permissions only: it authenticates nobody and loads no user (no `get_user`, so that
    Django never takes it for the backend of a session)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not getattr(user_obj, "is_staff", False):
            raise PermissionDenied  # Django stops asking the later backends
        return False

    def has_module_perms(self, user_obj, app_label):
        if not getattr(user_obj, "is_staff", False):
            raise PermissionDenied
        return False
