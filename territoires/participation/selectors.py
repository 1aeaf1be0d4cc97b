"""Reads shared by the views, the exports and the tasks."""

from django.conf import settings
from django.db.models import Count, Prefetch

from territoires.referentiel.maps import carte_donnees
from territoires.referentiel.models import Commune
from territoires.referentiel.selectors import canton_par_commune

from . import compteurs
from .models import (
    Bulletin,
    Campagne,
    EnveloppeCampagne,
    Idee,
    Projet,
    Realisation,
    Resultat,
    Votant,
)


def campagnes_publiques():
    return Campagne.objects.all()


def projets_list(*, campagne: Campagne):
    """All the projets of a campaign, put to the vote or not, by number."""
    return Projet.objects.filter(campagne=campagne).select_related("enveloppe").order_by("code")


def projets_soumis_list(*, campagne: Campagne):
    """The projets put to the vote: a constant number of queries (select_related)."""
    return (
        Projet.objects.filter(campagne=campagne, soumis_au_vote=True)
        .select_related("enveloppe", "commune")
        .annotate(nb_idees=Count("idees"))
        .order_by("enveloppe_id", "code")
    )


def _idees_publiques_du_projet():
    """The idées a projet was born of, their photos prefetched (card thumbnail, analysis)."""
    return Prefetch(
        "idees",
        queryset=Idee.objects.exclude(statut=Idee.Statut.DEPOSEE)
        .prefetch_related("photos")
        .order_by("pk"),
        to_attr="idees_publiques",
    )


def projets_cartes(*, campagne: Campagne):
    """The projets put to the vote as cards: commune, enveloppe, idées and photos prefetched
    (a constant number of queries)."""
    return projets_soumis_list(campagne=campagne).prefetch_related(_idees_publiques_du_projet())


def projets_bulletin(*, campagne: Campagne) -> dict[int, list[Projet]]:
    """The cards of the online ballot, by enveloppe pk, in the order of their numbers."""
    par_env: dict[int, list[Projet]] = {}
    for p in projets_cartes(campagne=campagne).order_by("code"):
        p.vignette = vignette(p)
        par_env.setdefault(p.enveloppe_id, []).append(p)
    return par_env


def projet_public_get(*, campagne: Campagne, projet_id: int) -> Projet | None:
    """A projet put to the vote, with its idées (analysis) and their photos; None otherwise."""
    return (
        Projet.objects.filter(campagne=campagne, soumis_au_vote=True, pk=projet_id)
        .select_related("enveloppe", "commune")
        .prefetch_related(_idees_publiques_du_projet())
        .first()
    )


def vignette(projet: Projet):
    """(idée, photo) of the first photo of the projet's public idées, or None."""
    for idee in getattr(projet, "idees_publiques", []):
        for photo in idee.photos.all():
            return idee, photo
    return None


def carte_projet(projet: Projet) -> dict | None:
    """The Département's communes, the projet's one highlighted (shipped contours, no
    download at run time); None when the projet has no commune."""
    if projet.commune is None:
        return None
    departement = settings.TERRITOIRES_DEPARTEMENT
    communes = dict(
        Commune.objects.filter(
            departement__code=departement, type=Commune.Type.ACTUELLE, obsolete=False
        ).values_list("code", "nom")
    )
    communes.setdefault(projet.commune.code, projet.commune.nom)
    return carte_donnees(
        {
            code: (
                nom,
                "#000091" if code == projet.commune.code else "#e8edf5",
                code == projet.commune.code,
            )
            for code, nom in sorted(communes.items())
        },  # fmt: skip
        titre=f"Situation du projet : {projet.commune.nom}",
        resume=f"Carte du Département : le projet est situé à {projet.commune.nom}.",
        departement=departement,
    )


def deja_vote(*, campagne: Campagne, empreinte: str) -> bool:
    """Is this fingerprint already in the register of voters?"""
    return Votant.objects.filter(campagne=campagne, empreinte=empreinte).exists()


def bulletins_list(*, enveloppe: EnveloppeCampagne) -> list[list[int]]:
    """The ballots of an enveloppe: each the sorted pks of the approved projets."""
    return list(Bulletin.objects.filter(enveloppe=enveloppe).values_list("choix", flat=True))


def projets_par_enveloppe(*, campagne: Campagne) -> dict[int, list[Projet]]:
    """The projets put to the vote, by enveloppe pk, in the order of their numbers."""
    par_env: dict[int, list[Projet]] = {}
    for p in Projet.objects.filter(campagne=campagne, soumis_au_vote=True).order_by("code"):
        par_env.setdefault(p.enveloppe_id, []).append(p)
    return par_env


def projets_choisis(*, campagne: Campagne, pks: list[int]) -> list[Projet]:
    """The projets of a ballot just cast, for the « A voté » page."""
    return list(
        Projet.objects.filter(campagne=campagne, soumis_au_vote=True, pk__in=pks)
        .select_related("enveloppe", "commune")
        .order_by("enveloppe_id", "code")
    )


def categories(campagne: Campagne) -> list[str]:
    return list(
        Projet.objects.filter(campagne=campagne, soumis_au_vote=True)
        .exclude(categorie="")
        .order_by("categorie")
        .values_list("categorie", flat=True)
        .distinct()
    )


def idees_publiques(campagne: Campagne):
    return (
        Idee.objects.filter(campagne=campagne)
        .exclude(statut=Idee.Statut.DEPOSEE)
        .select_related("commune", "projet")
    )


def idees_a_traiter(campagne: Campagne):
    return Idee.objects.filter(
        campagne=campagne, statut__in=[Idee.Statut.DEPOSEE, Idee.Statut.PUBLIEE]
    ).select_related("commune", "enveloppe")


def participation(campagne: Campagne) -> dict[str, dict[str, int]]:
    """Public counters, counted from the register (`compteurs`): two queries, whatever the
    size."""
    return compteurs.compteurs([campagne.pk])[campagne.pk]


def resultats(campagne: Campagne, methode: str | None = None):
    return (
        Resultat.objects.filter(enveloppe__campagne=campagne, methode=methode or campagne.methode)
        .select_related("enveloppe")
        .order_by("enveloppe_id")
    )


def resultats_expliques(campagne: Campagne) -> list[dict]:
    """Each enveloppe's result with its rounds and winners as projets, for the public page."""
    projets_par_pk = {p.pk: p for p in Projet.objects.filter(campagne=campagne)}
    return [
        {
            "resultat": r,
            "tours": [dict(t, projet_obj=projets_par_pk.get(t["projet"])) for t in r.tours],
            "laureats": [projets_par_pk[pk] for pk in r.selectionnes if pk in projets_par_pk],
            "urne_publique": campagne.urne_publiee,
            "reste": r.budget - r.cout_total,
            "completion": _completion(r, projets_par_pk),
        }
        for r in resultats(campagne)
    ]


def _completion(resultat, projets_par_pk: dict) -> list[Projet]:
    """What a completion by votes would add with the budget left: the projets set aside, by
    decreasing votes, each if it still fits (what « parts égales avec complétion » does)."""
    reste = resultat.budget - resultat.cout_total
    ajoutes = []
    ecartes = [t for t in resultat.tours if not t.get("retenu") and t.get("projet")]
    for t in sorted(ecartes, key=lambda t: -(t.get("voix") or 0)):
        projet = projets_par_pk.get(t["projet"])
        if projet is not None and projet not in ajoutes and projet.cout <= reste:
            ajoutes.append(projet)
            reste -= projet.cout
    return ajoutes


def resultat_get(*, enveloppe: EnveloppeCampagne, methode: str) -> Resultat | None:
    return Resultat.objects.filter(enveloppe=enveloppe, methode=methode).first()


def realisations(campagne: Campagne):
    return (
        Realisation.objects.filter(projet__campagne=campagne)
        .select_related("projet", "projet__commune", "projet__enveloppe")
        .prefetch_related("jalons")
        .order_by("projet__code")
    )


def realisation_statut_choices(*, realisation: Realisation, user) -> list[tuple[str, str]]:
    """The current statut and those the transitions `user` may apply now lead to."""
    cibles = {t.target for t in realisation.get_available_user_statut_transitions(user)}
    return [
        (statut.value, statut.label)
        for statut in Realisation.Statut
        if statut == realisation.statut or statut in cibles
    ]


def participation_par_canton(campagne: Campagne, par_commune: dict[str, int]) -> list[dict] | None:
    """Voters and turnout by canton, summed from the counters by commune (two queries).

    None when the cantons of the Département have not been imported from INSEE's COG.
    The turnout relates the voters to the municipal population of the canton (all ages).
    """
    canton_de = canton_par_commune(settings.TERRITOIRES_DEPARTEMENT)
    if not canton_de:
        return None
    population = dict(
        Commune.objects.filter(code__in=canton_de.keys(), type=Commune.Type.ACTUELLE).values_list(
            "code", "population"
        )
    )
    lignes: dict[str, dict] = {}
    for code_commune, canton in canton_de.items():
        ligne = lignes.setdefault(
            canton.code,
            {"canton": canton, "votants": 0, "population": 0, "communes": []},
        )
        ligne["votants"] += par_commune.get(code_commune, 0)
        ligne["population"] += population.get(code_commune) or 0
        ligne["communes"].append(code_commune)
    for ligne in lignes.values():
        ligne["taux"] = (
            round(100 * ligne["votants"] / ligne["population"], 2) if ligne["population"] else None
        )
    return sorted(lignes.values(), key=lambda ligne: ligne["canton"].nom)


def carte_choix_commune(departement: str) -> dict:
    """Data of the clickable map of the Département's communes (idée form).

    The same shipped contours as the referentiel's maps, drawn by referentiel/carte.js; the
    INSEE code field stays the real input (keyboard, screen readers).
    """
    communes = dict(
        Commune.objects.filter(
            departement__code=departement, type=Commune.Type.ACTUELLE, obsolete=False
        ).values_list("code", "nom")
    )
    return carte_donnees(
        {code: (f"{nom} ({code})", "#e8edf5", False) for code, nom in sorted(communes.items())},
        titre="Communes du Département",
        resume="Carte des communes du Département : cliquez sur une commune pour la choisir.",
        departement=departement,
    )


def campagnes_resultats_publies() -> list[Campagne]:
    """Campaigns whose results are published: the vote is closed (the ballot box is public)
    and the campaign's method has been counted, as the ballot-box export requires."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    comptees = Resultat.objects.filter(
        enveloppe__campagne=OuterRef("pk"), methode=OuterRef("methode")
    )
    return list(
        Campagne.objects.filter(vote_fin__lt=timezone.localdate())
        .filter(Exists(comptees))
        .order_by("vote_debut", "slug")
    )


def resultats_for_campagnes(campagnes: list[Campagne]):
    """The results of the campaigns' own method, with their enveloppe and campaign."""
    from django.db.models import F

    return (
        Resultat.objects.filter(enveloppe__campagne__in=campagnes)
        .filter(methode=F("enveloppe__campagne__methode"))
        .select_related("enveloppe", "enveloppe__campagne")
        .order_by("enveloppe__campagne__vote_debut", "enveloppe__campagne__slug", "enveloppe_id")
    )


def projets_for_campagnes(campagnes: list[Campagne]):
    """The projets put to the vote of these campaigns (one query)."""
    return (
        Projet.objects.filter(campagne__in=campagnes, soumis_au_vote=True)
        .select_related("campagne", "enveloppe", "commune")
        .order_by("campagne__vote_debut", "campagne__slug", "enveloppe_id", "code")
    )


def idees_publiques_for_campagnes(campagnes):
    """The idées every visitor may read (moderated: not merely filed), of these campaigns."""
    return (
        Idee.objects.filter(campagne__in=campagnes)
        .exclude(statut=Idee.Statut.DEPOSEE)
        .select_related("campagne", "commune", "projet")
        .order_by("campagne__vote_debut", "campagne__slug", "pk")
    )


def participation_for_campagnes(campagnes: list[Campagne]):
    """The public participation counters of these campaigns (two queries)."""
    return compteurs.compteurs_list(list(campagnes))


def bulletins_stream(campagnes: list[Campagne]):
    """(enveloppe pk, sorted pks of the approved projets) of every ballot of these campaigns,
    in the random order of the ballots' ids (nothing of the order of the votes, nor of the
    voter), read by chunks: memory stays flat."""
    return (
        Bulletin.objects.filter(enveloppe__campagne__in=campagnes)
        .order_by("enveloppe_id", "id")
        .values_list("enveloppe_id", "choix")
        .iterator(chunk_size=2000)
    )


def projets_pour_communes(codes):
    """Participatory-budget projects located in one of the communes `codes` (INSEE)."""
    return Projet.objects.filter(commune__code__in=codes).select_related("campagne", "commune")


def projets_pour_communes_compte(codes, *, depuis: int, jusqu_a: int) -> int:
    """Projects located in the communes, in campaigns whose vote opened in [depuis, jusqu_a]."""
    return (
        projets_pour_communes(codes)
        .filter(campagne__vote_debut__year__gte=depuis, campagne__vote_debut__year__lte=jusqu_a)
        .count()
    )


def projets_par_commune(*, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Per INSEE code: projets put to the vote, located in the commune, of the campagnes whose
    vote opened in the civil years [depuis, jusqu_a]. One query (pilotage maps)."""
    rows = (
        Projet.objects.filter(
            soumis_au_vote=True,
            commune__isnull=False,
            campagne__vote_debut__year__gte=depuis,
            campagne__vote_debut__year__lte=jusqu_a,
        )
        .values("commune__code")
        .annotate(n=Count("pk"))
    )
    return {r["commune__code"]: r["n"] for r in rows}


def chiffres_periode(*, depuis: int, jusqu_a: int) -> dict:
    """The participatory budget over calendar years [depuis, jusqu_a] (pilotage's key figures).

    Campaigns whose vote closed in the period; their voters are the « total » counter kept vote
    by vote (the same as each campaign's participation page), their projects realised are the
    realisations marked « terminée ». Three queries, whatever the number of campaigns.
    """
    campagnes = list(
        Campagne.objects.filter(vote_fin__year__gte=depuis, vote_fin__year__lte=jusqu_a)
        .order_by("vote_fin")
        .values_list("pk", "slug")
    )
    pks = [pk for pk, _slug in campagnes]
    realises = Realisation.objects.filter(
        projet__campagne_id__in=pks, statut=Realisation.Statut.TERMINEE
    ).count()
    return {
        "campagnes": [slug for _pk, slug in campagnes],
        "votants": compteurs.votants_total(pks),
        "projets_realises": realises,
    }


def votants_par_commune(*, depuis: int, jusqu_a: int) -> dict[str, int]:
    """Per INSEE code: voters living in the commune, summed over the campagnes whose vote
    opened in [depuis, jusqu_a], read from the public counters. One query."""
    return compteurs.votants_par_commune(
        Campagne.objects.filter(vote_debut__year__gte=depuis, vote_debut__year__lte=jusqu_a).values(
            "pk"
        )
    )
