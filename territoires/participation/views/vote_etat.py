"""Where an online voter stands, kept in the session until the vote is confirmed.

Nothing is written in the register nor in the ballot box before « Confirmer mon vote »; the
identity is kept as the register would keep it (fingerprint, age, commune, voting code id:
never a name nor a birth date), the choice as projet ids by enveloppe, so that going back
(browser or « Modifier ») loses nothing.
"""

from territoires.referentiel.models import Commune

from ..models import CodeVote
from ..scrutin import scrutin_cle
from ..services.campagnes import hors_departement
from ..services.votants import IdentiteVotant
from ..services.vote import Electeur

SESSION_VOTE = "bp_vote"


def _etats(request) -> dict:
    etats = request.session.get(SESSION_VOTE)
    return etats if isinstance(etats, dict) else {}


def _etat(request, campagne) -> dict:
    slug = campagne if isinstance(campagne, str) else campagne.slug
    etat = _etats(request).get(slug)
    return etat if isinstance(etat, dict) else {}


def _enregistrer(request, campagne, etat: dict) -> None:
    etats = _etats(request)
    etats[campagne.slug] = etat
    request.session[SESSION_VOTE] = etats


def identite_save(request, campagne, identite: IdentiteVotant, *, source: str) -> None:
    """Keep who votes; a new person starts from an empty choice."""
    etat = _etat(request, campagne)
    ancienne = etat.get("identite") or {}
    if ancienne.get("empreinte") != identite.empreinte:
        etat["choix"] = {}
    commune = identite.commune
    etat["identite"] = {
        "empreinte": identite.empreinte,
        "age": identite.age,
        "commune": commune.code if commune else "",
        "commune_id": commune.pk if commune else None,
        "code": identite.code.pk if identite.code else None,
        "code_jeunes": bool(identite.code and identite.code.jeunes),
        "source": source,
        # What the enveloppes' rules ask of the commune, read once here rather than at the
        # confirmation, the request every voter makes at the busiest moment.
        "hors_departement": hors_departement(commune),
        "cantons": list(commune.cantons.values_list("pk", flat=True)) if commune else [],
    }
    # Where the confirmation finds this campaign's frozen ballot (`participation/scrutin.py`).
    etat["scrutin"] = scrutin_cle(campagne)
    _enregistrer(request, campagne, etat)


def scrutin_cle_get(request, campagne_slug: str) -> str:
    cle = _etat(request, campagne_slug).get("scrutin")
    return cle if isinstance(cle, str) else ""


def identite_get(request, campagne) -> IdentiteVotant | None:
    """The identity kept for this campaign, as `vote_submit` takes it; None if there is none."""
    d = _etat(request, campagne).get("identite")
    if not isinstance(d, dict) or not d.get("empreinte"):
        return None
    code = None
    if d.get("code"):
        code = CodeVote.objects.filter(pk=d["code"], campagne=campagne).first()
        if code is None:
            return None
    commune = (
        Commune.objects.filter(code=d["commune"], type=Commune.Type.ACTUELLE).first()
        if d.get("commune")
        else None
    )
    return IdentiteVotant(empreinte=d["empreinte"], age=d.get("age"), commune=commune, code=code)


def electeur_get(request, campagne_slug: str) -> Electeur | None:
    """The identity kept for the confirmation, read from the session alone (no query)."""
    d = _etat(request, campagne_slug).get("identite")
    if not isinstance(d, dict) or not d.get("empreinte"):
        return None
    commune_id = d.get("commune_id")
    if d.get("commune") and commune_id is None:  # a session kept before the commune id was
        commune_id = (
            Commune.objects.filter(code=d["commune"], type=Commune.Type.ACTUELLE)
            .values_list("pk", flat=True)
            .first()
        )
    jeunes = d.get("code_jeunes")
    if d.get("code") and jeunes is None:  # likewise, before the youth flag was kept
        jeunes = CodeVote.objects.filter(pk=d["code"]).values_list("jeunes", flat=True).first()
    cantons = d.get("cantons")
    return Electeur(
        empreinte=d["empreinte"],
        age=d.get("age"),
        commune_id=commune_id,
        code_id=d.get("code") or None,
        code_jeunes=bool(jeunes),
        # Absent from a session kept before they were: read with the projets instead.
        hors_departement=d.get("hors_departement"),
        cantons=frozenset(cantons) if isinstance(cantons, list) else None,
    )


def identite_source(request, campagne) -> str:
    """How the identity was given: « profil », « franceconnect », « code » or « declaree »."""
    return (_etat(request, campagne).get("identite") or {}).get("source", "")


def choix_save(request, campagne, choix: dict[int, list[int]]) -> None:
    etat = _etat(request, campagne)
    etat["choix"] = {str(env): [int(pk) for pk in pks] for env, pks in choix.items() if pks}
    _enregistrer(request, campagne, etat)


def choix_get(request, campagne) -> dict[int, list[int]]:
    choix = _etat(request, campagne).get("choix") or {}
    return {int(env): [int(pk) for pk in pks] for env, pks in choix.items()}


def forget(request, campagne) -> None:
    """Once the vote is cast (or the person changes), their state leaves the session."""
    etats = _etats(request)
    slug = campagne if isinstance(campagne, str) else campagne.slug
    if etats.pop(slug, None) is not None:
        request.session[SESSION_VOTE] = etats
