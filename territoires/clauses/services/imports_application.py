"""Writing the checked data of a workbook, upserting by natural keys (a second run changes
nothing)."""

from collections.abc import Callable
from dataclasses import dataclass, field

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

    def step(message: str, done: int, total: int = 9) -> None:
        if on_progress:
            on_progress(done, total, message)

    ecriture = _Ecriture(donnees=donnees)
    with transaction.atomic():
        step("Donneurs d'ordre", 1)
        _donneurs_apply(ecriture)
        step("Opérations et marchés", 2)
        _marches_apply(ecriture)
        step("Lots", 3)
        _lots_apply(ecriture)
        step("Entreprises", 4)
        _entreprises_apply(ecriture)
        _attributions_apply(ecriture)
        step("Participants", 5)
        _participants_apply(ecriture)
        _criteres_apply(ecriture)
        step("Contrats", 6)
        _contrats_apply(ecriture)
        step("Heures mensuelles", 7)
        _heures_apply(ecriture, on_progress)
        step("Terminé", 9)
    return ResultatImport(crees=ecriture.crees, modifies=ecriture.modifies)


@dataclass
class _Ecriture:
    """What one import writes, and the keys each step leaves to the next ones."""

    donnees: Donnees
    crees: dict[str, int] = field(default_factory=dict)
    modifies: dict[str, int] = field(default_factory=dict)
    donneurs: dict[str, DonneurOrdre] = field(default_factory=dict)  # SIRET → buyer
    lots: dict[tuple, int] = field(default_factory=dict)  # (SIRET, ref, lot) → pk
    communes: dict[str, int] = field(default_factory=dict)  # INSEE code → pk
    entreprises: dict[str, int] = field(default_factory=dict)  # SIRET → pk
    participants: dict[str, int] = field(default_factory=dict)  # identifier → pk
    cles_contrat: dict[tuple, tuple] = field(default_factory=dict)  # file key → database key
    contrats: dict[tuple, int] = field(default_factory=dict)  # database key → pk


def _donneurs_apply(e: _Ecriture) -> None:
    sirets = e.donnees.donneurs
    existants = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=sirets)}
    wanted = {s: {"nom": v["nom"], "categorie": v["categorie"]} for s, v in sirets.items()}
    e.crees["donneurs_ordre"], e.modifies["donneurs_ordre"] = _upsert(
        DonneurOrdre,
        existants,
        wanted,
        lambda k, v: DonneurOrdre(siret=k, **v),
        ["nom", "categorie"],
    )
    e.donneurs = {d.siret: d for d in DonneurOrdre.objects.filter(siret__in=sirets)}


def _marches_apply(e: _Ecriture) -> None:
    """The operations (created when missing, never changed), then the marchés."""
    donneurs = e.donneurs
    # A dict, not a set: operations are created in the order of the file.
    ops_wanted = dict.fromkeys(
        (donneurs[s].pk, v["operation"]) for (s, _), v in e.donnees.marches.items()
    )
    operations = Operation.objects.filter(donneur_ordre__in=donneurs.values())
    ops = {(o.donneur_ordre_id, o.nom): o for o in operations}
    Operation.objects.bulk_create(
        [Operation(donneur_ordre_id=d, nom=n) for (d, n) in ops_wanted if (d, n) not in ops]
    )
    ops = {(o.donneur_ordre_id, o.nom): o for o in operations.all()}
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
        for key, v in e.donnees.marches.items()
    }
    e.crees["marches"], e.modifies["marches"] = _upsert(
        Marche,
        marches_exist,
        wanted,
        lambda k, v: Marche(donneur_ordre=donneurs[k[0]], reference=k[1], **v),
        ["objet", "date_notification", "operation_id"],
    )


def _lots_apply(e: _Ecriture) -> None:
    """The lots of the sheet marches; then the keys of every lot the sheet heures names."""
    donnees = e.donnees
    sirets_do = {s for s, _, _ in donnees.lots} | {
        s for c in donnees.contrats.values() for s, _, _ in c["lots"]
    }
    marches = {
        (m.donneur_ordre.siret, m.reference): m
        for m in Marche.objects.filter(donneur_ordre__siret__in=sirets_do).select_related(
            "donneur_ordre"
        )
    }
    lots = Lot.objects.filter(marche__in=marches.values())
    lots_exist = {
        (lot.marche.donneur_ordre.siret, lot.marche.reference, lot.numero): lot
        for lot in lots.select_related("marche__donneur_ordre")
    }
    wanted = {
        k: {"type_clause": v["type_clause"], "heures_prescrites": v["heures"]}
        for k, v in donnees.lots.items()
    }
    e.crees["lots"], e.modifies["lots"] = _upsert(
        Lot,
        lots_exist,
        wanted,
        lambda k, v: Lot(marche=marches[(k[0], k[1])], numero=k[2], **v),
        ["type_clause", "heures_prescrites"],
    )
    for siret, ref, numero, pk in lots.all().values_list(
        "marche__donneur_ordre__siret", "marche__reference", "numero", "pk"
    ):
        e.lots[(siret, ref, numero)] = pk


def _entreprises_apply(e: _Ecriture) -> None:
    """The companies, and their kind of SIAE when the optional column gives it."""
    donnees = e.donnees
    e.communes = dict(
        Commune.objects.filter(
            type=Commune.Type.ACTUELLE,
            code__in={v["commune"] for v in donnees.entreprises.values()}
            | {p["commune"] for p in donnees.participants.values()},
        ).values_list("code", "pk")
    )
    existantes = {x.siret: x for x in Entreprise.objects.filter(siret__in=donnees.entreprises)}
    wanted = {
        s: {"nom": v["nom"], "effectif": v["effectif"], "commune_id": e.communes[v["commune"]]}
        for s, v in donnees.entreprises.items()
    }
    e.crees["entreprises"], e.modifies["entreprises"] = _upsert(
        Entreprise,
        existantes,
        wanted,
        lambda k, v: Entreprise(siret=k, **v),
        ["nom", "effectif", "commune_id"],
    )
    # Optional columns: a given SIAE kind or role replaces the stored one, a blank keeps it.
    siae_a_changer = [
        x
        for x in Entreprise.objects.filter(siret__in=donnees.entreprises_siae)
        if x.type_employeur != donnees.entreprises_siae[x.siret]
    ]
    for x in siae_a_changer:
        x.type_employeur = donnees.entreprises_siae[x.siret]
    Entreprise.objects.bulk_update(siae_a_changer, ["type_employeur"], batch_size=LOT)
    e.modifies["entreprises"] += len(siae_a_changer)
    e.entreprises = dict(
        Entreprise.objects.filter(siret__in=donnees.entreprises).values_list("siret", "pk")
    )


def _attributions_apply(e: _Ecriture) -> None:
    """Each company with hours on a lot is on it; a role given in the file replaces its own."""
    lots, entreprises = e.lots, e.entreprises
    roles = {
        (lots[lot_key], entreprises[siret]): role
        for (lot_key, siret), role in e.donnees.roles.items()
    }
    attributions = {
        (lots[lot_key], entreprises[siret])
        for (_, siret, _, _), contrat in e.donnees.contrats.items()
        for lot_key in contrat["lots"]
    }
    Attribution.objects.bulk_create(
        [
            Attribution(
                lot_id=lot,
                entreprise_id=entreprise,
                role=roles.get((lot, entreprise), Attribution.Role.ATTRIBUTAIRE),
            )
            for lot, entreprise in attributions
        ],
        ignore_conflicts=True,
        batch_size=LOT,
    )
    roles_a_changer = [
        a
        for a in Attribution.objects.filter(
            lot_id__in={lot for lot, _ in roles}, entreprise_id__in={x for _, x in roles}
        )
        if (a.lot_id, a.entreprise_id) in roles and a.role != roles[(a.lot_id, a.entreprise_id)]
    ]
    for a in roles_a_changer:
        a.role = roles[(a.lot_id, a.entreprise_id)]
    Attribution.objects.bulk_update(roles_a_changer, ["role"], batch_size=LOT)
    e.modifies["attributions"] = len(roles_a_changer)


def _participants_apply(e: _Ecriture) -> None:
    """The participants, `reside_departement` read from their commune."""
    donnees = e.donnees
    departement = settings.TERRITOIRES_DEPARTEMENT
    commune_dept = dict(
        Commune.objects.filter(pk__in=e.communes.values()).values_list("pk", "departement__code")
    )
    ids = list(donnees.participants)
    existants = {}
    for chunk in _chunks(ids):
        existants.update(
            {p.identifiant: p for p in Participant.objects.filter(identifiant__in=chunk)}
        )
    wanted = {}
    for ident, v in donnees.participants.items():
        commune_id = e.communes[v["commune"]]
        wanted[ident] = {
            "sexe": v["sexe"],
            "annee_naissance": v["annee_naissance"],
            "commune_residence_id": commune_id,
            "reside_departement": commune_dept.get(commune_id) == departement,
        }
    e.crees["participants"], e.modifies["participants"] = _upsert(
        Participant,
        existants,
        wanted,
        lambda k, v: Participant(identifiant=k, **v),
        ["sexe", "annee_naissance", "commune_residence_id", "reside_departement"],
    )
    for chunk in _chunks(ids):
        e.participants.update(
            Participant.objects.filter(identifiant__in=chunk).values_list("identifiant", "pk")
        )


def _criteres_apply(e: _Ecriture) -> None:
    """The participants' criteria become those of the file (added and removed)."""
    criteres = dict(Critere.objects.values_list("code", "pk"))
    Through = Participant.criteres.through
    voulus = {
        (e.participants[i], criteres[c])
        for i, v in e.donnees.participants.items()
        for c in v["criteres"]
    }
    actuels = set()
    for chunk in _chunks(list(e.participants.values())):
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
    e.modifies["criteres"] = len(en_trop) + (len(voulus - actuels) if actuels else 0)


def _contrats_apply(e: _Ecriture) -> None:
    """The contracts (end date updated), and the lots each one works on."""
    pks = list(e.participants.values())
    existants = {}
    for chunk in _chunks(pks):
        for c in Contrat.objects.filter(participant_id__in=chunk):
            existants[(c.participant_id, c.entreprise_id, c.type_contrat, c.date_debut)] = c
    wanted = {}
    for (ident, siret, type_contrat, debut), v in e.donnees.contrats.items():
        key = (e.participants[ident], e.entreprises[siret], type_contrat, debut)
        e.cles_contrat[(ident, siret, type_contrat, debut)] = key
        wanted[key] = {"date_fin": v["fin"]}
    e.crees["contrats"], e.modifies["contrats"] = _upsert(
        Contrat,
        existants,
        wanted,
        lambda k, v: Contrat(
            participant_id=k[0], entreprise_id=k[1], type_contrat=k[2], date_debut=k[3], **v
        ),
        ["date_fin"],
    )
    for chunk in _chunks(pks):
        for c in Contrat.objects.filter(participant_id__in=chunk).values_list(
            "participant_id", "entreprise_id", "type_contrat", "date_debut", "pk"
        ):
            e.contrats[c[:4]] = c[4]
    ContratLots = Contrat.lots.through
    ContratLots.objects.bulk_create(
        [
            ContratLots(contrat_id=e.contrats[e.cles_contrat[k]], lot_id=e.lots[lot_key])
            for k, v in e.donnees.contrats.items()
            for lot_key in v["lots"]
        ],
        ignore_conflicts=True,
        batch_size=LOT,
    )


def _heures_apply(e: _Ecriture, on_progress: Progress) -> None:
    """The monthly hours: new rows inserted in bulk, changed ones updated."""
    nouvelles, changees = _heures_nouvelles_et_changees(e)
    _heures_inserer(nouvelles, on_progress)
    HeuresMensuelles.objects.bulk_update(changees, ["heures"], batch_size=LOT)
    e.crees["heures"], e.modifies["heures"] = len(nouvelles), len(changees)


def _heures_nouvelles_et_changees(e: _Ecriture) -> tuple[list[tuple], list[HeuresMensuelles]]:
    existantes = {}
    for chunk in _chunks(list(set(e.contrats.values()))):
        for pk, contrat_id, lot_id, mois, heures in HeuresMensuelles.objects.filter(
            contrat_id__in=chunk
        ).values_list("pk", "contrat_id", "lot_id", "mois", "heures"):
            existantes[(contrat_id, lot_id, mois)] = (pk, heures)
    nouvelles = []
    changees = []
    ops = connection.ops
    for (ck, lot_key, mois), heures in e.donnees.heures.items():
        key = e.cles_contrat[ck]
        contrat_id = e.contrats[key]
        lot_id = e.lots[lot_key]
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
    return nouvelles, changees


def _heures_inserer(nouvelles: list[tuple], on_progress: Progress) -> None:
    """Plain parameterised INSERTs (COPY on PostgreSQL): building 100,000 model instances
    costs more than the database work itself."""
    total = len(nouvelles)
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
