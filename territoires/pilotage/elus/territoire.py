"""Adapter to the territory summary of r13-territoire (`pilotage.territoire.resume`).

The frozen interface (issue 13) is `resume(*, communes, periode, depuis) -> dict` with
`demandes_ouvertes`, `demandes_closes`, `dossiers_votes`, `montant_accorde`, `montant_verse`,
`heures_insertion`, `projets_bp` and `nouveautes`. The period is
`pilotage.indicateurs.Periode` (r13-cartes) once it exists, otherwise the territory page's own
years (same shape: `depuis`, `jusqu_a`).
"""

import datetime

from territoires.pilotage.territoire import resume


def _periode(annee: int):
    try:
        from territoires.pilotage.indicateurs import Periode
    except ImportError:
        from territoires.pilotage.territoire.periode import Annees

        return Annees(depuis=annee, jusqu_a=annee)
    return Periode.annee(annee)


def resume_territoire(*, communes: list[str], annee: int, depuis: datetime.date | None) -> dict:
    return resume(communes=communes, periode=_periode(annee), depuis=depuis)
