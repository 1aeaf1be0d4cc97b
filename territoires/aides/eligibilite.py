"""The filing checks and the eligibility pre-check, read from the dated parameters.

Each rule answers a `Verdict` with a French message saying why. Nothing here is a policy
value: amounts, rates, limits and bands are `ParametreDispositif` rows valid at the date of
the check.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from . import ruralite
from .formats import euros, pct
from .models import ZERO, Dispositif, Dossier, LigneFinancement, ParametreDispositif
from .selectors import dossiers_meme_periode, parametres_for_date

Cle = ParametreDispositif.Cle


@dataclass(frozen=True)
class Verdict:
    code: str
    libelle: str
    ok: bool
    message: str
    bloquant: bool = True


def _par_tranche(tranches, population: int | None, commune_code: str | None = None):
    """[{communes: [INSEE…], taux}, {population_max, taux}, …, {taux}] → the rate and the
    label of the first category that fits: a listed commune (a rurality list voted by the
    Département) first, then the population bands from the smallest."""
    for tranche in tranches:
        if "communes" in tranche and commune_code and commune_code in tranche["communes"]:
            libelle = tranche.get("libelle") or "commune de la liste rurale"
            return Decimal(str(tranche["taux"])), libelle
    bandes = [t for t in tranches if "communes" not in t]
    for tranche in sorted(
        bandes, key=lambda t: t.get("population_max") if t.get("population_max") else 10**12
    ):
        maxi = tranche.get("population_max")
        if maxi is None or (population is not None and population <= maxi):
            libelle = f"communes de {maxi} habitants au plus" if maxi else None
            return Decimal(str(tranche["taux"])), libelle
    return None, None


def _commune_code(organisation) -> str | None:
    return organisation.commune.code if organisation.commune_id else None


def population_of(organisation) -> int | None:
    if organisation.commune_id:
        return organisation.commune.population
    if organisation.epci_id:
        return getattr(organisation.epci, "population", None)
    return None


def taux_max_applicable(params: dict, organisation) -> tuple[Decimal | None, str]:
    if Cle.TAUX_PAR_CATEGORIE in params:
        population = population_of(organisation)
        taux, libelle = _par_tranche(
            params[Cle.TAUX_PAR_CATEGORIE], population, _commune_code(organisation)
        )
        if taux is not None:
            return taux, f"taux pour {libelle or 'les autres bénéficiaires'}"
    if Cle.TAUX_MAX in params:
        return Decimal(str(params[Cle.TAUX_MAX])), "taux maximal du dispositif"
    return None, ""


# --- rules shared by the pre-check and the filing checks ------------------------------------


def regle_beneficiaire(dispositif, organisation) -> Verdict:
    ok = organisation.type in dispositif.beneficiaires
    admis = ", ".join(dispositif.beneficiaires_display()).lower() or "aucun"
    return Verdict(
        "beneficiaire",
        "Type de bénéficiaire",
        ok,
        (
            f"{organisation.get_type_display()} : bénéficiaire admis par le dispositif."
            if ok
            else f"Le dispositif est réservé aux bénéficiaires suivants : {admis} ; "
            f"{organisation.nom} ({organisation.get_type_display().lower()}) n'en fait pas partie."
        ),
    )


def regle_calendrier(dispositif, date) -> Verdict:
    if dispositif.date_ouverture and date < dispositif.date_ouverture:
        return Verdict(
            "calendrier",
            "Calendrier",
            False,
            f"Les dépôts ouvrent le {dispositif.date_ouverture:%d/%m/%Y}.",
        )
    if dispositif.date_cloture and date > dispositif.date_cloture:
        return Verdict(
            "calendrier",
            "Calendrier",
            False,
            f"Les dépôts sont clos depuis le {dispositif.date_cloture:%d/%m/%Y}.",
        )
    return Verdict("calendrier", "Calendrier", True, "Les dépôts sont ouverts.")


def regle_limite(dispositif, organisation, params, date, exclude_pk=None) -> Verdict | None:
    """« Un dossier par an et par commune » (seed 000): counted per programming year (the
    year of the session the dossier goes to) unless the parameter says `periode: civile`
    (calendar year of filing). Under the default, a dossier filed in December (June session
    of the next year) and another filed in March (the same June session) are two dossiers of
    the same year."""
    limite = params.get(Cle.LIMITE_DOSSIERS)
    if not limite:
        return None
    nombre = int(limite.get("nombre", 1))
    civile = limite.get("periode") == "civile"
    dossiers, annee = dossiers_meme_periode(
        dispositif=dispositif,
        organisation=organisation,
        date=date,
        periode="civile" if civile else "programmation",
        exclude_pk=exclude_pk,
    )
    deja = dossiers.count()
    ok = deja < nombre
    numeros = [] if ok else list(dossiers.values_list("numero", flat=True)[:3])
    pluriel = "s" if nombre > 1 else ""
    periode = (
        f"l'année civile {annee} (année du dépôt)"
        if civile
        else f"l'année de programmation {annee} (sessions de {annee})"
    )
    return Verdict(
        "limite_periode",
        "Dossiers par an",
        ok,
        (
            f"{deja} dossier sur {nombre} permis{pluriel} pour {periode}."
            if ok
            else f"Limite atteinte : {nombre} dossier{pluriel} par bénéficiaire pour {periode}, "
            f"et {organisation.nom} en a déjà déposé {deja} ({', '.join(numeros)})."
        ),
    )


def regle_contrat(dispositif, organisation, date) -> Verdict | None:
    if not dispositif.par_contrat:
        return None
    contrat = dispositif.contrats.filter(
        organisation=organisation, annee_debut__lte=date.year, annee_fin__gte=date.year
    ).first()
    if contrat:
        return Verdict(
            "contrat", "Contrat", True, f"{contrat} : enveloppe de {euros(contrat.enveloppe)}."
        )
    return Verdict(
        "contrat",
        "Contrat",
        False,
        f"Aucun contrat en cours en {date.year} entre le Département et {organisation.nom} : "
        "seules les opérations inscrites à un contrat sont financées.",
    )


# --- eligibility pre-check (catalogue) -----------------------------------------------------


def eligibilite(
    *, dispositif: Dispositif, organisation, date: datetime.date | None = None
) -> list[Verdict]:
    date = date or timezone.localdate()
    params = parametres_for_date(dispositif, date)
    verdicts = [regle_beneficiaire(dispositif, organisation), regle_calendrier(dispositif, date)]
    for verdict in (
        regle_contrat(dispositif, organisation, date),
        regle_limite(dispositif, organisation, params, date),
    ):
        if verdict:
            verdicts.append(verdict)
    taux, raison = taux_max_applicable(params, organisation)
    population = population_of(organisation)
    if taux is not None:
        habitants = f" ({population} habitants)" if population is not None else ""
        verdicts.append(
            Verdict(
                "taux",
                "Taux maximal",
                True,
                f"Jusqu'à {pct(taux)} du coût HT{habitants} : {raison}.",
                bloquant=False,
            )
        )
    taux_rural = ruralite.plafond(params, organisation)
    if taux_rural is not None:
        verdicts.append(
            Verdict(
                "taux_rural",
                "Commune rurale",
                True,
                f"Jusqu'à {pct(taux_rural)} du coût HT pour une commune rurale.",
                bloquant=False,
            )
        )
    if Cle.MONTANT_MAX in params:
        verdicts.append(
            Verdict(
                "montant_max",
                "Montant maximal",
                True,
                f"Subvention plafonnée à {euros(params[Cle.MONTANT_MAX])}.",
                bloquant=False,
            )
        )
    if Cle.COUT_MIN in params:
        verdicts.append(
            Verdict(
                "cout_min",
                "Coût minimal",
                True,
                f"Le projet doit coûter au moins {euros(params[Cle.COUT_MIN])} HT.",
                bloquant=False,
            )
        )
    return verdicts


# --- filing checks -------------------------------------------------------------------------


def controles_depot(dossier: Dossier, *, date: datetime.date | None = None) -> list[Verdict]:
    """Every check of a dossier before filing; a failed blocking check refuses the filing."""
    date = date or timezone.localdate()
    dispositif = dossier.dispositif
    organisation = dossier.organisation
    params = parametres_for_date(dispositif, date)
    verdicts = [regle_beneficiaire(dispositif, organisation), regle_calendrier(dispositif, date)]
    for verdict in (
        regle_contrat(dispositif, organisation, date),
        regle_limite(dispositif, organisation, params, date, exclude_pk=dossier.pk),
    ):
        if verdict:
            verdicts.append(verdict)

    cout = dossier.cout_ht or ZERO
    demande = dossier.montant_demande or ZERO
    lignes = list(dossier.financements.all())

    if Cle.COUT_MIN in params:
        minimum = Decimal(str(params[Cle.COUT_MIN]))
        verdicts.append(
            Verdict(
                "cout_min",
                "Coût minimal",
                cout >= minimum,
                f"Coût HT de {euros(cout)} : "
                + (
                    "au-dessus du minimum."
                    if cout >= minimum
                    else f"le dispositif exige au moins {euros(minimum)} HT."
                ),
            )
        )
    if Cle.MONTANT_MAX in params:
        maximum = Decimal(str(params[Cle.MONTANT_MAX]))
        ok = demande <= maximum
        verdicts.append(
            Verdict(
                "montant_max",
                "Montant maximal",
                ok,
                f"Subvention demandée de {euros(demande)} : "
                + (
                    f"dans la limite de {euros(maximum)}."
                    if ok
                    else f"elle dépasse le plafond de {euros(maximum)} du dispositif."
                ),
            )
        )
    taux, raison = taux_max_applicable(params, organisation)
    if taux is not None:
        plafond = (cout * taux).quantize(Decimal("0.01"))
        ok = demande <= plafond
        taux_demande = demande / cout if cout else Decimal(1)
        verdicts.append(
            Verdict(
                "taux_max",
                "Taux maximal",
                ok,
                f"Taux demandé de {pct(taux_demande)} du coût HT : "
                + (
                    f"dans la limite de {pct(taux)} ({raison})."
                    if ok
                    else f"il dépasse le {raison} de {pct(taux)} (au plus {euros(plafond)})."
                ),
            )
        )

    rural = ruralite.controle(params, organisation, cout=cout, demande=demande)
    if rural is not None:
        verdicts.append(Verdict("taux_rural", "Taux maximal des communes rurales", *rural))

    # The financing plan: the Département's line is the requested amount.
    total_plan = sum((ligne.montant for ligne in lignes), ZERO) + demande
    ok = cout > 0 and total_plan == cout
    verdicts.append(
        Verdict(
            "plan_equilibre",
            "Plan de financement",
            ok,
            (
                f"Le plan de financement est équilibré ({euros(total_plan)})."
                if ok
                else f"Le plan de financement totalise {euros(total_plan)} (Département compris) "
                f"pour un coût HT de {euros(cout)} : il doit être égal au coût."
            ),
        )
    )

    # CGCT L1111-10: self-financing ≥ 20 % of the total public funding (maître d'ouvrage
    # included), unless a legal exception is recorded on the dossier.
    minimum_pct = Decimal(str(params.get(Cle.AUTOFINANCEMENT_MIN, 20)))
    autofinancement = sum(
        (
            ligne.montant
            for ligne in lignes
            if ligne.financeur == LigneFinancement.Financeur.AUTOFINANCEMENT
        ),
        ZERO,
    )
    publics = demande + sum(
        (ligne.montant for ligne in lignes if ligne.financeur not in LigneFinancement.NON_PUBLICS),
        ZERO,
    )
    requis = (publics * minimum_pct / 100).quantize(Decimal("0.01"))
    ok = autofinancement >= requis
    if ok:
        message = (
            f"Autofinancement de {euros(autofinancement)}, au moins {minimum_pct:f} % des "
            f"financements publics ({euros(requis)})."
        )
    elif dossier.derogation_autofinancement:
        ok = True
        message = (
            f"Autofinancement de {euros(autofinancement)}, sous les {minimum_pct:f} % requis "
            f"({euros(requis)}) : dérogation enregistrée — {dossier.derogation_autofinancement}."
        )
    else:
        message = (
            f"Le maître d'ouvrage doit financer au moins {minimum_pct:f} % du total des "
            f"financements publics (article L1111-10 du CGCT), soit {euros(requis)} ; "
            f"l'autofinancement prévu est de {euros(autofinancement)}. Indiquez la dérogation "
            "légale qui s'applique, le cas échéant."
        )
    verdicts.append(Verdict("autofinancement", "Autofinancement (CGCT L1111-10)", ok, message))

    if Cle.AIDES_PUBLIQUES_MAX in params:
        population = population_of(organisation)
        taux_public, libelle = _par_tranche(
            params[Cle.AIDES_PUBLIQUES_MAX], population, _commune_code(organisation)
        )
        if taux_public is not None:
            aides = publics - autofinancement
            taux_reel = aides / cout if cout else Decimal(1)
            ok = taux_reel <= taux_public
            categorie = (
                libelle.replace("communes de", "commune rurale de")
                if libelle
                else "autre bénéficiaire"
            )
            verdicts.append(
                Verdict(
                    "aides_publiques_max",
                    "Total des aides publiques",
                    ok,
                    f"Aides publiques de {pct(taux_reel)} du coût HT : "
                    + (
                        f"dans la limite de {pct(taux_public)} ({categorie})."
                        if ok
                        else f"au-delà des {pct(taux_public)} permis ({categorie})."
                    ),
                )
            )
    if not dossier.siret_beneficiaire:
        verdicts.append(
            Verdict("siret", "SIRET", False, "Indiquez le SIRET de l'établissement bénéficiaire.")
        )
    return verdicts


def refus(verdicts: list[Verdict]) -> list[Verdict]:
    return [v for v in verdicts if v.bloquant and not v.ok]


# --- the rules in words, for the catalogue ---------------------------------------------------


def _tranches_lisibles(tranches) -> str:
    parts = []
    for t in tranches:
        if "communes" in t:
            libelle = t.get("libelle") or "communes de la liste rurale"
            parts.append(f"{pct(t['taux'])} pour les {libelle} ({len(t['communes'])} communes)")
        elif t.get("population_max"):
            parts.append(f"{pct(t['taux'])} jusqu'à {t['population_max']} habitants")
        else:
            parts.append(f"{pct(t['taux'])} au-delà")
    return " ; ".join(parts)


def parametres_lisibles(params: dict) -> list[tuple[str, str]]:
    """The rules in force as an applicant reads them (« 12 000 € », « 50 % »), in a
    fixed order; unknown keys are shown as they are."""
    textes = {
        Cle.MONTANT_MAX: ("Subvention maximale", lambda v: euros(v)),
        Cle.TAUX_MAX: ("Taux maximal", lambda v: f"{pct(v)} du coût HT"),
        Cle.TAUX_PAR_CATEGORIE: ("Taux maximal par catégorie de commune", _tranches_lisibles),
        Cle.COUT_MIN: ("Coût minimal du projet", lambda v: f"{euros(v)} HT"),
        Cle.LIMITE_DOSSIERS: (
            "Nombre de dossiers",
            lambda v: (
                f"{v.get('nombre', 1)} par bénéficiaire et par "
                + (
                    "année civile de dépôt"
                    if v.get("periode") == "civile"
                    else "année de programmation (l'année de la session)"
                )
            ),
        ),
        Cle.AUTOFINANCEMENT_MIN: (
            "Autofinancement minimal (CGCT L1111-10)",
            lambda v: f"{v} % du total des financements publics",
        ),
        Cle.AIDES_PUBLIQUES_MAX: ("Total des aides publiques au plus", _tranches_lisibles),
        Cle.AVANCE_MAX_PCT: ("Avance", lambda v: f"jusqu'à {v} % du montant attribué"),
        Cle.CADUCITE_DEBUT_MOIS: (
            "Caducité",
            lambda v: f"travaux non commencés {v} mois après la notification",
        ),
        Cle.CADUCITE_FIN_MOIS: (
            "Caducité",
            lambda v: f"travaux non achevés {v} mois après la notification",
        ),
        Cle.RURALITE: ("Communes rurales", ruralite.lisible),
    }
    rows = []
    for cle, (libelle, texte) in textes.items():
        if cle in params:
            try:
                rows.append((libelle, texte(params[cle])))
            except (TypeError, KeyError, ValueError, AttributeError):
                rows.append((libelle, str(params[cle])))
    rows += [(str(k), str(v)) for k, v in params.items() if k not in textes]
    return rows
