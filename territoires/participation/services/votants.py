"""Identité des votants : empreintes (identité déclarée ou certifiée, code de vote), codes."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings
from django.db import transaction

from territoires.core.services import journal_record

from ..models import (
    Campagne,
    CodeVote,
)

TRANCHES_AGE = ((0, 17, "11-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"),
                (60, 74, "60-74"), (75, 200, "75+"))  # fmt: skip


ALPHABET_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # sans 0/O ni 1/I : lisible sur papier


def tranche_age(age: int | None) -> str:
    if age is None:
        return ""
    return next((t for a, b, t in TRANCHES_AGE if a <= age <= b), "")


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    mots = "".join(c if c.isalnum() else " " for c in sans_accents.lower()).split()
    return " ".join(mots)


def _cle() -> bytes:
    # La clé n'est pas en base : un export de la base ne permet pas de retrouver les empreintes.
    return (getattr(settings, "PARTICIPATION_CLE_VOTE", "") or settings.SECRET_KEY).encode()


def _hmac(campagne: Campagne, valeur: str) -> str:
    message = f"{campagne.pk}|{valeur}".encode()
    return hmac.new(_cle(), message, hashlib.sha256).hexdigest()


def empreinte_identite(
    *, campagne: Campagne, nom: str, prenom: str, naissance: datetime.date, commune_code: str
) -> str:
    """Identité normalisée (accents, casse, tirets, espaces) puis condensée.

    La même clé pour les trois canaux : identité déclarée en ligne, bulletin papier et
    identité certifiée par FranceConnect. Seul le premier prénom compte, car FranceConnect
    transmet tous les prénoms de l'état civil (« Jeanne Marie Louise ») et la personne n'en
    déclare qu'un ; le nom est le nom de naissance, celui que transmet FranceConnect.
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
    """Un lot de codes à usage unique ; le clair n'est rendu qu'ici (pour l'impression)."""
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
        description=f"Lot {lot} : {nombre} code(s) de vote",
    )
    return clairs


def code_find(*, campagne: Campagne, code: str) -> CodeVote | None:
    brut = code_normalize(code)
    if len(brut) != 12:
        return None
    for ligne in CodeVote.objects.filter(campagne=campagne, repere=brut[:4]):
        if hmac.compare_digest(ligne.condense, _condense(ligne.sel, brut)):
            return ligne
    return None


def empreinte_code(*, campagne: Campagne, code: CodeVote) -> str:
    return _hmac(campagne, f"code|{code.pk}")
