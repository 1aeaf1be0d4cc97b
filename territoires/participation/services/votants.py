"""Identity of voters: fingerprints (declared or certified identity, voting code), codes.

The register of voters keeps a fingerprint (`empreinte`), never an identity: an HMAC, with a
key kept out of the database, of the normalised identity or of the single-use code. The same
person gets the same fingerprint whichever channel they vote by (online, paper, FranceConnect).
`votant_identify` chooses the identity path of a ballot.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from territoires.core.journal import journal_record
from territoires.referentiel.models import Commune
from territoires.ui.formats import nombre_fr

from ..models import Campagne, CodeVote, age_le

TRANCHES_AGE = ((0, 17, "11-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"),
                (60, 74, "60-74"), (75, 200, "75+"))  # fmt: skip


ALPHABET_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O nor 1/I: readable on paper


def tranche_age(age: int | None) -> str:
    """The age band of the public participation figures ("" when the age is unknown)."""
    if age is None:
        return ""
    return next((t for a, b, t in TRANCHES_AGE if a <= age <= b), "")


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    mots = "".join(c if c.isalnum() else " " for c in sans_accents.lower()).split()
    return " ".join(mots)


def _cle() -> bytes:
    # The key is not in the database: a dump of the database cannot find the fingerprints.
    return (getattr(settings, "PARTICIPATION_CLE_VOTE", "") or settings.SECRET_KEY).encode()


def _hmac(campagne: Campagne, valeur: str) -> str:
    message = f"{campagne.pk}|{valeur}".encode()
    return hmac.new(_cle(), message, hashlib.sha256).hexdigest()


def empreinte_identite(
    *, campagne: Campagne, nom: str, prenom: str, naissance: datetime.date, commune_code: str
) -> str:
    """The identity, normalised (accents, case, hyphens, spaces), then hashed.

    The same key for the three channels: identity declared online, paper ballot and identity
    certified by FranceConnect. Only the first given name counts, as FranceConnect sends all
    the given names of the civil register (« Jeanne Marie Louise ») and the person declares
    one; the name is the birth name, the one FranceConnect sends.
    """
    premier_prenom = next(iter(_normaliser(prenom).split()), "")
    return _hmac(
        campagne,
        f"id|{_normaliser(nom)}|{premier_prenom}|{naissance.isoformat()}|{commune_code}",
    )


def _condense(sel: str, code: str) -> str:
    return hashlib.sha256(f"{sel}|{code}".encode()).hexdigest()


def code_normalize(code: str) -> str:
    return "".join(c for c in code.upper() if c in ALPHABET_CODE)


@transaction.atomic
def codes_generate(
    *, campagne: Campagne, nombre: int, jeunes: bool = False, actor=None
) -> list[str]:
    """A batch of single-use codes; the clear codes are returned only here (for printing)."""
    lot = (
        CodeVote.objects.filter(campagne=campagne)
        .order_by("-lot")
        .values_list("lot", flat=True)
        .first()
        or 0
    ) + 1
    clairs, lignes = [], []
    for _ in range(nombre):
        brut = "".join(secrets.choice(ALPHABET_CODE) for _ in range(12))  # 60 bits
        sel = secrets.token_hex(16)
        clairs.append(f"{brut[:4]}-{brut[4:8]}-{brut[8:]}")
        lignes.append(
            CodeVote(
                campagne=campagne,
                lot=lot,
                repere=brut[:4],
                sel=sel,
                condense=_condense(sel, brut),
                jeunes=jeunes,
            )
        )
    CodeVote.objects.bulk_create(lignes)
    journal_record(
        obj=campagne,
        actor=actor,
        action="autre",
        description=f"Lot {lot} : {nombre_fr(nombre)} code(s) de vote",
    )
    return clairs


def code_find(*, campagne: Campagne, code: str) -> CodeVote | None:
    """The code typed by a voter (any case, with or without dashes), or None."""
    brut = code_normalize(code)
    if len(brut) != 12:
        return None
    for ligne in CodeVote.objects.filter(campagne=campagne, repere=brut[:4]):
        if hmac.compare_digest(ligne.condense, _condense(ligne.sel, brut)):
            return ligne
    return None


def empreinte_code(*, campagne: Campagne, code: CodeVote) -> str:
    return _hmac(campagne, f"code|{code.pk}")


def empreinte_franceconnect(*, campagne: Campagne, identite: dict) -> dict:
    """What stays in the session after FranceConnect: fingerprint, age and commune.

    Neither the name, nor the birth date, nor the `sub` are kept.
    """
    return {
        "empreinte": empreinte_identite(
            campagne=campagne,
            nom=identite["nom"],
            prenom=identite["prenom"],
            naissance=identite["naissance"],
            commune_code=identite["commune"],
        ),
        "age": age_le(identite["naissance"], timezone.localdate()),
        "commune": identite["commune"],
    }


@dataclass(frozen=True)
class IdentiteVotant:
    """Who casts a ballot, as the register knows them: a fingerprint, never an identity."""

    empreinte: str
    age: int | None
    commune: Commune | None
    code: CodeVote | None = None


def votant_identify(
    *,
    campagne: Campagne,
    franceconnect: dict | None = None,
    code: str = "",
    nom: str = "",
    prenom: str = "",
    naissance: datetime.date | None = None,
    commune: Commune | None = None,
) -> IdentiteVotant:
    """The identity path of a ballot, in this order of precedence.

    1. Identity certified by FranceConnect for this campaign (`empreinte_franceconnect`,
       kept in the session): nothing to type in.
    2. A single-use voting code (paper, youth): unknown or used codes are refused.
    3. The identity declared by the voter (online) or read on the paper ballot.
    """
    if franceconnect:
        return IdentiteVotant(
            empreinte=franceconnect["empreinte"],
            age=franceconnect["age"],
            commune=Commune.objects.filter(
                code=franceconnect["commune"], type=Commune.Type.ACTUELLE
            ).first(),
        )
    if code:
        code_vote = code_find(campagne=campagne, code=code)
        if code_vote is None or code_vote.utilise:
            raise ValidationError("Code de vote inconnu ou déjà utilisé.")
        return IdentiteVotant(
            empreinte=empreinte_code(campagne=campagne, code=code_vote),
            age=None,
            commune=commune,
            code=code_vote,
        )
    return IdentiteVotant(
        empreinte=empreinte_identite(
            campagne=campagne,
            nom=nom,
            prenom=prenom,
            naissance=naissance,
            commune_code=commune.code,
        ),
        age=age_le(naissance, timezone.localdate()),
        commune=commune,
    )
