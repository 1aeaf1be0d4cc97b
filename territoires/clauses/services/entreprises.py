"""Companies and buyers (donneurs d'ordre) edited by the facilitator."""

from django.db import transaction

from territoires.core.journal import journal_record, track_changes
from territoires.core.models import Evenement

from ..models import DonneurOrdre, Entreprise

ENTREPRISE_CHAMPS = ["siret", "nom", "effectif", "commune", "type_employeur", "organisation"]


@transaction.atomic
def entreprise_save(*, entreprise_id: int | None, donnees: dict, actor) -> Entreprise:
    """Create or edit a company from checked form data (journaled field by field)."""
    valeurs = {
        "siret": donnees["siret"],
        "nom": donnees["nom"],
        "effectif": donnees.get("effectif"),
        "commune": donnees.get("commune_code"),
        "type_employeur": donnees.get("type_employeur") or "",
        "organisation": donnees.get("organisation"),
        "activites": (donnees.get("activites") or "").strip(),
        "dans_annuaire": bool(donnees.get("dans_annuaire")),
    }
    if entreprise_id is None:
        entreprise = Entreprise.objects.create(**valeurs)
        journal_record(
            obj=entreprise,
            actor=actor,
            action=Evenement.Action.CREATION,
            description=str(entreprise),
        )
        return entreprise
    entreprise = Entreprise.objects.select_for_update().get(pk=entreprise_id)
    with track_changes(entreprise, actor=actor):
        for champ, valeur in valeurs.items():
            setattr(entreprise, champ, valeur)
        entreprise.full_clean()
        entreprise.save()
    return entreprise


@transaction.atomic
def donneur_ordre_update(*, donneur_id: int, donnees: dict, actor) -> DonneurOrdre:
    """Edit a buyer: name, category, followed or not, and the account that sees its marchés."""
    donneur = DonneurOrdre.objects.select_for_update().get(pk=donneur_id)
    with track_changes(donneur, actor=actor):
        for champ in ("nom", "categorie", "organisation", "suivi"):
            setattr(donneur, champ, donnees[champ])
        donneur.save()
    return donneur
