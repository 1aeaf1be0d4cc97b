"""Demo data of the pilotage (`territoires demo charger`): each engineer of issue 13 adds a
function for their own path and calls it from `charger`.

Elected officials (r13-elus): `elu@territoires.test` follows the canton of the demo commune
when the INSEE cantons are imported, otherwise the two demo communes and those of the demo
EPCI (a list, as an administrator would set it); `vp@territoires.test` follows the
engineering delegation over the whole Département. Idempotent: an existing row is kept as it is.
"""

from django.db import transaction

from territoires.comptes.models import User
from territoires.referentiel.selectors import canton_par_commune, epci_communes

from .models import Delegation, SuiviElu

ELU_EMAIL = "elu@territoires.test"
VICE_PRESIDENT_EMAIL = "vp@territoires.test"


def _elus(*, organisations, stdout) -> None:
    elu = User.objects.filter(email=ELU_EMAIL).first()
    commune = organisations["commune"].commune
    if elu is not None and not SuiviElu.objects.filter(user=elu).exists():
        canton = canton_par_commune(commune.departement.code).get(commune.code)
        suivi = SuiviElu.objects.create(user=elu, canton=canton)
        if canton is None:
            epci = organisations["epci"].epci
            communes = [commune, organisations["commune2"].commune, *epci_communes(epci)]
            suivi.communes.set(communes)
        stdout.write(f"Élu de démonstration : suit {canton or f'{len(communes)} communes'}.")
    vp = User.objects.filter(email=VICE_PRESIDENT_EMAIL).first()
    if vp is not None:
        SuiviElu.objects.get_or_create(user=vp, defaults={"delegation": Delegation.INGENIERIE})


@transaction.atomic
def charger(*, organisations, stdout) -> None:
    _elus(organisations=organisations, stdout=stdout)
