"""The parameters of a scheme that are assumptions of the demonstration (their `source` says
so, `docs/demo.md` lists them), so that the scheme's page shows them as such."""

import datetime

from django.db.models import Q

from ..configuration import HYPOTHESE
from ..models import Dispositif, ParametreDispositif


def hypotheses_de_demonstration(dispositif: Dispositif, date: datetime.date) -> list[str]:
    """The labels of the parameters in force on `date` whose value is a demo assumption."""
    rows = (
        ParametreDispositif.objects.filter(
            dispositif=dispositif, valide_du__lte=date, source__contains=HYPOTHESE
        )
        .filter(Q(valide_au__isnull=True) | Q(valide_au__gte=date))
        .order_by("cle")
    )
    return sorted({_libelle(row) for row in rows})


def _libelle(row: ParametreDispositif) -> str:
    # The rural cap is the seed's; only the definition of « rural » is assumed.
    if row.cle == ParametreDispositif.Cle.RURALITE:
        return "Définition d'une commune rurale"
    return str(row.get_cle_display()).split(" (")[0]
