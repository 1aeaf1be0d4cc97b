"""Reading DECP v2 files (données essentielles de la commande publique, schéma 2.0.x).

`services.decp` pre-fills the marchés of the buyers the facilitator follows, and lists those
flagged « Clause sociale » that are not followed yet. DECP carries neither lots nor hours: the
workbook stays the source of those.
"""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import ijson
from django.conf import settings

from territoires.core.dates import Fenetre, date_hors_fenetre
from territoires.core.zipguard import taille_lisible

CLAUSE_SOCIALE = "Clause sociale"
CLAUSE_ENVIRONNEMENTALE = "Clause environnementale"
CRITERE_ENVIRONNEMENTAL = "Critère environnemental"


class DecpIllisible(Exception):
    pass


@dataclass
class MarcheDecp:
    uid: str
    acheteur_siret: str
    id: str
    objet: str
    date_notification: datetime.date | None
    montant: Decimal | None
    cpv: str
    duree_mois: int | None
    considerations: list[str]
    considerations_environnementales: list[str] = field(default_factory=list)

    @property
    def clause_sociale(self) -> bool:
        return CLAUSE_SOCIALE in self.considerations

    @property
    def clause_environnementale(self) -> bool:
        return CLAUSE_ENVIRONNEMENTALE in self.considerations_environnementales

    @property
    def critere_environnemental(self) -> bool:
        return CRITERE_ENVIRONNEMENTAL in self.considerations_environnementales


def _liste(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _considerations(value, cle: str = "considerationSociale") -> list[str]:
    # {"considerationSociale": [...]} in the JSON schema; tolerate a bare list or string.
    if isinstance(value, dict):
        value = value.get(cle)
    return [str(v).strip() for v in _liste(value) if v]


def _date(value) -> datetime.date | None:
    """A notification date, or None when absent, unreadable or outside the window (a DECP
    date of 1900 or 9999 pre-fills nothing)."""
    try:
        date = datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
    if date is None or date_hors_fenetre(date, Fenetre.PASSE):
        return None
    return date


# Where the records are, by layout: {"marches": [...]}, {"marches": {"marche": [...]}}, [...].
_PREFIXES = {
    ("marches", "start_array"): "marches.item",
    ("marches", "start_map"): "marches.marche.item",
    ("", "start_array"): "item",
}


def _prefixe(fichier) -> str:
    """Where the records are, found by streaming up to the first event that tells."""
    for prefix, event, _ in ijson.parse(fichier):
        if (prefix, event) in _PREFIXES:
            return _PREFIXES[(prefix, event)]
        if prefix == "marches" and event not in ("map_key",):
            break
    raise DecpIllisible("Aucune liste « marches » dans le fichier DECP.")


def _enregistrements(fichier) -> Iterator:
    """The records one at a time (ijson): a DECP file is never held whole."""
    debut = fichier.tell()
    taille = fichier.seek(0, io.SEEK_END)
    fichier.seek(debut)
    if taille - debut > settings.IMPORT_TAILLE_MAX:
        raise DecpIllisible(
            f"Le fichier dépasse {taille_lisible(settings.IMPORT_TAILLE_MAX)}, la taille maximale "
            "d'un import : découpez-le (par acheteur ou par année)."
        )
    prefixe = _prefixe(fichier)
    fichier.seek(debut)
    maximum = settings.IMPORT_LIGNES_MAX
    for rang, record in enumerate(ijson.items(fichier, prefixe), start=1):
        if rang > maximum:
            limite = f"{maximum:,}".replace(",", "\u202f")
            raise DecpIllisible(
                f"Le fichier DECP contient plus de {limite} marchés, la limite d'un import : "
                "découpez-le (par acheteur ou par année)."
            )
        yield record


def marches_read(fichier) -> list[MarcheDecp]:
    """The marchés of a DECP file (binary file object), read as a stream and bounded."""
    try:
        return _lire(_enregistrements(fichier))
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise DecpIllisible(f"Le fichier n'est pas un JSON lisible : {exc}") from exc


def _lire(marches: Iterator) -> list[MarcheDecp]:
    vus = 0
    resultat: dict[str, MarcheDecp] = {}
    for record in marches:
        vus += 1
        if not isinstance(record, dict) or record.get("nature") == "Concession":
            continue
        acheteur = record.get("acheteur") or {}
        siret = str(acheteur.get("id", "")).strip()
        identifiant = str(record.get("id", "")).strip()
        if not siret or not identifiant:
            continue  # dirty data: no key to match
        try:
            montant = Decimal(str(record["montant"])) if record.get("montant") else None
        except InvalidOperation:
            montant = None
        duree = record.get("dureeMois")
        marche = MarcheDecp(
            uid=siret + identifiant,
            acheteur_siret=siret,
            id=identifiant[:60],
            objet=str(record.get("objet", "")).strip()[:500],
            date_notification=_date(record.get("dateNotification")),
            montant=montant,
            cpv=str(record.get("codeCPV", ""))[:20],
            duree_mois=int(duree) if str(duree or "").isdigit() else None,
            considerations=_considerations(record.get("considerationsSociales")),
            considerations_environnementales=_considerations(
                record.get("considerationsEnvironnementales"), "considerationEnvironnementale"
            ),
        )
        # Modifications repeat a record: keep the last one read.
        resultat[marche.uid] = marche
    if vus and not resultat:
        raise DecpIllisible(
            "Aucun marché lisible : chaque marché DECP doit porter « id » et « acheteur.id »."
        )
    return list(resultat.values())


def marche_as_dict(m: MarcheDecp) -> dict:
    """A DECP record as stored in `ImportDecp.resultat` (JSON)."""
    return {
        "uid": m.uid,
        "acheteur_siret": m.acheteur_siret,
        "id": m.id,
        "objet": m.objet,
        "date_notification": m.date_notification.isoformat() if m.date_notification else None,
        "montant": str(m.montant) if m.montant is not None else None,
        "cpv": m.cpv,
        "duree_mois": m.duree_mois,
        "considerations": m.considerations,
        "considerations_environnementales": m.considerations_environnementales,
    }


def marche_from_dict(d: dict) -> MarcheDecp:
    return MarcheDecp(
        uid=d["uid"],
        acheteur_siret=d["acheteur_siret"],
        id=d["id"],
        objet=d["objet"],
        date_notification=_date(d["date_notification"]),
        montant=Decimal(d["montant"]) if d["montant"] is not None else None,
        cpv=d["cpv"],
        duree_mois=d["duree_mois"],
        considerations=d["considerations"],
        # Imports read before environmental considerations were kept have none.
        considerations_environnementales=d.get("considerations_environnementales", []),
    )
