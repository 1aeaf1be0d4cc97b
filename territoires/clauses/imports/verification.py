"""Checking every row of the workbook against the référentiel (nothing written).

`lignes_check` reads every row, even after an error, and returns the parsed data with every
error found. A row is checked column by column, or by group of columns that belong together
(the buyer, the lot, the company, the person, the contract…), each check saying what it checks;
a valid row is then compared with the rows above it (one buyer, one marché, one person, one
company, one contract each time they appear) before it joins the data.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from stdnum.fr import siret as stdnum_siret

from territoires.core.dates import Bornes, Fenetre, bornes, date_hors_fenetre
from territoires.referentiel.communes import communes_actuelles

from ..models import Contrat, Critere, DonneurOrdre, Entreprise, Lot
from .cellules import en_code, en_date, en_mois, en_nombre, en_texte, fin_de_mois
from .colonnes import ROLES_IMPORT
from .donnees import Donnees, Erreur

HEURES_MOIS_MAX = 744  # 31 days × 24 hours


@dataclass
class _Referentiel:
    """What the rows are checked against, read once per file."""

    categories: set[str]
    types_clause: set[str]
    types_contrat: set[str]
    types_siae: set[str]
    criteres: set[str]
    communes_refusees: dict[str, str]  # INSEE code → why it is refused
    naissance: Bornes
    contrats_anonymises: set[tuple]  # (company SIRET, type, start, end, sex)
    sirets: dict[str, bool] = field(default_factory=dict)

    def siret_valide(self, value: str) -> bool:
        ok = self.sirets.get(value)
        if ok is None:
            ok = self.sirets[value] = stdnum_siret.is_valid(value)
        return ok


def _referentiel(heures: list) -> _Referentiel:
    codes_insee = {
        en_code(ligne.get(col), 5)
        for _, ligne in heures
        for col in ("entreprise_commune", "commune_residence")
    }
    # One rule for every module: current communes only, the refusal names the one to choose.
    _, communes_refusees = communes_actuelles(codes_insee)
    # Anonymisation replaces the identifier: re-importing an old file would re-create the
    # person and count the hours twice. Contracts of anonymised participants are recognised by
    # what anonymisation keeps (company, contract type, dates, sex).
    contrats_anonymises = set(
        Contrat.objects.filter(
            participant__anonymise_le__isnull=False,
            entreprise__siret__in={en_code(li.get("entreprise_siret"), 14) for _, li in heures},
        ).values_list(
            "entreprise__siret", "type_contrat", "date_debut", "date_fin", "participant__sexe"
        )
    )
    return _Referentiel(
        categories=set(DonneurOrdre.Categorie.values),
        types_clause=set(Lot.TypeClause.values),
        types_contrat=set(Contrat.Type.values),
        types_siae=set(Entreprise.TypeEmployeur.values) - {""},
        criteres=set(Critere.objects.values_list("code", flat=True)),
        communes_refusees=communes_refusees,
        naissance=bornes(Fenetre.NAISSANCE),
        contrats_anonymises=contrats_anonymises,
    )


def lignes_check(
    marches: list[tuple[int, dict]],
    heures: list[tuple[int, dict]],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Donnees, list[Erreur]]:
    """Check every row; return the parsed data and every error found (all rows are read)."""
    erreurs: list[Erreur] = []
    donnees = Donnees()
    referentiel = _referentiel(heures)
    total = len(marches) + len(heures)
    for numero, ligne in marches:
        messages = _ligne_marche_check(ligne, referentiel, donnees)
        erreurs.extend(Erreur("marches", numero, message) for message in messages)
    lots_connus = _LotsConnus.lire(heures, donnees)
    vues: dict[tuple, int] = {}
    for rang, (numero, ligne) in enumerate(heures, start=1):
        if on_progress and rang % 5000 == 0:
            on_progress(len(marches) + rang, total)
        messages = _ligne_heures_check(numero, ligne, referentiel, donnees, lots_connus, vues)
        erreurs.extend(Erreur("heures", numero, message) for message in messages)
    if on_progress:
        on_progress(total, total)
    return donnees, erreurs


# --- Sheet marches: one row per lot -------------------------------------------------------------


@dataclass
class _LigneMarche:
    reference: str = ""
    siret: str = ""
    nom: str = ""
    categorie: str = ""
    objet: str = ""
    operation: str = ""
    date_notification: datetime.date | None = None
    lot: str = ""
    type_clause: str = ""
    heures_prescrites: Decimal | None = None


def _ligne_marche_check(ligne, referentiel: _Referentiel, donnees: Donnees) -> list[str]:
    v = _LigneMarche(
        reference=en_texte(ligne["reference"]),
        siret=en_code(ligne["donneur_ordre_siret"], 14),
        nom=en_texte(ligne["donneur_ordre_nom"]),
        categorie=en_texte(ligne["donneur_ordre_categorie"]).lower(),
        objet=en_texte(ligne["objet"]),
        lot=en_texte(ligne["lot"]),
        type_clause=en_texte(ligne["type_clause"]).lower(),
    )
    v.operation = en_texte(ligne["operation"]) or v.objet
    messages: list[str] = []
    _marche_acheteur_check(v, referentiel, messages)
    _marche_date_notification_check(ligne, v, messages)
    _marche_lot_check(ligne, v, referentiel, messages)
    cle_lot = (v.siret, v.reference, v.lot)
    if not messages and cle_lot in donnees.lots:
        messages.append(f"lot {v.lot} du marché {v.reference} en double")
    if not messages:
        _marche_ajouter(v, donnees, messages)
    return messages


def _marche_acheteur_check(v: _LigneMarche, referentiel: _Referentiel, messages: list) -> None:
    """The marché's reference, its buyer (SIRET key, name, category) and its object."""
    if not v.reference:
        messages.append("référence du marché manquante")
    if not referentiel.siret_valide(v.siret):
        messages.append(f"SIRET de l'acheteur « {v.siret} » invalide (clé de contrôle)")
    if not v.nom:
        messages.append("nom de l'acheteur manquant")
    if v.categorie not in referentiel.categories:
        messages.append(f"catégorie d'acheteur « {v.categorie} » inconnue")
    if not v.objet:
        messages.append("objet du marché manquant")


def _marche_date_notification_check(ligne, v: _LigneMarche, messages: list) -> None:
    """A readable notification date, in the past window."""
    try:
        v.date_notification = en_date(ligne["date_notification"])
    except (ValueError, TypeError):
        messages.append(
            f"date de notification « {en_texte(ligne['date_notification'])} » invalide "
            "(AAAA-MM-JJ attendu)"
        )
    else:
        if hors := date_hors_fenetre(v.date_notification, Fenetre.PASSE):
            messages.append(f"date de notification « {v.date_notification:%Y-%m-%d} » {hors}")


def _marche_lot_check(ligne, v: _LigneMarche, referentiel: _Referentiel, messages: list) -> None:
    """The lot: its number, its kind of clause and its stipulated hours."""
    if not v.lot:
        messages.append("lot manquant")
    if v.type_clause not in referentiel.types_clause:
        messages.append(f"type de clause « {v.type_clause} » inconnu")
    try:
        v.heures_prescrites = en_nombre(ligne["heures_prescrites"])
        if v.heures_prescrites < 0:
            messages.append("heures prescrites négatives")
    except (InvalidOperation, ValueError):
        messages.append(
            f"heures prescrites « {en_texte(ligne['heures_prescrites'])} » : nombre attendu"
        )


def _marche_ajouter(v: _LigneMarche, donnees: Donnees, messages: list) -> None:
    """A buyer and a marché are the same on every row that names them; the lot joins."""
    donneur = {"nom": v.nom, "categorie": v.categorie}
    if donnees.donneurs.setdefault(v.siret, donneur) != donneur:
        messages.append(f"l'acheteur {v.siret} a un autre nom ou une autre catégorie plus haut")
    marche = {
        "objet": v.objet,
        "date_notification": v.date_notification,
        "operation": v.operation,
    }
    if donnees.marches.setdefault((v.siret, v.reference), marche) != marche:
        messages.append(
            f"le marché {v.reference} a un autre objet, une autre date ou une autre "
            "opération plus haut"
        )
    donnees.lots[(v.siret, v.reference, v.lot)] = {
        "type_clause": v.type_clause,
        "heures": v.heures_prescrites,
    }


# --- Sheet heures: one row per participant, contract, lot and month ----------------------------


@dataclass
class _LotsConnus:
    """Lots and marchés a row of `heures` may name: the sheet's and, else, the database's."""

    feuille: Donnees
    lots_base: set[tuple[str, str, str]]
    marches_base: set[tuple[str, str]]

    @classmethod
    def lire(cls, heures: list, donnees: Donnees) -> "_LotsConnus":
        refs = {
            (en_code(li["donneur_ordre_siret"], 14), en_texte(li["marche_reference"]))
            for _, li in heures
        }
        refs -= set(donnees.marches)
        lots_base: set = set()
        if refs:
            lots_base = set(
                Lot.objects.filter(
                    marche__reference__in={r for _, r in refs},
                    marche__donneur_ordre__siret__in={s for s, _ in refs},
                ).values_list("marche__donneur_ordre__siret", "marche__reference", "numero")
            )
        return cls(donnees, lots_base, {(s, r) for s, r, _ in lots_base})

    def lot_connu(self, cle_lot: tuple) -> bool:
        return cle_lot in self.feuille.lots or cle_lot in self.lots_base

    def marche_connu(self, cle_marche: tuple) -> bool:
        return cle_marche in self.feuille.marches or cle_marche in self.marches_base


@dataclass
class _LigneHeures:
    reference: str = ""
    do_siret: str = ""
    lot: str = ""
    e_siret: str = ""
    e_nom: str = ""
    effectif: int | None = None
    e_commune: str = ""
    participant: str = ""
    sexe: str = ""
    annee: int | None = None
    residence: str = ""
    codes: list[str] = field(default_factory=list)
    type_contrat: str = ""
    debut: datetime.date | None = None
    fin: datetime.date | None = None
    mois: datetime.date | None = None
    nb_heures: Decimal | None = None
    role: str | None = None
    siae: str | None = None

    @property
    def cle_lot(self) -> tuple[str, str, str]:
        return (self.do_siret, self.reference, self.lot)


def _ligne_heures_check(
    numero: int,
    ligne,
    referentiel: _Referentiel,
    donnees: Donnees,
    lots_connus: _LotsConnus,
    vues: dict[tuple, int],
) -> list[str]:
    v = _LigneHeures(
        reference=en_texte(ligne["marche_reference"]),
        do_siret=en_code(ligne["donneur_ordre_siret"], 14),
        lot=en_texte(ligne["lot"]),
    )
    messages: list[str] = []
    _heures_lot_check(v, lots_connus, messages)
    _heures_entreprise_check(ligne, v, referentiel, messages)
    _heures_participant_check(ligne, v, referentiel, messages)
    _heures_criteres_check(ligne, v, referentiel, messages)
    _heures_contrat_check(ligne, v, referentiel, messages)
    _heures_nombre_check(ligne, v, messages)
    _heures_colonnes_facultatives_check(ligne, v, referentiel, messages)
    if not messages:
        _heures_contrat_anonymise_check(v, referentiel, messages)
    if not messages:
        _heures_ajouter(numero, v, donnees, vues, messages)
    return messages


def _heures_lot_check(v: _LigneHeures, lots_connus: _LotsConnus, messages: list) -> None:
    """The lot exists: in the sheet marches, or already in the database."""
    if lots_connus.lot_connu(v.cle_lot):
        return
    if lots_connus.marche_connu((v.do_siret, v.reference)):
        messages.append(f"le lot « {v.lot} » n'existe pas dans le marché {v.reference}")
    else:
        messages.append(
            f"le marché « {v.reference} » de l'acheteur {v.do_siret} n'est pas dans la "
            "feuille marches"
        )


def _heures_entreprise_check(
    ligne, v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """The company: SIRET key, name, headcount (a whole number) and current commune."""
    v.e_siret = en_code(ligne["entreprise_siret"], 14)
    if not referentiel.siret_valide(v.e_siret):
        messages.append(f"SIRET de l'entreprise « {v.e_siret} » invalide (clé de contrôle)")
    v.e_nom = en_texte(ligne["entreprise_nom"])
    if not v.e_nom:
        messages.append("nom de l'entreprise manquant")
    if en_texte(ligne["entreprise_effectif"]):
        try:
            v.effectif = int(en_nombre(ligne["entreprise_effectif"]))
            if v.effectif < 0:
                raise ValueError
        except (InvalidOperation, ValueError):
            messages.append(
                f"effectif « {en_texte(ligne['entreprise_effectif'])} » : entier positif attendu"
            )
    v.e_commune = en_code(ligne["entreprise_commune"], 5)
    if v.e_commune in referentiel.communes_refusees:
        messages.append(f"commune de l'entreprise : {referentiel.communes_refusees[v.e_commune]}")


def _heures_participant_check(
    ligne, v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """The person: pseudonymous identifier, sex, year of birth and current commune."""
    v.participant = en_texte(ligne["participant"])
    if not v.participant:
        messages.append("identifiant du participant manquant")
    v.sexe = en_texte(ligne["sexe"]).upper()
    if v.sexe not in ("F", "M"):
        messages.append(f"sexe « {v.sexe} » : F ou M attendu")
    naissance = referentiel.naissance
    try:
        v.annee = int(en_nombre(ligne["annee_naissance"]))
        if not naissance.debut.year <= v.annee <= naissance.fin.year:
            raise ValueError
    except (InvalidOperation, ValueError):
        v.annee = None
        messages.append(
            f"année de naissance « {en_texte(ligne['annee_naissance'])} » invalide (entre "
            f"{naissance.debut.year} et {naissance.fin.year})"
        )
    v.residence = en_code(ligne["commune_residence"], 5)
    if v.residence in referentiel.communes_refusees:
        messages.append(f"commune de résidence : {referentiel.communes_refusees[v.residence]}")


def _heures_criteres_check(
    ligne, v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """At least one eligibility criterion, each one known."""
    v.codes = sorted(
        {c.strip().upper() for c in en_texte(ligne["criteres"]).split(";") if c.strip()}
    )
    inconnus = [c for c in v.codes if c not in referentiel.criteres]
    if inconnus:
        messages.append(f"critère(s) inconnu(s) : {', '.join(inconnus)}")
    if not v.codes:
        messages.append("aucun critère d'éligibilité")


def _heures_contrat_check(
    ligne, v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """The contract: its type, its dates in their windows, and the month within it."""
    v.type_contrat = en_texte(ligne["type_contrat"]).upper()
    if v.type_contrat not in referentiel.types_contrat:
        messages.append(f"type de contrat « {v.type_contrat} » inconnu")
    v.debut = _date_lue(ligne, "date_debut", "date de début", Fenetre.PASSE, messages)
    if en_texte(ligne["date_fin"]):
        v.fin = _date_lue(ligne, "date_fin", "date de fin", Fenetre.PROJET, messages)
    _heures_mois_check(ligne, v, messages)
    if v.debut and v.fin and v.fin < v.debut:
        messages.append("la fin du contrat précède son début")
    elif v.mois and v.debut and (fin_de_mois(v.mois) < v.debut or (v.fin and v.mois > v.fin)):
        messages.append(f"le mois {v.mois:%Y-%m} est hors de la période du contrat")


def _date_lue(
    ligne, colonne: str, libelle: str, fenetre: Fenetre, messages: list
) -> datetime.date | None:
    """A date of the contract, or None when unreadable or outside its window (said)."""
    try:
        date = en_date(ligne[colonne])
    except (ValueError, TypeError):
        messages.append(f"{libelle} « {en_texte(ligne[colonne])} » invalide")
        return None
    if date and (hors := date_hors_fenetre(date, fenetre)):
        messages.append(f"{libelle} « {date:%Y-%m-%d} » {hors}")
        return None
    return date


def _heures_mois_check(ligne, v: _LigneHeures, messages: list) -> None:
    """The month worked: readable, begun, and not before the window."""
    try:
        v.mois = en_mois(ligne["mois"])
    except (ValueError, TypeError):
        messages.append(f"mois « {en_texte(ligne['mois'])} » invalide (AAAA-MM attendu)")
    if v.mois and (hors := date_hors_fenetre(v.mois, Fenetre.PASSE)):
        messages.append(f"mois « {v.mois:%Y-%m} » {hors}")
        v.mois = None


def _heures_nombre_check(ligne, v: _LigneHeures, messages: list) -> None:
    """The hours of the month: a number from 0 to 744."""
    try:
        v.nb_heures = en_nombre(ligne["heures"])
        if v.nb_heures < 0:
            messages.append("heures négatives")
        elif v.nb_heures > HEURES_MOIS_MAX:
            messages.append(f"plus de {HEURES_MOIS_MAX} heures dans un mois")
    except (InvalidOperation, ValueError):
        messages.append(f"heures « {en_texte(ligne['heures'])} » : nombre attendu")


def _heures_colonnes_facultatives_check(
    ligne, v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """The optional columns: the company's role on the lot and its kind of SIAE, when given."""
    role_texte = en_texte(ligne.get("entreprise_role")).lower().replace("-", "_")
    v.role = ROLES_IMPORT.get(role_texte.replace(" ", "_")) if role_texte else None
    if role_texte and v.role is None:
        messages.append(
            f"rôle de l'entreprise « {role_texte} » inconnu (attributaire, cotraitant ou "
            "sous_traitant)"
        )
    v.siae = en_texte(ligne.get("entreprise_siae")).upper() or None
    if v.siae and v.siae not in referentiel.types_siae:
        messages.append(
            f"employeur d'insertion « {v.siae} » inconnu "
            f"({', '.join(sorted(referentiel.types_siae))})"
        )


def _heures_contrat_anonymise_check(
    v: _LigneHeures, referentiel: _Referentiel, messages: list
) -> None:
    """The contract is not one of an anonymised participant (its hours are counted already)."""
    cle = (v.e_siret, v.type_contrat, v.debut, v.fin, v.sexe)
    if cle in referentiel.contrats_anonymises:
        messages.append(
            f"ce contrat ({v.e_nom}, début {v.debut:%d/%m/%Y}) appartient à un participant déjà "
            "anonymisé : ses heures sont déjà comptées, retirez ces lignes du fichier"
        )


def _heures_ajouter(
    numero: int, v: _LigneHeures, donnees: Donnees, vues: dict[tuple, int], messages: list
) -> None:
    """A person, a company and a contract are the same on every row that names them; a
    month of a contract on a lot appears once. Then the hours join the data."""
    personne = {
        "sexe": v.sexe,
        "annee_naissance": v.annee,
        "commune": v.residence,
        "criteres": tuple(v.codes),
    }
    if donnees.participants.setdefault(v.participant, personne) != personne:
        messages.append(
            f"le participant {v.participant} a d'autres sexe, année, commune ou critères plus haut"
        )
    _entreprise_ajouter(v, donnees, messages)
    cle_contrat = (v.participant, v.e_siret, v.type_contrat, v.debut)
    contrat = donnees.contrats.setdefault(cle_contrat, {"fin": v.fin, "lots": set()})
    if contrat["fin"] != v.fin:
        messages.append("le même contrat a une autre date de fin plus haut")
    cle = (cle_contrat, v.cle_lot, v.mois)
    if cle in vues:
        messages.append(f"ligne en double de la ligne {vues[cle]}")
    if not messages:
        vues[cle] = numero
        contrat["lots"].add(v.cle_lot)
        donnees.heures[cle] = v.nb_heures


def _entreprise_ajouter(v: _LigneHeures, donnees: Donnees, messages: list) -> None:
    entreprise = {"nom": v.e_nom, "effectif": v.effectif, "commune": v.e_commune}
    if donnees.entreprises.setdefault(v.e_siret, entreprise) != entreprise:
        messages.append(f"l'entreprise {v.e_siret} a un autre nom, effectif ou commune plus haut")
    if v.siae and donnees.entreprises_siae.setdefault(v.e_siret, v.siae) != v.siae:
        messages.append(f"l'entreprise {v.e_siret} a un autre employeur d'insertion plus haut")
    if v.role and donnees.roles.setdefault((v.cle_lot, v.e_siret), v.role) != v.role:
        messages.append(f"l'entreprise {v.e_siret} a un autre rôle sur le lot {v.lot} plus haut")
