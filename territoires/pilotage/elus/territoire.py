"""Adapter to the territory summary of r13-territoire (`pilotage.territoire.resume`).

The frozen interface (docs: issue 13) is
`resume(*, communes, periode, depuis) -> dict` with `demandes_ouvertes`, `demandes_closes`,
`dossiers_votes`, `montant_accorde`, `montant_verse`, `heures_insertion`, `projets_bp` and
`nouveautes`. Until that package is merged, the home page says the summary is unavailable
(None) rather than showing figures computed another way.
"""

import datetime


def resume_territoire(
    *, communes: list[str], annee: int, depuis: datetime.date | None
) -> dict | None:
    try:
        from territoires.pilotage.indicateurs import Periode
        from territoires.pilotage.territoire import resume
    except ImportError:
        return None
    return resume(communes=communes, periode=Periode.annee(annee), depuis=depuis)
