"""`territoires donnees publier FICHIER --organisation SIREN --titre "…" [--schema NOM]
[--jeu SLUG]`: create or update a dataset from the command line and publish a new version.

Same checks as the screens (hostile-file guard, reading, types detected, schema), all or
nothing: a refused file leaves nothing behind (no dataset created, the previous version
current). Progress on the error output.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from territoires.comptes.models import Organisation
from territoires.opendata import services, tabulaire
from territoires.opendata.models import JeuDeDonnees, VersionRessource
from territoires.opendata.services.ressources import schema_check

ERREURS_AFFICHEES = 50


class Refus(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Publie un fichier (CSV, XLSX, ODS, JSON, GeoJSON) comme nouvelle version d'un jeu de "
        "données de l'organisation : crée le jeu (--titre) ou met à jour un jeu existant "
        "(--jeu). Tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="chemin du fichier de données")
        parser.add_argument("--organisation", required=True, help="SIREN de l'organisation")
        parser.add_argument("--titre", help="titre du jeu de données (obligatoire pour un nouveau)")
        parser.add_argument("--schema", default=None, help="nom d'un schéma livré (facultatif)")
        parser.add_argument("--jeu", default=None, help="slug d'un jeu existant à mettre à jour")

    def handle(self, *args, fichier, organisation, titre, schema, jeu, **options):
        chemin = Path(fichier)
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        org = self._organisation(organisation)
        barre = tqdm(unit="ligne", disable=options["verbosity"] == 0, file=self.stderr)

        def on_progress(done: int, total: int | None) -> None:
            barre.total = total
            barre.n = done
            barre.refresh()

        version = None
        try:
            with transaction.atomic():
                cible = self._dataset(org, slug=jeu, titre=titre)
                ressource = self._resource(cible, schema=schema, nom=chemin.name)
                with chemin.open("rb") as handle:
                    version = services.version_upload(
                        ressource=ressource, actor=None, fichier=File(handle, name=chemin.name)
                    )
                version = services.version_confirm(
                    version=version,
                    actor=None,
                    colonnes=[{"nom": c["nom"], "type": c["type"]} for c in version.colonnes],
                    on_progress=on_progress,
                )
                if version.statut != VersionRessource.Statut.PRETE:
                    raise Refus()
                if cible.statut in (JeuDeDonnees.Statut.BROUILLON, JeuDeDonnees.Statut.DEPUBLIE):
                    services.dataset_publish(jeu=cible, actor=None)
        except Refus:
            barre.close()
            self._report(version)
            raise CommandError("Fichier refusé : rien n'a été enregistré.") from None
        except ValidationError as exc:
            barre.close()
            self._drop(version)
            raise CommandError(" ".join(exc.messages)) from None
        except BaseException:
            barre.close()
            self._drop(version)
            raise
        barre.close()
        self._success(cible, version)

    @staticmethod
    def _organisation(siren: str) -> Organisation:
        siren = siren.replace(" ", "")
        candidates = list(Organisation.objects.filter(siren=siren, actif=True)[:5])
        if not candidates:
            raise CommandError(f"Aucune organisation active n'a le SIREN {siren}.")
        if len(candidates) > 1:
            noms = ", ".join(o.nom for o in candidates)
            raise CommandError(
                f"Plusieurs organisations ont le SIREN {siren} ({noms}) : publiez depuis "
                "l'interface en choisissant l'organisation."
            )
        return candidates[0]

    @staticmethod
    def _dataset(org, *, slug, titre) -> JeuDeDonnees:
        if slug:
            cible = JeuDeDonnees.objects.filter(slug=slug).first()
            if cible is None or cible.organisation_id != org.pk:
                raise CommandError(f"Aucun jeu « {slug} » pour l'organisation {org}.")
            if cible.est_automatique:
                raise CommandError(f"Le jeu « {slug} » est publié automatiquement par un module.")
            if titre and titre != cible.titre:
                services.dataset_update(jeu=cible, actor=None, titre=titre)
            return cible
        if not titre:
            raise CommandError("Donnez le titre du nouveau jeu (--titre), ou son slug (--jeu).")
        return services.dataset_create(organisation=org, actor=None, titre=titre)

    @staticmethod
    def _resource(jeu, *, schema, nom):
        ressource = jeu.ressources.order_by("pk").first()
        if schema is not None:
            try:
                schema = schema_check(schema)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        if ressource is None:
            return services.resource_create(
                jeu=jeu, actor=None, titre=Path(nom).stem, schema=schema or ""
            )
        if schema is not None and schema != ressource.schema:
            services.resource_schema_set(ressource=ressource, actor=None, schema=schema)
        return ressource

    @staticmethod
    def _drop(version) -> None:
        if version is not None and version.table:
            tabulaire.table_drop(cle=version.table)

    def _report(self, version) -> None:
        rapport = version.validation if version is not None else {}
        if rapport.get("message"):
            self.stderr.write(rapport["message"])
        for erreur in rapport.get("erreurs", [])[:ERREURS_AFFICHEES]:
            colonne = f", colonne « {erreur['colonne']} »" if erreur.get("colonne") else ""
            self.stderr.write(f"Ligne {erreur.get('ligne') or '—'}{colonne} : {erreur['message']}")
        reste = rapport.get("total", 0) - ERREURS_AFFICHEES
        if reste > 0:
            self.stderr.write(f"… et {reste} autre(s) erreur(s).")

    def _success(self, jeu, version) -> None:
        etat = (
            "en attente de modération par le responsable des données"
            if jeu.statut == JeuDeDonnees.Statut.EN_MODERATION
            else jeu.get_statut_display().lower()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Jeu « {jeu.titre} » ({jeu.slug}) : version {version.numero} publiée, "
                f"{version.nb_lignes} lignes (+{version.lignes_ajoutees} / "
                f"−{version.lignes_retirees}). Jeu {etat}."
            )
        )
