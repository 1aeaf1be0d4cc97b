"""Adapter to the territory summary of r13-territoire (`pilotage.territoire.resume`).

The frozen interface (issue 13) is `resume(*, communes, periode, depuis) -> dict` with
`demandes_ouvertes`, `demandes_closes`, `dossiers_votes`, `montant_accorde`, `montant_verse`,
`heures_insertion`, `projets_bp` and `nouveautes`. The period is
`pilotage.indicateurs.Periode`.
"""

import datetime

from territoires.pilotage.indicateurs import Periode
from territoires.pilotage.territoire import resume


def resume_territoire(*, communes: list[str], annee: int, depuis: datetime.date | None) -> dict:
    return resume(communes=communes, periode=Periode.annee(annee), depuis=depuis)
