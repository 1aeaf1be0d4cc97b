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


def _contrat_f2d_de_la_commune(*, organisations, stdout) -> None:
    """r14-fiche: the demo commune's own EPCI gets its F2D contracts (the aides demo gives them
    to the demo EPCI, which is not always the commune's), so that its territory page shows a
    contract and its operations. Built by the aides' own configuration function."""
    import random

    from territoires.aides.configuration import contrats_f2d
    from territoires.aides.models import Dispositif
    from territoires.comptes.models import Organisation

    epci = organisations["commune"].commune.epci
    f2d = Dispositif.objects.filter(code="f2d").first()
    if epci is None or f2d is None:
        return
    organisation, _ = Organisation.objects.get_or_create(
        type=Organisation.Type.EPCI, epci=epci, defaults={"nom": epci.nom, "siren": epci.siren}
    )
    contrats = contrats_f2d(f2d=f2d, epcis=[organisation], rng=random.Random(epci.siren))  # noqa: S311 (demo data)
    stdout.write(f"Contrats F2D de {organisation.nom} : {len(contrats)}.")


@transaction.atomic
def charger(*, organisations, stdout) -> None:
    _elus(organisations=organisations, stdout=stdout)
    _contrat_f2d_de_la_commune(organisations=organisations, stdout=stdout)
