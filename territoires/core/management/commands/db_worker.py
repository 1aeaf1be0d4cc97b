"""`territoires db_worker`: django-tasks-db's worker, made robust (see territoires/core/worker.py).

Same options as the library's command, which it replaces (core comes before django_tasks_db
in INSTALLED_APPS).
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from territoires.core.worker import RobustWorker


class Command(db_worker.Command):
    help = (
        "Exécute les tâches de fond ; une tâche en erreur est marquée échouée et le serveur "
        "passe à la suivante ; les tâches d'un serveur arrêté brutalement sont marquées "
        "interrompues."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # Same as the library's handle(), with our worker class.
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues ne s'emploie qu'avec --queue-name=*")
        worker = RobustWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
