"""The `territoires` command: manage.py with the project's settings.

`territoires referentiel import --departement 32` calls the Django command
`referentiel_import`: a domain and a verb separated by a space read as one command when it
exists.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "territoires.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "territoires"
    if len(argv) >= 3 and not argv[1].startswith("-") and not argv[2].startswith("-"):
        import django
        from django.core.management import get_commands

        django.setup()
        joined = f"{argv[1]}_{argv[2]}".replace("-", "_")
        if joined in get_commands():
            argv[1:3] = [joined]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
