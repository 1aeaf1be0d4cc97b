"""Writing the checked data of a workbook, upserting by natural keys (a second run changes
nothing)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from territoires.referentiel.models import Commune

from ..imports.donnees import Donnees
from ..models import (
    Attribution,
    Contrat,
    Critere,
    DonneurOrdre,
    Entreprise,
    HeuresMensuelles,
    Lot,
    Marche,
    Operation,
    Participant,
)

Progress = Callable[[int, int, str], None] | None
LOT = 2000


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


def import_apply(*, donnees: Donnees, on_progress: Progress = None) -> ResultatImport:
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
