"""Refresh of the automatic datasets: a new version of a resource only when its rows changed.

For each automatic dataset (`automatiques.REGISTRE`), each resource's rows are read once from
the module's selectors, written to a temporary spool file while their fingerprint is computed
(`empreinte.py`: memory stays flat), and compared with the rows of the resource's current
version read back from the tabular storage. When they differ, the dataset (created and
published at once the first time: no moderation for the Département's automatic datasets)
gets a new version by the publication service `version_create_from_rows`, in one transaction.

A source that fails leaves nothing half-written: its rows are read before any write; the other
datasets are still refreshed, then the run fails with the names of those that failed (the
followed task is marked failed, never left « en cours »).
"""

import logging
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from territoires.comptes.models import Organisation
from territoires.core.journal import journal_record
from territoires.core.models import Evenement
from territoires.core.task_tracking import progress_finish, progress_tracking, progress_update
from territoires.core.workflow import transition_apply
from territoires.opendata import services, tabulaire
from territoires.opendata.models import JeuDeDonnees, Ressource, Theme
from territoires.referentiel.departements import departement_label
from territoires.referentiel.models import Departement

from . import jeux_automatiques
from .base import JeuAutomatique, RessourceAutomatique
from .empreinte import Empreinte, rows_fingerprint

logger = logging.getLogger(__name__)


@dataclass
class Bilan:
    """What the refresh did for one automatic dataset."""

    code: str
    titre: str
    jeu: JeuDeDonnees | None = None
    nouvelles: list[str] = field(default_factory=list)  # resources with a new version
    inchangees: list[str] = field(default_factory=list)
    erreur: str = ""

    @property
    def texte(self) -> str:
        if self.erreur:
            return f"{self.titre} : échec ({self.erreur})"
        if self.nouvelles:
            return f"{self.titre} : nouvelle version de {', '.join(self.nouvelles)}"
        return f"{self.titre} : inchangé"


class RefreshFailed(ValidationError):
    """Some sources failed; `bilans` says what was done for every dataset."""

    def __init__(self, bilans: list[Bilan]):
        self.bilans = bilans
        echecs = ", ".join(b.titre for b in bilans if b.erreur)
        super().__init__(f"L'actualisation a échoué pour : {echecs}. Les autres jeux sont à jour.")


# --- The producer ---------------------------------------------------------------------------


def producer_organisation() -> Organisation:
    """The Département of the instance (`TERRITOIRES_DEPARTEMENT`), created if missing."""
    code = settings.TERRITOIRES_DEPARTEMENT
    departements = Organisation.objects.filter(type=Organisation.Type.DEPARTEMENT, parent=None)
    organisation = departements.filter(departement__code=code).order_by("pk").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            type=Organisation.Type.DEPARTEMENT,
            nom=departement_label(code),
            departement=Departement.objects.filter(code=code).first(),
        )
        journal_record(
            obj=organisation,
            action=Evenement.Action.CREATION,
            description="Producteur des jeux de données automatiques",
        )
    return organisation


# --- Rows: spool and fingerprint ------------------------------------------------------------


@contextmanager
def _spooled(spec: RessourceAutomatique) -> Iterator[tuple[str, Callable[[], Iterator[tuple]]]]:
    """Read the source once into a temporary file; yield its fingerprint and a reader."""
    with tempfile.TemporaryFile() as spool:
        empreinte = Empreinte(spec.colonnes)
        for ligne in spec.lignes():
            ligne = tuple(ligne)
            empreinte.add(ligne)
            pickle.dump(ligne, spool, protocol=pickle.HIGHEST_PROTOCOL)

        def lignes() -> Iterator[tuple]:
            spool.seek(0)
            while True:
                try:
                    # Our own file, written just above: no foreign data is unpickled.
                    yield pickle.load(spool)  # noqa: S301
                except EOFError:
                    return

        yield empreinte.hexdigest(), lignes


def _stored_fingerprint(ressource: Ressource | None) -> str | None:
    """The fingerprint of the rows of the resource's current version, None without one."""
    version = ressource.version_courante if ressource else None
    if version is None or not version.table:
        return None
    colonnes = [tabulaire.Colonne(nom=c["nom"], type=c["type"]) for c in version.colonnes]
    return rows_fingerprint(colonnes, tabulaire.rows_stream(cle=version.table, colonnes=colonnes))


# --- Writes ---------------------------------------------------------------------------------


def _dataset_ensure(auto: JeuAutomatique, jeu: JeuDeDonnees | None) -> JeuDeDonnees:
    """The automatic dataset, created and published the first time (no moderation)."""
    if jeu is not None:
        return jeu
    producteur = producer_organisation()
    # Two refreshes at once (cron and the button) make one dataset: the second waits here,
    # then finds the first one's.
    Organisation.objects.select_for_update().filter(pk=producteur.pk).first()
    jeu = JeuDeDonnees.objects.filter(source_module=auto.code).order_by("pk").first()
    if jeu is not None:
        return jeu
    jeu = services.dataset_create(
        organisation=producteur,
        actor=None,
        titre=auto.titre,
        description=auto.description,
        licence=auto.licence,
        frequence=auto.frequence,
        mots_cles=auto.mots_cles,
        source_module=auto.code,
        themes=list(Theme.objects.filter(slug__in=auto.themes)),
    )
    transition_apply(
        obj=jeu,
        transition="publier",
        actor=None,
        reason="Jeu automatique du Département : publié sans modération.",
    )
    return jeu


def _resource_ensure(jeu: JeuDeDonnees, spec: RessourceAutomatique, ressource) -> Ressource:
    if ressource is not None:
        return ressource
    JeuDeDonnees.objects.select_for_update().filter(pk=jeu.pk).first()
    ressource = jeu.ressources.filter(titre=spec.titre).order_by("pk").first()
    if ressource is not None:
        return ressource
    return services.resource_create(
        jeu=jeu,
        actor=None,
        titre=spec.titre,
        schema=spec.schema,
        description=spec.description,
    )


def _dataset_refresh(auto: JeuAutomatique, bilan: Bilan) -> None:
    jeu = JeuDeDonnees.objects.filter(source_module=auto.code).order_by("pk").first()
    ressources = {}
    if jeu is not None:
        ressources = {
            r.titre: r for r in jeu.ressources.select_related("version_courante").order_by("pk")
        }
    for spec in auto.ressources():
        ressource = ressources.get(spec.titre)
        with _spooled(spec) as (empreinte, lignes):
            if ressource is not None and empreinte == _stored_fingerprint(ressource):
                bilan.inchangees.append(spec.titre)
                continue
            with transaction.atomic():
                jeu = _dataset_ensure(auto, jeu)
                ressource = _resource_ensure(jeu, spec, ressource)
                services.version_create_from_rows(
                    ressource=ressource,
                    colonnes=spec.colonnes,
                    lignes=lignes(),
                    nom_fichier=spec.nom_fichier or f"{auto.code.replace('.', '-')}.csv",
                    actor=None,
                )
            bilan.nouvelles.append(spec.titre)
    bilan.jeu = jeu


def datasets_refresh(*, codes=None, suivi_id=None) -> list[Bilan]:
    """Refresh the automatic datasets (all, or those of `codes`), followed by `suivi_id`.

    Raises `RefreshFailed` (a `ValidationError` whose message names the failed datasets)
    after refreshing the others when a source fails; an unknown code raises `ValueError`.
    """
    bilans: list[Bilan] = []
    with progress_tracking(suivi_id, message="Actualisation des jeux automatiques…"):
        jeux = jeux_automatiques(codes)
        for i, auto in enumerate(jeux):
            progress_update(i, len(jeux), message=f"{auto.titre}…")
            bilan = Bilan(code=auto.code, titre=auto.titre)
            try:
                _dataset_refresh(auto, bilan)
            except Exception as exc:
                logger.exception("Actualisation du jeu automatique %s", auto.code)
                bilan.erreur = _message(exc)
            bilans.append(bilan)
        if any(b.erreur for b in bilans):
            raise RefreshFailed(bilans)
        progress_finish(
            result_url=reverse("opendata:automatiques"),
            result_text="\n".join(b.texte for b in bilans),
            message="Jeux automatiques à jour.",
        )
    return bilans


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return "erreur interne, voir le journal du serveur"
