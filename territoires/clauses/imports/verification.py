"""Checking every row of the workbook against the référentiel (nothing written)."""

from collections.abc import Callable
from decimal import InvalidOperation

from stdnum.fr import siret as stdnum_siret

from territoires.core.dates import Fenetre, bornes, date_hors_fenetre
from territoires.referentiel.communes import communes_actuelles

from ..models import Contrat, Critere, DonneurOrdre, Entreprise, Lot
from .cellules import en_code, en_date, en_mois, en_nombre, en_texte, fin_de_mois
from .colonnes import ROLES_IMPORT
from .donnees import Donnees, Erreur


class _Verificateur:
    def __init__(self):
        self.sirets: dict[str, bool] = {}

    def siret(self, value: str) -> bool:
        ok = self.sirets.get(value)
        if ok is None:
            ok = self.sirets[value] = stdnum_siret.is_valid(value)
        return ok


def lignes_check(
    marches: list[tuple[int, dict]],
    heures: list[tuple[int, dict]],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[Donnees, list[Erreur]]:
    """Check every row; return the parsed data and every error found (all rows are read)."""
    erreurs: list[Erreur] = []
    donnees = Donnees()
    verif = _Verificateur()
    categories = set(DonneurOrdre.Categorie.values)
    types_clause = set(Lot.TypeClause.values)
    types_contrat = set(Contrat.Type.values)
    types_siae = set(Entreprise.TypeEmployeur.values) - {""}
    criteres = set(Critere.objects.values_list("code", flat=True))
    codes_insee = {
        en_code(ligne.get(col), 5)
        for _, ligne in heures
        for col in ("entreprise_commune", "commune_residence")
    }
    # One rule for every module: current communes only, the refusal names the one to choose.
    _, communes_refusees = communes_actuelles(codes_insee)
    naissance = bornes(Fenetre.NAISSANCE)
    total = len(marches) + len(heures)
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

    # Sheet marches: one row per lot.
    for numero, ligne in marches:
        messages = []
        reference = en_texte(ligne["reference"])
        siret = en_code(ligne["donneur_ordre_siret"], 14)
        nom = en_texte(ligne["donneur_ordre_nom"])
        categorie = en_texte(ligne["donneur_ordre_categorie"]).lower()
        objet = en_texte(ligne["objet"])
        lot = en_texte(ligne["lot"])
        type_clause = en_texte(ligne["type_clause"]).lower()
        if not reference:
            messages.append("référence du marché manquante")
        if not verif.siret(siret):
            messages.append(f"SIRET de l'acheteur « {siret} » invalide (clé de contrôle)")
        if not nom:
            messages.append("nom de l'acheteur manquant")
        if categorie not in categories:
            messages.append(f"catégorie d'acheteur « {categorie} » inconnue")
        if not objet:
            messages.append("objet du marché manquant")
        date_notification = None
        try:
            date_notification = en_date(ligne["date_notification"])
        except (ValueError, TypeError):
            messages.append(
                f"date de notification « {en_texte(ligne['date_notification'])} » invalide "
                "(AAAA-MM-JJ attendu)"
            )
        else:
            if hors := date_hors_fenetre(date_notification, Fenetre.PASSE):
                messages.append(f"date de notification « {date_notification:%Y-%m-%d} » {hors}")
        if not lot:
            messages.append("lot manquant")
        if type_clause not in types_clause:
            messages.append(f"type de clause « {type_clause} » inconnu")
        heures_prescrites = None
        try:
            heures_prescrites = en_nombre(ligne["heures_prescrites"])
            if heures_prescrites < 0:
                messages.append("heures prescrites négatives")
        except (InvalidOperation, ValueError):
            messages.append(
                f"heures prescrites « {en_texte(ligne['heures_prescrites'])} » : nombre attendu"
            )
        cle_lot = (siret, reference, lot)
        if not messages and cle_lot in donnees.lots:
            messages.append(f"lot {lot} du marché {reference} en double")
        if not messages:
            donneur = {"nom": nom, "categorie": categorie}
            precedent = donnees.donneurs.setdefault(siret, donneur)
            if precedent != donneur:
                messages.append(
                    f"l'acheteur {siret} a un autre nom ou une autre catégorie plus haut"
                )
            marche = {
                "objet": objet,
                "date_notification": date_notification,
                "operation": en_texte(ligne["operation"]) or objet,
            }
            precedent = donnees.marches.setdefault((siret, reference), marche)
            if precedent != marche:
                messages.append(
                    f"le marché {reference} a un autre objet, une autre date ou une autre "
                    "opération plus haut"
                )
            donnees.lots[cle_lot] = {"type_clause": type_clause, "heures": heures_prescrites}
        for message in messages:
            erreurs.append(Erreur("marches", numero, message))

    # Lots known in the database count as well as those of the sheet.
    lots_base = set()
    refs = {
        (en_code(li["donneur_ordre_siret"], 14), en_texte(li["marche_reference"]))
        for _, li in heures
    }
    refs -= set(donnees.marches)
    if refs:
        for do_siret, ref, numero_lot in Lot.objects.filter(
            marche__reference__in={r for _, r in refs},
            marche__donneur_ordre__siret__in={s for s, _ in refs},
        ).values_list("marche__donneur_ordre__siret", "marche__reference", "numero"):
            lots_base.add((do_siret, ref, numero_lot))
        marches_base = {(s, r) for s, r, _ in lots_base}
    else:
        marches_base = set()

    # Sheet heures: one row per participant, contract, lot and month.
    lignes_vues: dict[tuple, int] = {}
    for rang, (numero, ligne) in enumerate(heures, start=1):
        if on_progress and rang % 5000 == 0:
            on_progress(len(marches) + rang, total)
        messages = []
        reference = en_texte(ligne["marche_reference"])
        do_siret = en_code(ligne["donneur_ordre_siret"], 14)
        lot = en_texte(ligne["lot"])
        cle_lot = (do_siret, reference, lot)
        if cle_lot not in donnees.lots and cle_lot not in lots_base:
            if (do_siret, reference) in donnees.marches or (do_siret, reference) in marches_base:
                messages.append(f"le lot « {lot} » n'existe pas dans le marché {reference}")
            else:
                messages.append(
                    f"le marché « {reference} » de l'acheteur {do_siret} n'est pas dans la "
                    "feuille marches"
                )
        e_siret = en_code(ligne["entreprise_siret"], 14)
        if not verif.siret(e_siret):
            messages.append(f"SIRET de l'entreprise « {e_siret} » invalide (clé de contrôle)")
        e_nom = en_texte(ligne["entreprise_nom"])
        if not e_nom:
            messages.append("nom de l'entreprise manquant")
        effectif = None
        if en_texte(ligne["entreprise_effectif"]):
            try:
                effectif = int(en_nombre(ligne["entreprise_effectif"]))
                if effectif < 0:
                    raise ValueError
            except (InvalidOperation, ValueError):
                messages.append(
                    f"effectif « {en_texte(ligne['entreprise_effectif'])} » : "
                    "entier positif attendu"
                )
        e_commune = en_code(ligne["entreprise_commune"], 5)
        if e_commune in communes_refusees:
            messages.append(f"commune de l'entreprise : {communes_refusees[e_commune]}")
        participant = en_texte(ligne["participant"])
        if not participant:
            messages.append("identifiant du participant manquant")
        sexe = en_texte(ligne["sexe"]).upper()
        if sexe not in ("F", "M"):
            messages.append(f"sexe « {sexe} » : F ou M attendu")
        annee = None
        try:
            annee = int(en_nombre(ligne["annee_naissance"]))
            if not naissance.debut.year <= annee <= naissance.fin.year:
                raise ValueError
        except (InvalidOperation, ValueError):
            messages.append(
                f"année de naissance « {en_texte(ligne['annee_naissance'])} » invalide (entre "
                f"{naissance.debut.year} et {naissance.fin.year})"
            )
        residence = en_code(ligne["commune_residence"], 5)
        if residence in communes_refusees:
            messages.append(f"commune de résidence : {communes_refusees[residence]}")
        codes = sorted(
            {c.strip().upper() for c in en_texte(ligne["criteres"]).split(";") if c.strip()}
        )
        inconnus = [c for c in codes if c not in criteres]
        if inconnus:
            messages.append(f"critère(s) inconnu(s) : {', '.join(inconnus)}")
        if not codes:
            messages.append("aucun critère d'éligibilité")
        type_contrat = en_texte(ligne["type_contrat"]).upper()
        if type_contrat not in types_contrat:
            messages.append(f"type de contrat « {type_contrat} » inconnu")
        debut = fin = mois = None
        try:
            debut = en_date(ligne["date_debut"])
        except (ValueError, TypeError):
            messages.append(f"date de début « {en_texte(ligne['date_debut'])} » invalide")
        if debut and (hors := date_hors_fenetre(debut, Fenetre.PASSE)):
            messages.append(f"date de début « {debut:%Y-%m-%d} » {hors}")
            debut = None
        if en_texte(ligne["date_fin"]):
            try:
                fin = en_date(ligne["date_fin"])
            except (ValueError, TypeError):
                messages.append(f"date de fin « {en_texte(ligne['date_fin'])} » invalide")
            if fin and (hors := date_hors_fenetre(fin, Fenetre.PROJET)):
                messages.append(f"date de fin « {fin:%Y-%m-%d} » {hors}")
                fin = None
        try:
            mois = en_mois(ligne["mois"])
        except (ValueError, TypeError):
            messages.append(f"mois « {en_texte(ligne['mois'])} » invalide (AAAA-MM attendu)")
        # Hours are worked: the month has begun, and is not before the window.
        if mois and (hors := date_hors_fenetre(mois, Fenetre.PASSE)):
            messages.append(f"mois « {mois:%Y-%m} » {hors}")
            mois = None
        if debut and fin and fin < debut:
            messages.append("la fin du contrat précède son début")
        elif mois and debut and (fin_de_mois(mois) < debut or (fin and mois > fin)):
            messages.append(f"le mois {mois:%Y-%m} est hors de la période du contrat")
        nb_heures = None
        try:
            nb_heures = en_nombre(ligne["heures"])
            if nb_heures < 0:
                messages.append("heures négatives")
            elif nb_heures > 744:
                messages.append("plus de 744 heures dans un mois")
        except (InvalidOperation, ValueError):
            messages.append(f"heures « {en_texte(ligne['heures'])} » : nombre attendu")
        role_texte = en_texte(ligne.get("entreprise_role")).lower().replace("-", "_")
        role = ROLES_IMPORT.get(role_texte.replace(" ", "_")) if role_texte else None
        if role_texte and role is None:
            messages.append(
                f"rôle de l'entreprise « {role_texte} » inconnu (attributaire, cotraitant ou "
                "sous_traitant)"
            )
        siae = en_texte(ligne.get("entreprise_siae")).upper() or None
        if siae and siae not in types_siae:
            messages.append(
                f"employeur d'insertion « {siae} » inconnu ({', '.join(sorted(types_siae))})"
            )

        if not messages and (e_siret, type_contrat, debut, fin, sexe) in contrats_anonymises:
            messages.append(
                f"ce contrat ({e_nom}, début {debut:%d/%m/%Y}) appartient à un participant déjà "
                "anonymisé : ses heures sont déjà comptées, retirez ces lignes du fichier"
            )
        if not messages:
            personne = {
                "sexe": sexe,
                "annee_naissance": annee,
                "commune": residence,
                "criteres": tuple(codes),
            }
            precedent = donnees.participants.setdefault(participant, personne)
            if precedent != personne:
                messages.append(
                    f"le participant {participant} a d'autres sexe, année, commune ou critères "
                    "plus haut"
                )
            entreprise = {"nom": e_nom, "effectif": effectif, "commune": e_commune}
            precedent = donnees.entreprises.setdefault(e_siret, entreprise)
            if precedent != entreprise:
                messages.append(
                    f"l'entreprise {e_siret} a un autre nom, effectif ou commune plus haut"
                )
            if siae and donnees.entreprises_siae.setdefault(e_siret, siae) != siae:
                messages.append(
                    f"l'entreprise {e_siret} a un autre employeur d'insertion plus haut"
                )
            if role and donnees.roles.setdefault((cle_lot, e_siret), role) != role:
                messages.append(
                    f"l'entreprise {e_siret} a un autre rôle sur le lot {lot} plus haut"
                )
            cle_contrat = (participant, e_siret, type_contrat, debut)
            contrat = donnees.contrats.setdefault(cle_contrat, {"fin": fin, "lots": set()})
            if contrat["fin"] != fin:
                messages.append("le même contrat a une autre date de fin plus haut")
            cle = (cle_contrat, cle_lot, mois)
            if cle in lignes_vues:
                messages.append(f"ligne en double de la ligne {lignes_vues[cle]}")
            if not messages:
                lignes_vues[cle] = numero
                contrat["lots"].add(cle_lot)
                donnees.heures[cle] = nb_heures
        for message in messages:
            erreurs.append(Erreur("heures", numero, message))
    if on_progress:
        on_progress(total, total)
    return donnees, erreurs
