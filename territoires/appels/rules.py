"""Who may do what on calls for projects.

- anyone reads a published call; the owning service reads and runs its calls;
- any signed-in person may answer a call, for an organisation they belong to;
- the candidate organisation's members read their candidature and edit it while a draft;
- the jury members designated on a call read and score its filed candidatures;
- the owning service (and administrators) ranks, selects, writes the letters and turns a
  selected candidature into an aid dossier.
"""

import rules

from territoires.comptes.models import ROLES_DEPARTEMENT
from territoires.comptes.rules import active_memberships, is_administrateur, is_departement_staff


def _appel(obj):
    return getattr(obj, "appel", obj)


@rules.predicate
def is_service_de_l_appel(user, obj):
    organisation_id = getattr(_appel(obj), "organisation_id", None)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id
        and m.role in ROLES_DEPARTEMENT
        and m.organisation.est_departement
        for m in active_memberships(user)
    )


@rules.predicate
def is_jury(user, obj):
    appel = _appel(obj)
    if not user.is_authenticated or getattr(appel, "pk", None) is None:
        return False
    return is_departement_staff(user) and appel.jury.filter(pk=user.pk).exists()


@rules.predicate
def is_publie(user, appel):
    return appel.statut != "brouillon"


@rules.predicate
def is_candidat(user, candidature):
    organisation_id = getattr(candidature, "organisation_id", None)
    return organisation_id is not None and any(
        m.organisation_id == organisation_id for m in active_memberships(user)
    )


@rules.predicate
def is_brouillon(user, candidature):
    return candidature.statut == "brouillon"


@rules.predicate
def is_deposee(user, candidature):
    return candidature.statut != "brouillon"


@rules.predicate
def is_decidee(user, candidature):
    return candidature.statut in ("retenue", "non_retenue")


gestion = is_service_de_l_appel | is_administrateur

rules.add_perm("appels.view_appel", is_publie | gestion | is_jury)
rules.add_perm("appels.gerer_appel", gestion)
rules.add_perm("appels.view_classement", gestion | is_jury)
rules.add_perm("appels.voir_gestion", is_departement_staff | is_administrateur)
rules.add_perm("appels.candidater", rules.is_authenticated)
rules.add_perm("appels.view_mes_candidatures", rules.is_authenticated)
rules.add_perm("appels.view_candidature", is_candidat | (is_deposee & (gestion | is_jury)))
rules.add_perm("appels.change_candidature", is_candidat & is_brouillon)
rules.add_perm("appels.noter_candidature", is_jury & is_deposee)
rules.add_perm("appels.decider_candidature", gestion & is_deposee)
rules.add_perm("appels.view_lettre", is_decidee & (is_candidat | gestion))
rules.add_perm("appels.convertir_candidature", gestion & is_decidee)
