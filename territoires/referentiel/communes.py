"""One rule for every module: a commune is chosen among the current communes only.

`commune_actuelle(code)` returns the current commune with this INSEE code, or raises
`CommuneRefusee` whose message names the current commune to choose instead: a commune
déléguée or associée points to its commune nouvelle, an absorbed code to the commune that
took it in (table `AncienneCommune`). `communes_actuelles(codes)` does the same for a whole
import in a constant number of queries.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .models import AncienneCommune, Commune

# INSEE code of a commune: two digits of département (Corsica 2A, 2B), three of commune.
CODE_INSEE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")

_NATURE = {
    Commune.Type.DELEGUEE: "commune déléguée",
    Commune.Type.ASSOCIEE: "commune associée",
    Commune.Type.ARRONDISSEMENT: "arrondissement municipal",
}


class CommuneRefusee(ValueError):
    """The code names no current commune; `message` says which one to choose instead."""

    def __init__(self, message: str, *, code: str, remplacantes: tuple[Commune, ...] = ()):
        super().__init__(message)
        self.message = message
        self.code = code
        self.remplacantes = remplacantes


def normaliser_code(code: object) -> str:
    """« 2a004 », « 32 013 » → « 2A004 », « 32013 »."""
    return "".join(str(code or "").split()).upper()


def _choisissez(communes: list[Commune]) -> str:
    if len(communes) == 1:
        return f"choisissez {communes[0].nom}"
    noms = ", ".join(c.nom for c in communes[:-1])
    return f"choisissez {noms} ou {communes[-1].nom}"


def _liste(communes: list[Commune]) -> str:
    textes = [f"{c.nom} ({c.code})" for c in communes]
    return textes[0] if len(textes) == 1 else ", ".join(textes[:-1]) + " et " + textes[-1]


@dataclass
class _Index:
    """What the référentiel knows about some codes, read in three queries."""

    actuelles: dict[str, Commune]
    rattachees: dict[str, Commune]  # déléguée, associée, arrondissement (with their parent)
    obsoletes: dict[str, Commune]
    anciennes: dict[str, list[AncienneCommune]]

    @classmethod
    def lire(cls, codes: set[str]) -> "_Index":
        actuelles, rattachees, obsoletes = {}, {}, {}
        rows = Commune.objects.filter(code__in=codes).select_related("commune_parente")
        for commune in rows.order_by("obsolete", "-date_obsolete", "pk"):
            if commune.obsolete:
                obsoletes.setdefault(commune.code, commune)
            elif commune.type == Commune.Type.ACTUELLE:
                actuelles[commune.code] = commune
            else:
                rattachees.setdefault(commune.code, commune)
        anciennes: dict[str, list[AncienneCommune]] = {}
        for ancienne in (
            AncienneCommune.objects.filter(
                code__in=codes - set(actuelles),
                commune_actuelle__type=Commune.Type.ACTUELLE,
                commune_actuelle__obsolete=False,
            )
            .select_related("commune_actuelle")
            .order_by("commune_actuelle__nom", "pk")
        ):
            anciennes.setdefault(ancienne.code, []).append(ancienne)
        return cls(actuelles, rattachees, obsoletes, anciennes)

    def verifier(self, code: str) -> Commune:
        if not CODE_INSEE.match(code):
            raise CommuneRefusee(
                f"« {code} » n'est pas un code INSEE de commune (5 caractères, par exemple "
                "32013 pour Auch).",
                code=code,
            )
        if code in self.actuelles:
            return self.actuelles[code]
        rattachee = self.rattachees.get(code)
        parente = rattachee.commune_parente if rattachee else None
        if parente is not None and parente.est_actuelle:
            raise CommuneRefusee(
                f"{code} est {rattachee.nom}, {_NATURE[rattachee.type]} de {parente.nom} "
                f"({parente.code}) : {_choisissez([parente])}.",
                code=code,
                remplacantes=(parente,),
            )
        anciennes = self.anciennes.get(code, [])
        if anciennes:
            communes = [a.commune_actuelle for a in anciennes]
            nom = next((a.nom for a in anciennes if a.nom), "") or (
                rattachee.nom if rattachee else ""
            )
            date = next((a.date_effet for a in anciennes if a.date_effet), None)
            qui = f"{code} était le code de {nom}" if nom else f"{code} est un ancien code"
            depuis = f" depuis le {date:%d/%m/%Y}" if date else ""
            verbe = "a rejoint" if len(communes) == 1 else "est partagée entre"
            raise CommuneRefusee(
                f"{qui} : cette commune {verbe} {_liste(communes)}{depuis} ; "
                f"{_choisissez(communes)}.",
                code=code,
                remplacantes=tuple(communes),
            )
        ancienne = self.obsoletes.get(code) or rattachee
        if ancienne is not None:
            raise CommuneRefusee(
                f"{code} ({ancienne.nom}) n'est plus une commune actuelle : choisissez la "
                "commune qui l'a remplacée.",
                code=code,
            )
        raise CommuneRefusee(
            f"Code INSEE « {code} » inconnu du référentiel des communes.", code=code
        )


def commune_actuelle(code: object) -> Commune:
    """The current commune with this INSEE code; `CommuneRefusee` otherwise (see module)."""
    code = normaliser_code(code)
    return _Index.lire({code}).verifier(code)


def verifier_commune(commune: Commune) -> Commune:
    """`commune` itself if it is current; `CommuneRefusee` otherwise (a row chosen by id, such
    as a commune déléguée that shares its code with its commune nouvelle)."""
    if commune.est_actuelle:
        return commune
    index = _Index.lire({commune.code})
    index.actuelles.pop(commune.code, None)
    if commune.type == Commune.Type.ACTUELLE:
        index.obsoletes[commune.code] = commune
    else:
        index.rattachees[commune.code] = commune
    return index.verifier(commune.code)


def communes_actuelles(codes: Iterable[object]) -> tuple[dict[str, Commune], dict[str, str]]:
    """For an import: ({code: current commune}, {code: why it is refused}), three queries.

    Codes are normalised (`normaliser_code`); the keys are the normalised codes.
    """
    normalises = {normaliser_code(code) for code in codes}
    index = _Index.lire(normalises)
    trouvees, refus = {}, {}
    for code in normalises:
        try:
            trouvees[code] = index.verifier(code)
        except CommuneRefusee as refusee:
            refus[code] = refusee.message
    return trouvees, refus


def libelle_commune(commune: Commune) -> str:
    """« Auch (32) »: a commune named as the communes' autocomplete names it."""
    departement = commune.departement.code if commune.departement_id else ""
    return f"{commune.nom} ({departement})" if departement else commune.nom
