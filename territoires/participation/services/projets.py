"""Assessment of the idées by the services, projets, the list put to the vote."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from territoires.core.journal import journal_record
from territoires.core.workflow import transition_apply

from ..models import (
    Campagne,
    EnveloppeCampagne,
    Idee,
    Projet,
)
from .idees import idee_auteur_notify


@transaction.atomic
def idee_assess(
    *,
    idee: Idee,
    actor,
    avis_technique: str,
    avis_juridique: str,
    avis_financier: str,
    cout_services: Decimal | None,
    decision: str,
    justification: str,
) -> Idee:
    """Services' opinions, estimated cost, decision (kept or not) publicly justified."""
    if not justification.strip():
        raise ValidationError("La justification publique est obligatoire.")
    idee.avis_technique = avis_technique
    idee.avis_juridique = avis_juridique
    idee.avis_financier = avis_financier
    idee.cout_services = cout_services
    idee.justification = justification
    transition = {"retenue": "retenir", "non_retenue": "ecarter"}[decision]
    transition_apply(obj=idee, transition=transition, actor=actor, reason=justification)
    idee_auteur_notify(
        idee=idee,
        titre=f"Votre idée « {idee.titre} » : {idee.get_statut_display().lower()}",
        texte=justification,
    )
    return idee


@transaction.atomic
def projet_create(
    *,
    campagne: Campagne,
    enveloppe: EnveloppeCampagne,
    idees: list[Idee],
    titre: str,
    description: str,
    cout: Decimal,
    actor,
    commune=None,
) -> Projet:
    """A projet from one or more kept idées; each idée keeps the link."""
    if not idees:
        raise ValidationError("Un projet naît d'au moins une idée.")
    if not enveloppe.cout_permis(cout):
        raise ValidationError(f"Le coût sort des limites de l'enveloppe « {enveloppe.nom} ».")
    commune = commune or idees[0].commune
    if not enveloppe.commune_dans_canton(commune):
        raise ValidationError(
            f"« {enveloppe.nom} » ne finance que des projets situés dans le canton "
            f"{enveloppe.canton.nom}."
        )
    numero = Projet.objects.filter(campagne=campagne).count() + 1
    code = f"{numero:03d}"
    while Projet.objects.filter(campagne=campagne, code=code).exists():
        numero += 1
        code = f"{numero:03d}"
    projet = Projet.objects.create(
        campagne=campagne,
        enveloppe=enveloppe,
        code=code,
        titre=titre,
        description=description,
        cout=cout,
        commune=commune,
        categorie=idees[0].categorie,
    )
    fusion = len(idees) > 1
    for idee in idees:
        if idee.statut != Idee.Statut.RETENUE:
            raise ValidationError(f"L'idée « {idee.titre} » n'est pas retenue.")
        idee.projet = projet
        if fusion:
            if not idee.justification:
                idee.justification = f"Fusionnée dans le projet {projet.code}."
            transition_apply(
                obj=idee,
                transition="fusionner",
                actor=actor,
                reason=f"Fusionnée dans le projet {projet.code} « {titre} »",
            )
            idee_auteur_notify(
                idee=idee,
                titre="Votre idée rejoint un projet",
                texte=f"Projet {projet.code} : {titre}",
            )
        else:
            idee.save(update_fields=["projet"])
    journal_record(
        obj=projet,
        actor=actor,
        action="creation",
        description="Projet issu des idées " + ", ".join(str(i.pk) for i in idees),
    )
    return projet


@transaction.atomic
def projets_select(*, campagne: Campagne, projets: list[Projet], actor) -> int:
    """The list put to the vote (citizens' committee); frozen with the rules."""
    if campagne.figee:
        raise ValidationError("Le vote est ouvert : la liste des projets ne change plus.")
    ids = [p.pk for p in projets]
    Projet.objects.filter(campagne=campagne).exclude(pk__in=ids).update(soumis_au_vote=False)
    n = Projet.objects.filter(campagne=campagne, pk__in=ids).update(soumis_au_vote=True)
    journal_record(
        obj=campagne, actor=actor, action="autre", description=f"{n} projet(s) soumis au vote"
    )
    return n
