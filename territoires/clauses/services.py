"""Writes of the clauses module: import, facilitator activity, steps, anonymisation."""

import datetime
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from territoires.core.models import Evenement
from territoires.core.services import document_upload, journal_record, task_launch
from territoires.core.workflow import transition_apply
from territoires.referentiel.models import Commune

from . import imports
from .models import (
    Attribution,
    Contrat,
    ConventionAccompagnement,
    Critere,
    DonneurOrdre,
    Entreprise,
    HeuresMensuelles,
    ImportClauses,
    ImportDecp,
    Lot,
    Marche,
    Operation,
    Participant,
    Reunion,
)

Progress = Callable[[int, int, str], None] | None
LOT = 2000


class ImportRefuse(Exception):
    """The file was rejected: `erreurs` lists every bad row."""

    def __init__(self, erreurs: list[imports.Erreur]):
        super().__init__(f"{len(erreurs)} erreur(s)")
        self.erreurs = erreurs


@dataclass
class ResultatImport:
    crees: dict
    modifies: dict

    def as_dict(self) -> dict:
        return {"crees": self.crees, "modifies": self.modifies}

    def texte(self) -> str:
        noms = {
            "donneurs_ordre": "donneur(s) d'ordre",
            "marches": "marché(s)",
            "lots": "lot(s)",
            "entreprises": "entreprise(s)",
            "participants": "participant(s)",
            "contrats": "contrat(s)",
            "heures": "ligne(s) d'heures",
        }
        crees = ", ".join(f"{self.crees.get(k, 0)} {v}" for k, v in noms.items())
        modifies = sum(self.modifies.values())
        return f"Créés : {crees}. Lignes mises à jour : {modifies}."


def _chunks(values: list, size: int = LOT):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _upsert(model, existing: dict, wanted: dict, build: Callable, fields: list[str]):
    """Create what is missing and update what changed; returns (created, updated, mapping)."""
    to_create = [build(key, values) for key, values in wanted.items() if key not in existing]
    to_update = []
    for key, values in wanted.items():
        obj = existing.get(key)
        if obj is None:
            continue
        changed = False
        for f in fields:
            if getattr(obj, f) != values[f]:
                setattr(obj, f, values[f])
                changed = True
        if changed:
            to_update.append(obj)
    if to_create:
        model.objects.bulk_create(to_create, batch_size=LOT)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=LOT)
    return len(to_create), len(to_update)


def import_appliquer(*, donnees: imports.Donnees, on_progress: Progress = None) -> ResultatImport:
    """Write checked data, upserting by natural keys: a second run changes nothing."""
    crees: dict[str, int] = {}
    modifies: dict[str, int] = {}
    departement = settings.TERRITOIRES_DEPARTEMENT

    def step(message: str, done: int, total: int = 9) -> None:
        if on_progress:
            on_progress(done, total, message)

    with transaction.atomic():
        step("Donneurs d'ordre", 1)
        donneurs = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=donnees.donneurs)}
        wanted = {
            s: {"nom": v["nom"], "categorie": v["categorie"]} for s, v in donnees.donneurs.items()
        }
        crees["donneurs_ordre"], modifies["donneurs_ordre"] = _upsert(
            DonneurOrdre,
            donneurs,
            wanted,
            lambda k, v: DonneurOrdre(siret=k, **v),
            ["nom", "categorie"],
        )
        donneurs = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=donnees.donneurs)}

        step("Opérations et marchés", 2)
        ops_wanted = {(donneurs[s].pk, v["operation"]): {} for (s, _), v in donnees.marches.items()}
        ops = {
            (o.donneur_ordre_id, o.nom): o
            for o in Operation.objects.filter(donneur_ordre__in=donneurs.values())
        }
        Operation.objects.bulk_create(
            [Operation(donneur_ordre_id=d, nom=n) for (d, n) in ops_wanted if (d, n) not in ops]
        )
        ops = {
            (o.donneur_ordre_id, o.nom): o
            for o in Operation.objects.filter(donneur_ordre__in=donneurs.values())
        }
        marches_exist = {
            (m.donneur_ordre.siret, m.reference): m
            for m in Marche.objects.filter(donneur_ordre__in=donneurs.values()).select_related(
                "donneur_ordre"
            )
        }
        wanted = {
            key: {
                "objet": v["objet"],
                "date_notification": v["date_notification"],
                "operation_id": ops[(donneurs[key[0]].pk, v["operation"])].pk,
            }
            for key, v in donnees.marches.items()
        }
        crees["marches"], modifies["marches"] = _upsert(
            Marche,
            marches_exist,
            wanted,
            lambda k, v: Marche(donneur_ordre=donneurs[k[0]], reference=k[1], **v),
            ["objet", "date_notification", "operation_id"],
        )

        step("Lots", 3)
        sirets_do = {s for s, _, _ in donnees.lots} | {
            s for c in donnees.contrats.values() for s, _, _ in c["lots"]
        }
        marches = {
            (m.donneur_ordre.siret, m.reference): m
            for m in Marche.objects.filter(donneur_ordre__siret__in=sirets_do).select_related(
                "donneur_ordre"
            )
        }
        lots_exist = {
            (lot.marche.donneur_ordre.siret, lot.marche.reference, lot.numero): lot
            for lot in Lot.objects.filter(marche__in=marches.values()).select_related(
                "marche__donneur_ordre"
            )
        }
        wanted = {
            k: {"type_clause": v["type_clause"], "heures_prescrites": v["heures"]}
            for k, v in donnees.lots.items()
        }
        crees["lots"], modifies["lots"] = _upsert(
            Lot,
            lots_exist,
            wanted,
            lambda k, v: Lot(marche=marches[(k[0], k[1])], numero=k[2], **v),
            ["type_clause", "heures_prescrites"],
        )
        lots = {}
        for siret, ref, numero, pk in Lot.objects.filter(marche__in=marches.values()).values_list(
            "marche__donneur_ordre__siret", "marche__reference", "numero", "pk"
        ):
            lots[(siret, ref, numero)] = pk

        step("Entreprises", 4)
        communes = dict(
            Commune.objects.filter(
                type=Commune.Type.ACTUELLE,
                code__in={e["commune"] for e in donnees.entreprises.values()}
                | {p["commune"] for p in donnees.participants.values()},
            ).values_list("code", "pk")
        )
        commune_dept = dict(
            Commune.objects.filter(pk__in=communes.values()).values_list("pk", "departement__code")
        )
        entreprises = {e.siret: e for e in Entreprise.objects.filter(siret__in=donnees.entreprises)}
        wanted = {
            s: {"nom": v["nom"], "effectif": v["effectif"], "commune_id": communes[v["commune"]]}
            for s, v in donnees.entreprises.items()
        }
        crees["entreprises"], modifies["entreprises"] = _upsert(
            Entreprise,
            entreprises,
            wanted,
            lambda k, v: Entreprise(siret=k, **v),
            ["nom", "effectif", "commune_id"],
        )
        # Optional columns: a given SIAE kind or role replaces the stored one, a blank keeps it.
        siae_a_changer = [
            e
            for e in Entreprise.objects.filter(siret__in=donnees.entreprises_siae)
            if e.type_employeur != donnees.entreprises_siae[e.siret]
        ]
        for e in siae_a_changer:
            e.type_employeur = donnees.entreprises_siae[e.siret]
        Entreprise.objects.bulk_update(siae_a_changer, ["type_employeur"], batch_size=LOT)
        modifies["entreprises"] += len(siae_a_changer)
        entreprises = dict(
            Entreprise.objects.filter(siret__in=donnees.entreprises).values_list("siret", "pk")
        )
        roles = {
            (lots[lot_key], entreprises[siret]): role
            for (lot_key, siret), role in donnees.roles.items()
        }
        attributions = {
            (lots[lot_key], entreprises[siret])
            for (_, siret, _, _), contrat in donnees.contrats.items()
            for lot_key in contrat["lots"]
        }
        Attribution.objects.bulk_create(
            [
                Attribution(
                    lot_id=lot,
                    entreprise_id=e,
                    role=roles.get((lot, e), Attribution.Role.ATTRIBUTAIRE),
                )
                for lot, e in attributions
            ],
            ignore_conflicts=True,
            batch_size=LOT,
        )
        roles_a_changer = [
            a
            for a in Attribution.objects.filter(
                lot_id__in={lot for lot, _ in roles}, entreprise_id__in={e for _, e in roles}
            )
            if (a.lot_id, a.entreprise_id) in roles and a.role != roles[(a.lot_id, a.entreprise_id)]
        ]
        for a in roles_a_changer:
            a.role = roles[(a.lot_id, a.entreprise_id)]
        Attribution.objects.bulk_update(roles_a_changer, ["role"], batch_size=LOT)
        modifies["attributions"] = len(roles_a_changer)

        step("Participants", 5)
        ids = list(donnees.participants)
        participants = {}
        for chunk in _chunks(ids):
            participants.update(
                {p.identifiant: p for p in Participant.objects.filter(identifiant__in=chunk)}
            )
        wanted = {}
        for ident, v in donnees.participants.items():
            commune_id = communes[v["commune"]]
            wanted[ident] = {
                "sexe": v["sexe"],
                "annee_naissance": v["annee_naissance"],
                "commune_residence_id": commune_id,
                "reside_departement": commune_dept.get(commune_id) == departement,
            }
        crees["participants"], modifies["participants"] = _upsert(
            Participant,
            participants,
            wanted,
            lambda k, v: Participant(identifiant=k, **v),
            ["sexe", "annee_naissance", "commune_residence_id", "reside_departement"],
        )
        participant_pk = {}
        for chunk in _chunks(ids):
            participant_pk.update(
                Participant.objects.filter(identifiant__in=chunk).values_list("identifiant", "pk")
            )
        criteres = dict(Critere.objects.values_list("code", "pk"))
        Through = Participant.criteres.through
        voulus = {
            (participant_pk[i], criteres[c])
            for i, v in donnees.participants.items()
            for c in v["criteres"]
        }
        actuels = set()
        for chunk in _chunks(list(participant_pk.values())):
            actuels.update(
                Through.objects.filter(participant_id__in=chunk).values_list(
                    "participant_id", "critere_id"
                )
            )
        en_trop = actuels - voulus
        for p, c in en_trop:
            Through.objects.filter(participant_id=p, critere_id=c).delete()
        Through.objects.bulk_create(
            [Through(participant_id=p, critere_id=c) for p, c in voulus - actuels],
            batch_size=LOT,
        )
        modifies["criteres"] = len(en_trop) + (len(voulus - actuels) if actuels else 0)

        step("Contrats", 6)
        pks = list(participant_pk.values())
        contrats = {}
        for chunk in _chunks(pks):
            for c in Contrat.objects.filter(participant_id__in=chunk):
                contrats[(c.participant_id, c.entreprise_id, c.type_contrat, c.date_debut)] = c
        wanted = {}
        cle_contrat = {}
        for (ident, siret, type_contrat, debut), v in donnees.contrats.items():
            key = (participant_pk[ident], entreprises[siret], type_contrat, debut)
            cle_contrat[(ident, siret, type_contrat, debut)] = key
            wanted[key] = {"date_fin": v["fin"]}
        crees["contrats"], modifies["contrats"] = _upsert(
            Contrat,
            contrats,
            wanted,
            lambda k, v: Contrat(
                participant_id=k[0], entreprise_id=k[1], type_contrat=k[2], date_debut=k[3], **v
            ),
            ["date_fin"],
        )
        contrat_pk = {}
        for chunk in _chunks(pks):
            for c in Contrat.objects.filter(participant_id__in=chunk).values_list(
                "participant_id", "entreprise_id", "type_contrat", "date_debut", "pk"
            ):
                contrat_pk[c[:4]] = c[4]
        ContratLots = Contrat.lots.through
        ContratLots.objects.bulk_create(
            [
                ContratLots(contrat_id=contrat_pk[cle_contrat[k]], lot_id=lots[lot_key])
                for k, v in donnees.contrats.items()
                for lot_key in v["lots"]
            ],
            ignore_conflicts=True,
            batch_size=LOT,
        )

        step("Heures mensuelles", 7)
        contrat_ids = list(set(contrat_pk.values()))
        existantes = {}
        for chunk in _chunks(contrat_ids):
            for pk, contrat_id, lot_id, mois, heures in HeuresMensuelles.objects.filter(
                contrat_id__in=chunk
            ).values_list("pk", "contrat_id", "lot_id", "mois", "heures"):
                existantes[(contrat_id, lot_id, mois)] = (pk, heures)
        nouvelles = []
        changees = []
        ops = connection.ops
        for (ck, lot_key, mois), heures in donnees.heures.items():
            key = cle_contrat[ck]
            contrat_id = contrat_pk[key]
            lot_id = lots[lot_key]
            found = existantes.get((contrat_id, lot_id, mois))
            if found is None:
                nouvelles.append(
                    (
                        contrat_id,
                        lot_id,
                        key[0],
                        key[1],
                        ops.adapt_datefield_value(mois),
                        ops.adapt_decimalfield_value(heures, 8, 2),
                    )
                )
            elif found[1] != heures:
                changees.append(HeuresMensuelles(pk=found[0], heures=heures))
        total = len(nouvelles)
        # Plain parameterised INSERTs: building 100,000 model instances costs more than the
        # database work itself.
        table = connection.ops.quote_name(HeuresMensuelles._meta.db_table)
        # The table name comes from the model; the values are parameters.
        colonnes = "contrat_id, lot_id, participant_id, entreprise_id, mois, heures"
        sql = f"INSERT INTO {table} ({colonnes}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
        with connection.cursor() as cursor:
            for index, chunk in enumerate(_chunks(nouvelles, 10000)):
                if connection.vendor == "postgresql":
                    # COPY is several times faster than INSERTs on PostgreSQL.
                    with cursor.cursor.copy(f"COPY {table} ({colonnes}) FROM STDIN") as copy:
                        for row in chunk:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, chunk)
                if on_progress:
                    fait = min((index + 1) * 10000, total)
                    on_progress(7, 9, f"Heures mensuelles : {fait} sur {total}")
        HeuresMensuelles.objects.bulk_update(changees, ["heures"], batch_size=LOT)
        crees["heures"], modifies["heures"] = len(nouvelles), len(changees)
        step("Terminé", 9)
    return ResultatImport(crees=crees, modifies=modifies)


def import_fichiers(
    *,
    fichier,
    fichier_heures=None,
    on_progress: Progress = None,
) -> ResultatImport:
    """Read, check and write a workbook (or marches.csv + heures.csv). All or nothing.

    Raises `imports.FichierIllisible` or `ImportRefuse` (with every bad row): nothing written.
    """
    if on_progress:
        on_progress(0, 9, "Lecture du fichier")
    if fichier_heures is not None:
        marches, heures = imports.lire_csv(fichier, fichier_heures)
    else:
        marches, heures = imports.lire_classeur(fichier)

    def validation_progress(done: int, total: int) -> None:
        if on_progress:
            on_progress(0, 9, f"Vérification : ligne {done} sur {total}")

    donnees, erreurs = imports.valider(marches, heures, on_progress=validation_progress)
    if erreurs:
        raise ImportRefuse(erreurs)
    return import_appliquer(donnees=donnees, on_progress=on_progress)


def import_lancer(*, fichier, fichier_heures=None, user, organisation) -> ImportClauses:
    """Store the uploaded file(s) (core documents) and run the import as a background task."""
    from .tasks import clauses_import_task

    with transaction.atomic():
        doc = document_upload(
            file=fichier,
            owner_organisation=organisation,
            uploaded_by=user,
            allowed_types=("xlsx", "csv", "txt"),
        )
        doc_heures = None
        if fichier_heures is not None:
            doc_heures = document_upload(
                file=fichier_heures,
                owner_organisation=organisation,
                uploaded_by=user,
                allowed_types=("csv", "txt"),
            )
        import_ = ImportClauses.objects.create(
            fichier=doc, fichier_heures=doc_heures, cree_par=user
        )
        suivi = task_launch(
            task=clauses_import_task,
            owner=user,
            label=f"Import du classeur « {doc.nom_original} »",
            import_id=import_.pk,
        )
        ImportClauses.objects.filter(pk=import_.pk).update(tache=suivi)
    import_.refresh_from_db()
    return import_


def import_executer(*, import_: ImportClauses, on_progress: Progress = None) -> ImportClauses:
    """Run a stored import; its row records the outcome (errors or summary)."""
    fichier = import_.fichier.fichier.open("rb")
    fichier_heures = import_.fichier_heures.fichier.open("rb") if import_.fichier_heures else None
    try:
        resultat = import_fichiers(
            fichier=fichier, fichier_heures=fichier_heures, on_progress=on_progress
        )
    except ImportRefuse as refus:
        import_.statut = ImportClauses.Statut.REFUSE
        import_.erreurs = [e.as_dict() for e in refus.erreurs]
    except imports.FichierIllisible as exc:
        import_.statut = ImportClauses.Statut.REFUSE
        import_.erreurs = [{"feuille": "", "ligne": 0, "message": str(exc)}]
    else:
        import_.statut = ImportClauses.Statut.IMPORTE
        import_.resume = resultat.as_dict() | {"texte": resultat.texte()}
    finally:
        fichier.close()
        if fichier_heures:
            fichier_heures.close()
    import_.save(update_fields=["statut", "erreurs", "resume"])
    journal_record(
        obj=import_,
        actor=import_.cree_par,
        action=Evenement.Action.AUTRE,
        description=f"Import {import_.get_statut_display().lower()} "
        f"({len(import_.erreurs)} erreur(s))",
    )
    return import_


# --- Facilitator activity -----------------------------------------------------------------------


def marche_avancer(*, marche: Marche, transition: str, actor, reason: str = "") -> Marche:
    transition_apply(obj=marche, transition=transition, actor=actor, reason=reason)
    return marche


@transaction.atomic
def marche_planifier(*, marche: Marche, duree_mois: int, actor) -> Marche:
    from territoires.core.services import track_changes

    with track_changes(marche, actor=actor, fields=["duree_mois"]):
        marche.duree_mois = duree_mois
        marche.save(update_fields=["duree_mois"])
    return marche


@transaction.atomic
def reunion_creer(
    *, marche: Marche | None, type: str, date: datetime.date, compte_rendu: str, actor
) -> Reunion:
    reunion = Reunion.objects.create(marche=marche, type=type, date=date, compte_rendu=compte_rendu)
    journal_record(
        obj=marche or reunion,
        actor=actor,
        action=Evenement.Action.CREATION,
        description=f"{reunion.get_type_display()} du {date:%d/%m/%Y}",
    )
    return reunion


@transaction.atomic
def convention_creer(
    *, donneur_ordre: DonneurOrdre, objet: str, date_signature: datetime.date, actor
) -> ConventionAccompagnement:
    convention = ConventionAccompagnement.objects.create(
        donneur_ordre=donneur_ordre, objet=objet, date_signature=date_signature
    )
    journal_record(
        obj=convention, actor=actor, action=Evenement.Action.CREATION, description=str(convention)
    )
    return convention


@transaction.atomic
def lot_calibrer(
    *, lot: Lot, montant, part_main_oeuvre_pct, taux_insertion_pct, cout_horaire, actor
) -> Lot:
    """Record the calculator's inputs and set the lot's hours to its result."""
    from .models import heures_calculateur

    heures = heures_calculateur(
        montant=montant,
        part_main_oeuvre_pct=part_main_oeuvre_pct,
        taux_insertion_pct=taux_insertion_pct,
        cout_horaire=cout_horaire,
    )
    if heures is None:
        raise ValidationError("Renseignez les quatre valeurs du calcul (coût horaire non nul).")
    from territoires.core.services import track_changes

    with track_changes(lot, actor=actor, reason="Calcul des heures prescrites"):
        lot.calcul_montant = montant
        lot.calcul_part_main_oeuvre_pct = part_main_oeuvre_pct
        lot.calcul_taux_insertion_pct = taux_insertion_pct
        lot.calcul_cout_horaire = cout_horaire
        lot.heures_prescrites = heures
        lot.save()
    return lot


# --- GDPR ------------------------------------------------------------------------------------


def participant_consultation_journaliser(*, participant: Participant, user) -> None:
    """Every opening of a participant's record leaves a line in the journal."""
    journal_record(
        obj=participant,
        actor=user,
        action=Evenement.Action.AUTRE,
        description="Consultation de la fiche participant",
    )


def participants_consultation_journaliser(
    *, participants: list[Participant], user, description: str = "Consultation de la liste"
) -> None:
    """One journal line per participant shown in a list, written in one query."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Participant)
    vus = {p.pk: p for p in participants}
    Evenement.objects.bulk_create(
        Evenement(
            content_type=content_type,
            object_id=str(p.pk),
            objet_libelle=str(p)[:255],
            acteur=user,
            action=Evenement.Action.AUTRE,
            description=description[:255],
        )
        for p in vus.values()
    )


def participants_a_anonymiser(*, aujourd_hui: datetime.date | None = None, delai_annees: int):
    aujourd_hui = aujourd_hui or timezone.localdate()
    limite = datetime.date(aujourd_hui.year - delai_annees, aujourd_hui.month, 1)
    return (
        Participant.objects.filter(anonymise_le__isnull=True)
        .annotate(dernier_mois=Max("heures__mois"))
        .filter(dernier_mois__lt=limite)
    )


@transaction.atomic
def participants_anonymiser(*, aujourd_hui: datetime.date | None = None, actor=None) -> int:
    """Anonymise participants whose last hours are older than the configured delay.

    The identifier becomes random, the birth year and the commune are erased; sex, criteria
    and `reside_departement` stay, so that no yearly report changes.
    """
    from .models import Configuration

    config = Configuration.courante()
    candidats = list(
        participants_a_anonymiser(
            aujourd_hui=aujourd_hui, delai_annees=config.delai_anonymisation_annees
        ).values_list("pk", flat=True)
    )
    maintenant = timezone.now()
    for pk in candidats:
        Participant.objects.filter(pk=pk).update(
            identifiant=f"ANONYME-{secrets.token_hex(8)}",
            annee_naissance=None,
            commune_residence=None,
            anonymise_le=maintenant,
        )
    if candidats:
        journal_record(
            obj=config,
            actor=actor,
            action=Evenement.Action.AUTRE,
            description=f"Anonymisation de {len(candidats)} participant(s)",
        )
    return len(candidats)


# --- Companies -----------------------------------------------------------------------------------

ENTREPRISE_CHAMPS = ["siret", "nom", "effectif", "commune", "type_employeur", "organisation"]


@transaction.atomic
def entreprise_enregistrer(*, entreprise_id: int | None, donnees: dict, actor) -> Entreprise:
    """Create or edit a company from checked form data (journaled field by field)."""
    from territoires.core.services import track_changes

    valeurs = {
        "siret": donnees["siret"],
        "nom": donnees["nom"],
        "effectif": donnees.get("effectif"),
        "commune": donnees.get("commune_code"),
        "type_employeur": donnees.get("type_employeur") or "",
        "organisation": donnees.get("organisation"),
    }
    if entreprise_id is None:
        entreprise = Entreprise.objects.create(**valeurs)
        journal_record(
            obj=entreprise,
            actor=actor,
            action=Evenement.Action.CREATION,
            description=str(entreprise),
        )
        return entreprise
    entreprise = Entreprise.objects.select_for_update().get(pk=entreprise_id)
    with track_changes(entreprise, actor=actor):
        for champ, valeur in valeurs.items():
            setattr(entreprise, champ, valeur)
        entreprise.full_clean()
        entreprise.save()
    return entreprise


@transaction.atomic
def attribution_enregistrer(*, lot: Lot, entreprise: Entreprise, role: str, actor) -> Attribution:
    """Add a company to a lot, or change its role (attributaire, co-traitant, sous-traitant)."""
    attribution, cree = Attribution.objects.get_or_create(
        lot=lot, entreprise=entreprise, defaults={"role": role}
    )
    if not cree and attribution.role != role:
        ancien = attribution.get_role_display()
        attribution.role = role
        attribution.save(update_fields=["role"])
        description = (
            f"{entreprise} : {ancien} → {attribution.get_role_display()} (lot {lot.numero})"
        )
    elif cree:
        description = f"{attribution} ajoutée au lot {lot.numero}"
    else:
        return attribution
    journal_record(
        obj=lot.marche, actor=actor, action=Evenement.Action.MODIFICATION, description=description
    )
    return attribution


@transaction.atomic
def attribution_retirer(*, lot: Lot, entreprise: Entreprise, actor) -> None:
    """Remove a company from a lot; refused once it has hours on the lot."""
    if HeuresMensuelles.objects.filter(lot=lot, entreprise=entreprise).exists():
        raise ValidationError(
            f"{entreprise} a des heures sur le lot {lot.numero} : elle ne peut pas en être retirée."
        )
    supprimees, _ = Attribution.objects.filter(lot=lot, entreprise=entreprise).delete()
    if supprimees:
        journal_record(
            obj=lot.marche,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description=f"{entreprise} retirée du lot {lot.numero}",
        )


# --- DECP ----------------------------------------------------------------------------------------


def decp_lancer(*, fichier, user, organisation) -> ImportDecp:
    """Store the uploaded DECP file (core documents) and read it in a background task."""
    from .tasks import clauses_decp_task

    with transaction.atomic():
        doc = document_upload(
            file=fichier, owner_organisation=organisation, uploaded_by=user, allowed_types=("json",)
        )
        import_ = ImportDecp.objects.create(fichier=doc, cree_par=user)
        suivi = task_launch(
            task=clauses_decp_task,
            owner=user,
            label=f"Lecture des DECP « {doc.nom_original} »",
            import_id=import_.pk,
        )
        ImportDecp.objects.filter(pk=import_.pk).update(tache=suivi)
    import_.refresh_from_db()
    return import_


def decp_executer(*, import_: ImportDecp, on_progress=None) -> ImportDecp:
    """Run the same reading as `territoires clauses import-decp` on a stored file."""
    from . import decp

    try:
        with import_.fichier.fichier.open("rb") as f:
            marches = decp.lire(f)
        resultat = decp.importer(marches, on_progress=on_progress)
    except decp.DecpIllisible as exc:
        import_.statut = ImportDecp.Statut.REFUSE
        import_.erreur = str(exc)
    else:
        import_.statut = ImportDecp.Statut.IMPORTE
        import_.resultat = {
            "lus": resultat.lus,
            "crees": [m.pk for m in resultat.crees],
            "completes": [m.pk for m in resultat.completes],
            "non_suivis": [decp.vers_dict(m) for m in resultat.non_suivis],
        }
    import_.save(update_fields=["statut", "erreur", "resultat"])
    journal_record(
        obj=import_,
        actor=import_.cree_par,
        action=Evenement.Action.AUTRE,
        description=f"Lecture DECP : {import_.get_statut_display().lower()}",
    )
    return import_


@transaction.atomic
def decp_suivre(
    *, import_: ImportDecp, siret: str, nom: str, categorie: str, actor
) -> tuple[DonneurOrdre, list[Marche]]:
    """Start following a buyer listed as not followed: its « Clause sociale » marchés of the
    file become marchés of the module (already there: left as they are)."""
    from . import decp

    enregistrements = [
        decp.depuis_dict(d)
        for d in import_.resultat.get("non_suivis", [])
        if d["acheteur_siret"] == siret
    ]
    if not enregistrements:
        raise ValidationError("Cet acheteur n'est pas dans la liste des marchés non suivis.")
    donneur = DonneurOrdre.objects.filter(siret=siret).first()
    if donneur is None:
        donneur = DonneurOrdre(siret=siret, nom=nom, categorie=categorie, suivi=True)
        donneur.full_clean()
        donneur.save()
        journal_record(
            obj=donneur, actor=actor, action=Evenement.Action.CREATION, description=str(donneur)
        )
    elif not donneur.suivi:
        donneur.suivi = True
        donneur.save(update_fields=["suivi"])
        journal_record(
            obj=donneur,
            actor=actor,
            action=Evenement.Action.MODIFICATION,
            description="Suivi par la facilitatrice",
        )
    crees = []
    for m in enregistrements:
        if not Marche.objects.filter(donneur_ordre=donneur, reference=m.id).exists():
            marche = decp.marche_creer(donneur=donneur, m=m)
            journal_record(
                obj=marche,
                actor=actor,
                action=Evenement.Action.CREATION,
                description="Créé depuis les DECP",
            )
            crees.append(marche)
    return donneur, crees


def anonymisation_quotidienne(*, aujourd_hui: datetime.date | None = None) -> bool:
    """Enqueue today's anonymisation if nobody did yet (True when this call enqueued it).

    Called when the facilitator opens the module: the first visit of the day claims the day
    with one conditional UPDATE (a single winner across processes), and the run happens in the
    background worker. `participants_anonymiser` is idempotent, so a run too many is harmless;
    production also schedules `territoires clauses anonymiser` daily (README).
    """
    from .models import Configuration
    from .tasks import clauses_anonymiser_task

    aujourd_hui = aujourd_hui or timezone.localdate()
    config = Configuration.courante()
    if config.anonymisation_derniere == aujourd_hui:
        return False
    reclame = (
        Configuration.objects.filter(pk=config.pk)
        .exclude(anonymisation_derniere=aujourd_hui)
        .update(anonymisation_derniere=aujourd_hui)
    )
    if not reclame:
        return False
    transaction.on_commit(lambda: clauses_anonymiser_task.enqueue())
    return True


@transaction.atomic
def donneur_ordre_modifier(*, donneur_id: int, donnees: dict, actor) -> DonneurOrdre:
    """Edit a buyer: name, category, followed or not, and the account that sees its marchés."""
    from territoires.core.services import track_changes

    donneur = DonneurOrdre.objects.select_for_update().get(pk=donneur_id)
    with track_changes(donneur, actor=actor):
        for champ in ("nom", "categorie", "organisation", "suivi"):
            setattr(donneur, champ, donnees[champ])
        donneur.save()
    return donneur
