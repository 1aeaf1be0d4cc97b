"""Écritures du budget participatif (une transaction par fonction)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import random
import secrets
import unicodedata
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from territoires.core.services import document_upload, journal_record, notify
from territoires.core.workflow import transition_apply

from . import depouillement, pabulib
from .models import (
    Bulletin,
    Campagne,
    Canal,
    CodeVote,
    Enveloppe,
    Idee,
    Jalon,
    Participation,
    PhotoRealisation,
    Projet,
    Realisation,
    Resultat,
    Votant,
)

TRANCHES_AGE = ((0, 17, "11-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"),
                (60, 74, "60-74"), (75, 200, "75+"))  # fmt: skip
ALPHABET_CODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # sans 0/O ni 1/I : lisible sur papier


class DejaVote(ValidationError):
    pass


def tranche_age(age: int | None) -> str:
    if age is None:
        return ""
    return next((t for a, b, t in TRANCHES_AGE if a <= age <= b), "")


# --- Identité du votant ------------------------------------------------------------------------


def _normaliser(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    mots = "".join(c if c.isalnum() else " " for c in sans_accents.lower()).split()
    return " ".join(mots)


def _cle() -> bytes:
    # La clé n'est pas en base : un export de la base ne permet pas de retrouver les empreintes.
    return (getattr(settings, "PARTICIPATION_CLE_VOTE", "") or settings.SECRET_KEY).encode()


def _hmac(campagne: Campagne, valeur: str) -> str:
    message = f"{campagne.pk}|{valeur}".encode()
    return hmac.new(_cle(), message, hashlib.sha256).hexdigest()


def empreinte_identite(
    *, campagne: Campagne, nom: str, prenom: str, naissance: datetime.date, commune_code: str
) -> str:
    """Identité normalisée (accents, casse, tirets, espaces) puis condensée.

    La même clé pour les trois canaux : identité déclarée en ligne, bulletin papier et
    identité certifiée par FranceConnect. Seul le premier prénom compte, car FranceConnect
    transmet tous les prénoms de l'état civil (« Jeanne Marie Louise ») et la personne n'en
    déclare qu'un ; le nom est le nom de naissance, celui que transmet FranceConnect.
    """
    premier_prenom = next(iter(_normaliser(prenom).split()), "")
    return _hmac(
        campagne,
        f"id|{_normaliser(nom)}|{premier_prenom}|{naissance.isoformat()}|{commune_code}",
    )


# --- Idées ----------------------------------------------------------------------------------


@transaction.atomic
def idee_deposer(
    *,
    campagne: Campagne,
    titre: str,
    description: str,
    categorie: str,
    cout_estime: Decimal,
    commune=None,
    lieu: str = "",
    enveloppe: Enveloppe | None = None,
    auteur=None,
    saisie_par=None,
    nom_auteur: str = "",
    age: int | None = None,
    photos: list | tuple = (),
    commune_auteur=None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Idee:
    if campagne.phase != "idees":
        raise ValidationError("L'appel à idées n'est pas ouvert.")
    if enveloppe is not None:
        if enveloppe.campagne_id != campagne.pk:
            raise ValidationError("Enveloppe d'une autre campagne.")
        if age is not None and not enveloppe.age_permis(age, pour="proposer"):
            raise ValidationError(f"Votre âge ne permet pas de proposer dans « {enveloppe.nom} ».")
        if enveloppe.residence_requise and hors_departement(commune_auteur):
            raise ValidationError(f"« {enveloppe.nom} » est réservée aux habitants du Département.")
        if not enveloppe.cout_permis(cout_estime):
            raise ValidationError(
                f"Le coût estimé sort des limites de l'enveloppe « {enveloppe.nom} »."
            )
        if not enveloppe.commune_dans_canton(commune):
            raise ValidationError(
                f"« {enveloppe.nom} » ne finance que des projets situés dans le canton "
                f"{enveloppe.canton.nom} : choisissez une commune de ce canton."
            )
    if auteur is not None and not auteur.email_verifie:
        raise ValidationError("Vérifiez d'abord votre adresse électronique.")
    if auteur is None and not nom_auteur:
        raise ValidationError("Indiquez le nom de la personne qui propose l'idée.")
    idee = Idee.objects.create(
        campagne=campagne,
        enveloppe=enveloppe,
        auteur=auteur,
        saisie_par=saisie_par,
        nom_auteur=nom_auteur,
        titre=titre,
        description=description,
        categorie=categorie,
        cout_estime=cout_estime,
        commune=commune,
        lieu=lieu,
        # Un point sans son autre coordonnée ne situe rien : les deux ou aucune.
        latitude=latitude if longitude is not None else None,
        longitude=longitude if latitude is not None else None,
    )
    for fichier in photos:
        idee.photos.add(
            document_upload(
                file=fichier,
                owner_organisation=None,
                uploaded_by=saisie_par or auteur,
                attached_to=idee,
                allowed_types=("jpeg", "png"),
            )
        )
    journal_record(
        obj=idee,
        actor=saisie_par or auteur,
        action="creation",
        description="Idée saisie sur papier" if saisie_par else "Idée déposée",
    )
    return idee


@transaction.atomic
def profil_enregistrer(*, user, date_naissance: datetime.date, commune) -> None:
    from .models import ProfilCitoyen

    if date_naissance >= timezone.localdate():
        raise ValidationError("Date de naissance invalide.")
    ProfilCitoyen.objects.update_or_create(
        user=user, defaults={"date_naissance": date_naissance, "commune": commune}
    )


def _notifier_auteur(idee: Idee, titre: str, texte: str) -> None:
    if idee.auteur_id:
        notify(
            users=[idee.auteur],
            title=titre,
            body=texte,
            url=f"/budget-participatif/idees/{idee.pk}/",
            category="participation",
        )


@transaction.atomic
def idee_moderer(*, idee: Idee, actor, publier: bool, motif: str = "") -> Idee:
    if publier:
        transition_apply(obj=idee, transition="publier", actor=actor)
    else:
        if not motif.strip():
            raise ValidationError("Le motif de modération est obligatoire : il est publié.")
        idee.motif_moderation = motif
        transition_apply(obj=idee, transition="moderer", actor=actor, reason=motif)
        _notifier_auteur(idee, "Votre idée n'a pas été publiée", motif)
    return idee


@transaction.atomic
def idee_analyser(
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
    """Avis des services, coût estimé, décision (retenue / non retenue) justifiée publiquement."""
    if not justification.strip():
        raise ValidationError("La justification publique est obligatoire.")
    idee.avis_technique = avis_technique
    idee.avis_juridique = avis_juridique
    idee.avis_financier = avis_financier
    idee.cout_services = cout_services
    idee.justification = justification
    transition = {"retenue": "retenir", "non_retenue": "ecarter"}[decision]
    transition_apply(obj=idee, transition=transition, actor=actor, reason=justification)
    _notifier_auteur(
        idee, f"Votre idée « {idee.titre} » : {idee.get_statut_display().lower()}", justification
    )
    return idee


@transaction.atomic
def projet_creer(
    *,
    campagne: Campagne,
    enveloppe: Enveloppe,
    idees: list[Idee],
    titre: str,
    description: str,
    cout: Decimal,
    actor,
    commune=None,
) -> Projet:
    """Un projet à partir d'une ou plusieurs idées retenues ; chaque idée garde le lien."""
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
            _notifier_auteur(
                idee, "Votre idée rejoint un projet", f"Projet {projet.code} : {titre}"
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
def projets_selectionner(*, campagne: Campagne, projets: list[Projet], actor) -> int:
    """La liste soumise au vote (commission citoyenne) ; figée avec les règles."""
    if campagne.figee:
        raise ValidationError("Le vote est ouvert : la liste des projets ne change plus.")
    ids = [p.pk for p in projets]
    Projet.objects.filter(campagne=campagne).exclude(pk__in=ids).update(soumis_au_vote=False)
    n = Projet.objects.filter(campagne=campagne, pk__in=ids).update(soumis_au_vote=True)
    journal_record(
        obj=campagne, actor=actor, action="autre", description=f"{n} projet(s) soumis au vote"
    )
    return n


# --- Vote -------------------------------------------------------------------------------------


def _compter(campagne: Campagne, dimension: str, valeur: str) -> None:
    if not valeur:
        return
    qs = Participation.objects.filter(campagne=campagne, dimension=dimension, valeur=valeur)
    if qs.update(nombre=F("nombre") + 1):
        return
    try:
        with transaction.atomic():
            Participation.objects.create(
                campagne=campagne, dimension=dimension, valeur=valeur, nombre=1
            )
    except IntegrityError:
        qs.update(nombre=F("nombre") + 1)


def hors_departement(commune) -> bool:
    """Commune déclarée connue et située hors du Département servi."""
    return (
        commune is not None
        and commune.departement_id is not None
        and (commune.departement.code != settings.TERRITOIRES_DEPARTEMENT)
    )


def verifier_choix(
    *, campagne: Campagne, choix: dict[int, list[int]], age: int | None, commune=None
) -> dict:
    """Contrôle chaque bulletin contre les règles de son enveloppe ; rend {enveloppe: pks}."""
    enveloppes = {e.pk: e for e in campagne.enveloppes.select_related("canton")}
    if not choix or not any(choix.values()):
        raise ValidationError("Choisissez au moins un projet.")
    propres: dict[Enveloppe, list[int]] = {}
    for env_id, pks in choix.items():
        env = enveloppes.get(int(env_id))
        if env is None:
            raise ValidationError("Enveloppe inconnue.")
        pks = sorted({int(p) for p in pks})
        if not pks:
            continue
        if not env.age_permis(age, pour="vote") and age is not None:
            raise ValidationError(f"Votre âge ne permet pas de voter dans « {env.nom} ».")
        if env.residence_requise and hors_departement(commune):
            raise ValidationError(f"« {env.nom} » est réservée aux habitants du Département.")
        if not env.commune_dans_canton(commune):
            raise ValidationError(
                f"« {env.nom} » est réservée aux habitants du canton {env.canton.nom} : "
                "votre commune de résidence n'en fait pas partie."
            )
        if not env.choix_min <= len(pks) <= env.choix_max:
            raise ValidationError(
                f"« {env.nom} » : choisissez entre {env.choix_min} et {env.choix_max} projets."
            )
        valides = set(
            Projet.objects.filter(enveloppe=env, soumis_au_vote=True, pk__in=pks).values_list(
                "pk", flat=True
            )
        )
        if valides != set(pks):
            raise ValidationError(f"« {env.nom} » : projet hors de la liste soumise au vote.")
        propres[env] = pks
    return propres


def vote_enregistrer(
    *,
    campagne: Campagne,
    empreinte: str,
    canal: str,
    choix: dict[int, list[int]],
    age: int | None = None,
    commune=None,
    code: CodeVote | None = None,
) -> None:
    """Inscrit la personne au registre et dépose ses bulletins, ou rien du tout.

    La contrainte d'unicité (campagne, empreinte) du registre fait qu'une personne ne vote
    qu'une fois, en ligne ou sur papier, même si cent demandes arrivent ensemble.
    """
    if not campagne.vote_ouvert:
        raise ValidationError("Le vote n'est pas ouvert.")
    propres = verifier_choix(campagne=campagne, choix=choix, age=age, commune=commune)
    jour = timezone.localdate()
    try:
        with transaction.atomic():
            if code is not None:
                marque = CodeVote.objects.filter(pk=code.pk, utilise=False).update(utilise=True)
                if not marque:
                    raise DejaVote("Ce code de vote a déjà servi.")
            Votant.objects.create(
                campagne=campagne,
                empreinte=empreinte,
                canal=canal,
                jour=jour,
                tranche_age=tranche_age(age),
                commune=commune,
            )
            # Ordre aléatoire, identifiants aléatoires, jour seulement : rien ne rattache ces
            # lignes à celle du registre (voir ADR 0008, et `urne_brasser`).
            bulletins = [
                Bulletin(enveloppe=env, jour=jour, choix=pks) for env, pks in propres.items()
            ]
            random.SystemRandom().shuffle(bulletins)
            Bulletin.objects.bulk_create(bulletins)
            _compter(campagne, Participation.Dimension.TOTAL, "total")
            _compter(campagne, Participation.Dimension.CANAL, canal)
            _compter(campagne, Participation.Dimension.AGE, tranche_age(age))
            _compter(campagne, Participation.Dimension.COMMUNE, commune.code if commune else "")
    except IntegrityError as exc:
        raise DejaVote("Cette personne a déjà voté pour cette campagne.") from exc


def personne_a_vote(*, campagne: Campagne, empreinte: str) -> bool:
    return Votant.objects.filter(campagne=campagne, empreinte=empreinte).exists()


@transaction.atomic
def urne_brasser(*, campagne: Campagne) -> int:
    """Réécrit l'urne dans un ordre aléatoire avec de nouveaux identifiants.

    Efface l'ordre physique et les numéros de transaction d'insertion (PostgreSQL `xmin`,
    `ctid` ; SQLite `rowid`) qui pourraient rapprocher un bulletin de sa ligne du registre.
    """
    anciens = list(
        Bulletin.objects.filter(enveloppe__campagne=campagne).values(
            "enveloppe_id", "jour", "choix"
        )
    )
    random.SystemRandom().shuffle(anciens)
    Bulletin.objects.filter(enveloppe__campagne=campagne).delete()
    Bulletin.objects.bulk_create([Bulletin(**b) for b in anciens], batch_size=2000)
    return len(anciens)


def _condense(sel: str, code: str) -> str:
    return hashlib.sha256(f"{sel}|{code}".encode()).hexdigest()


def normaliser_code(code: str) -> str:
    return "".join(c for c in code.upper() if c in ALPHABET_CODE)


@transaction.atomic
def codes_generer(
    *, campagne: Campagne, nombre: int, jeunes: bool = False, actor=None
) -> list[str]:
    """Un lot de codes à usage unique ; le clair n'est rendu qu'ici (pour l'impression)."""
    lot = (
        CodeVote.objects.filter(campagne=campagne)
        .order_by("-lot")
        .values_list("lot", flat=True)
        .first()
        or 0
    ) + 1
    clairs, lignes = [], []
    for _ in range(nombre):
        brut = "".join(secrets.choice(ALPHABET_CODE) for _ in range(12))  # 60 bits
        sel = secrets.token_hex(16)
        clairs.append(f"{brut[:4]}-{brut[4:8]}-{brut[8:]}")
        lignes.append(
            CodeVote(
                campagne=campagne,
                lot=lot,
                repere=brut[:4],
                sel=sel,
                condense=_condense(sel, brut),
                jeunes=jeunes,
            )
        )
    CodeVote.objects.bulk_create(lignes)
    journal_record(
        obj=campagne,
        actor=actor,
        action="autre",
        description=f"Lot {lot} : {nombre} code(s) de vote",
    )
    return clairs


def code_trouver(*, campagne: Campagne, code: str) -> CodeVote | None:
    brut = normaliser_code(code)
    if len(brut) != 12:
        return None
    for ligne in CodeVote.objects.filter(campagne=campagne, repere=brut[:4]):
        if hmac.compare_digest(ligne.condense, _condense(ligne.sel, brut)):
            return ligne
    return None


def empreinte_code(*, campagne: Campagne, code: CodeVote) -> str:
    return _hmac(campagne, f"code|{code.pk}")


# --- Résultats ------------------------------------------------------------------------------


def bulletins_de(enveloppe: Enveloppe) -> list[list[int]]:
    return list(Bulletin.objects.filter(enveloppe=enveloppe).values_list("choix", flat=True))


def _json_tours(tours: list[depouillement.Tour], pk_de: dict[str, int]) -> list[dict]:
    return [
        {
            "numero": t.numero,
            "projet": pk_de[t.projet],
            "retenu": t.retenu,
            "voix": t.voix,
            "cout": float(t.cout),
            "part_par_soutien": None if t.part_par_soutien is None else float(t.part_par_soutien),
            "reste_budget": None if t.reste_budget is None else float(t.reste_budget),
            "motif": t.motif,
        }
        for t in tours
    ]


def resultat_calculer(*, enveloppe: Enveloppe, methode: str | None = None) -> Resultat:
    campagne = enveloppe.campagne
    methode = methode or campagne.methode
    # Le départage lexicographique porte sur le numéro public du projet, comme pabutools.
    projets = {
        p.pk: (p.code, p.cout)
        for p in Projet.objects.filter(enveloppe=enveloppe, soumis_au_vote=True).only(
            "code", "cout"
        )
    }
    pk_de = {code: pk for pk, (code, _) in projets.items()}
    bulletins = bulletins_de(enveloppe)
    calcul = depouillement.calculer(
        methode,
        {code: cout for code, cout in projets.values()},
        ([projets[p][0] for p in b] for b in bulletins),
        enveloppe.budget,
        departage=campagne.departage,
    )
    voix = Counter(p for b in bulletins for p in b)
    resultat, _ = Resultat.objects.update_or_create(
        enveloppe=enveloppe,
        methode=methode,
        defaults={
            "departage": campagne.departage,
            "bulletins": len(bulletins),
            "budget": enveloppe.budget,
            "cout_total": Decimal(calcul.cout_total.numerator)
            / Decimal(calcul.cout_total.denominator),
            "selectionnes": [pk_de[p] for p in calcul.selectionnes],
            "tours": _json_tours(calcul.tours, pk_de),
            "voix": {str(k): v for k, v in voix.items()},
        },
    )
    return resultat


def resultats_campagne(
    *, campagne: Campagne, methode: str | None = None, on_progress=None
) -> list[Resultat]:
    enveloppes = list(campagne.enveloppes.all())
    sortie = []
    for i, env in enumerate(enveloppes, 1):
        sortie.append(resultat_calculer(enveloppe=env, methode=methode))
        if on_progress:
            on_progress(i, len(enveloppes))
    return sortie


@transaction.atomic
def realisations_creer(*, campagne: Campagne, actor=None) -> int:
    """Les lauréats (méthode de la campagne) deviennent des réalisations suivies."""
    n = 0
    for resultat in Resultat.objects.filter(enveloppe__campagne=campagne, methode=campagne.methode):
        for pk in resultat.selectionnes:
            _, cree = Realisation.objects.get_or_create(projet_id=pk)
            n += cree
    journal_record(
        obj=campagne, actor=actor, action="autre", description=f"{n} réalisation(s) créée(s)"
    )
    return n


@transaction.atomic
def realisation_mettre_a_jour(
    *,
    realisation: Realisation,
    actor,
    statut: str,
    avancement: int,
    budget_depense: Decimal,
    commentaire: str,
) -> Realisation:
    if not 0 <= avancement <= 100:
        raise ValidationError("L'avancement va de 0 à 100 %.")
    if budget_depense < 0:
        raise ValidationError("Le budget dépensé ne peut être négatif.")
    realisation.statut = statut
    realisation.avancement = avancement
    realisation.budget_depense = budget_depense
    realisation.commentaire = commentaire
    realisation.save()
    journal_record(
        obj=realisation, actor=actor, action="modification", description=f"{avancement} %, {statut}"
    )
    return realisation


@transaction.atomic
def realisation_photo_ajouter(
    *, realisation: Realisation, fichier, texte_alternatif: str, legende: str = "", actor
) -> PhotoRealisation:
    """Une photo de l'avancement (JPEG ou PNG contrôlés par leur contenu et leur taille)."""
    if not texte_alternatif.strip():
        raise ValidationError("Décrivez la photo : le texte alternatif est obligatoire.")
    document = document_upload(
        file=fichier,
        owner_organisation=None,
        uploaded_by=actor,
        attached_to=realisation,
        allowed_types=("jpeg", "png"),
    )
    photo = PhotoRealisation.objects.create(
        realisation=realisation,
        document=document,
        texte_alternatif=texte_alternatif.strip(),
        legende=legende.strip(),
    )
    journal_record(obj=realisation, actor=actor, action="modification", description="Photo ajoutée")
    return photo


@transaction.atomic
def jalon_ajouter(
    *, realisation: Realisation, libelle: str, date_prevue: datetime.date, atteint_le=None
) -> Jalon:
    return Jalon.objects.create(
        realisation=realisation, libelle=libelle, date_prevue=date_prevue, atteint_le=atteint_le
    )


# --- pabulib ---------------------------------------------------------------------------------


def _date_pabulib(texte: str, defaut: datetime.date) -> datetime.date:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(texte, fmt).date()  # noqa: DTZ007 (une date)
        except (ValueError, TypeError):
            continue
    return defaut


@transaction.atomic
def campagne_importer_pabulib(*, fichier: pabulib.FichierPabulib, slug: str) -> Campagne:
    """Une campagne (une enveloppe), ses projets et ses bulletins, tout ou rien."""
    if Campagne.objects.filter(slug=slug).exists():
        raise ValidationError(f"La campagne « {slug} » existe déjà.")
    m = fichier.meta
    debut = _date_pabulib(m.get("date_begin", ""), timezone.localdate())
    fin = _date_pabulib(m.get("date_end", ""), debut)
    budget = (
        Decimal(str(float(fichier.budget)))
        if fichier.budget.denominator != 1
        else Decimal(fichier.budget.numerator)
    )
    campagne = Campagne.objects.create(
        slug=slug,
        titre=f"{m.get('description', 'Budget participatif')} {m.get('instance', '')}".strip(),
        budget_total=budget,
        deliberation_le=debut - datetime.timedelta(days=240),
        idees_debut=debut - datetime.timedelta(days=180),
        idees_fin=debut - datetime.timedelta(days=120),
        analyse_fin=debut - datetime.timedelta(days=1),
        vote_debut=debut,
        vote_fin=fin,
        realisation_debut=fin + datetime.timedelta(days=60),
        evaluation_le=fin + datetime.timedelta(days=730),
        meta_pabulib=m,
    )
    enveloppe = Enveloppe(
        campagne=campagne,
        nom=m.get("subunit") or m.get("unit") or "Générale",
        budget=budget,
        choix_min=int(m.get("min_length") or 1),
        choix_max=int(m.get("max_length") or max((len(b) for b in fichier.bulletins()), default=1)),
    )
    enveloppe._import = True
    enveloppe.save()
    projets = Projet.objects.bulk_create(
        Projet(
            campagne=campagne,
            enveloppe=enveloppe,
            code=p["project_id"],
            titre=(p.get("name") or p["project_id"])[:300],
            categorie=(p.get("category") or "")[:80],
            cout=Decimal(str(pabulib.nombre(p["cost"]).numerator))
            if pabulib.nombre(p["cost"]).denominator == 1
            else Decimal(p["cost"]),
            soumis_au_vote=True,
        )
        for p in fichier.projets
    )
    pk_de = {p.code: p.pk for p in projets}
    Bulletin.objects.bulk_create(
        (
            Bulletin(enveloppe=enveloppe, jour=debut, choix=sorted(pk_de[c] for c in b))
            for b in fichier.bulletins()
        ),
        batch_size=5000,
    )
    Participation.objects.create(
        campagne=campagne, dimension="total", valeur="total", nombre=len(fichier.votes)
    )
    canaux = Counter(
        {"internet": Canal.EN_LIGNE, "paper": Canal.PAPIER}.get(v.get("voting_method", ""), "")
        for v in fichier.votes
    )
    for canal, n in canaux.items():
        if canal:
            Participation.objects.create(
                campagne=campagne, dimension="canal", valeur=canal, nombre=n
            )
    journal_record(obj=campagne, actor=None, action="creation", description="Import pabulib")
    return campagne


def resultat_pabulib(*, campagne: Campagne, enveloppe: Enveloppe, resultat: Resultat) -> str:
    """L'enveloppe au format pabulib, avec les lauréats (`selected`)."""
    projets = list(Projet.objects.filter(enveloppe=enveloppe, soumis_au_vote=True).order_by("code"))
    code_de = {p.pk: p.code for p in projets}
    bulletins = bulletins_de(enveloppe)
    voix = Counter(p for b in bulletins for p in b)
    meta = {
        "description": campagne.meta_pabulib.get("description") or campagne.titre,
        "country": campagne.meta_pabulib.get("country", "France"),
        "unit": campagne.meta_pabulib.get("unit", "Territoires"),
        "subunit": enveloppe.nom,
        "instance": campagne.meta_pabulib.get("instance", str(campagne.vote_debut.year)),
        "num_projects": str(len(projets)),
        "num_votes": str(len(bulletins)),
        "budget": pabulib.montant(Fraction(str(enveloppe.budget))),
        "vote_type": "approval",
        # Pour pabulib (et son vérificateur), `equalshares/add1` s'arrête au relèvement, sans
        # complétion ; notre `mes-add1` complète de façon gloutonne comme pabutools
        # (completion_by_rule_combination) : la règle est donc déclarée « unknown » et décrite.
        "rule": {"greedy": "greedy", "mes": "equalshares", "mes-add1": "unknown"}[resultat.methode],
        "date_begin": campagne.vote_debut.strftime("%d.%m.%Y"),
        "date_end": campagne.vote_fin.strftime("%d.%m.%Y"),
        "min_length": str(enveloppe.choix_min),
        "max_length": str(enveloppe.choix_max),
        "currency": "EUR",
    }
    if resultat.methode == "mes-add1":
        meta["comment"] = (
            "#1: règle equalshares/add1 (part relevée d'une unité par votant) suivie d'une "
            "complétion gloutonne par nombre de voix, comme pabutools "
            "completion_by_rule_combination."
        )
    selection = set(resultat.selectionnes)
    fichier = pabulib.FichierPabulib(
        meta=meta,
        colonnes_projets=["project_id", "cost", "votes", "name", "category", "selected"],
        projets=[
            {
                "project_id": p.code,
                "cost": pabulib.montant(Fraction(str(p.cout))),
                "votes": str(voix.get(p.pk, 0)),
                "name": p.titre.replace(";", ","),
                "category": p.categorie.replace(";", ","),
                "selected": "1" if p.pk in selection else "0",
            }
            for p in projets
        ],
        colonnes_votes=["voter_id", "vote"],
        votes=[
            {"voter_id": str(i), "vote": ",".join(code_de[p] for p in b)}
            for i, b in enumerate(bulletins, 1)
        ],
    )
    return pabulib.ecrire_texte(fichier)
