"""The `territoires` command: manage.py with the project's settings.

`territoires referentiel import --departement 32` calls the Django command
`referentiel_import`: a domain and a verb separated by a space read as one command when it
exists.

The project's own commands run without Django's system checks: the checks import the whole
URL configuration (seconds at every call) and guard the deployment, which `territoires check`,
`migrate` and `runserver` (Django's, unchanged) still do.
"""

import os
import sys


def _project_command(name: str) -> bool:
    """True for a command of the project that accepts `--skip-checks`."""
    from django.core.management import get_commands, load_command_class

    app = get_commands().get(name)
    if not isinstance(app, str) or not app.startswith("territoires"):
        return False
    return bool(load_command_class(app, name).requires_system_checks)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "territoires"
    if len(argv) >= 2 and not argv[1].startswith("-"):
        import django
        from django.core.management import get_commands

        django.setup()
        if len(argv) >= 3 and not argv[2].startswith("-"):
            joined = f"{argv[1]}_{argv[2]}".replace("-", "_")
            if joined in get_commands():
                argv[1:3] = [joined]
        if "--skip-checks" not in argv and _project_command(argv[1]):
            argv.append("--skip-checks")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
