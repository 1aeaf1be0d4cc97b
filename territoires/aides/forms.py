from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from stdnum.fr import siret as stdnum_siret

from territoires.comptes.models import Organisation
from territoires.core.dates import DateFenetreField, Fenetre
from territoires.core.forms import DocumentField
from territoires.referentiel.forms import CommunesActuellesField
from territoires.ui.templatetags.dates import date_longue

from .formats import euros
from .models import ActeSigne, LigneFinancement, SessionProgrammation, Versement
from .selectors.pieces import Totaux, totaux

#: Expense lines shown at least, and at most (a bound against a forged request).
LIGNES_DEPENSES = 3
LIGNES_DEPENSES_MAX = 100
#: The buttons that redisplay the form without saving it: the server computes the totals.
ACTIONS_RECALCUL = ("recalculer", "ajouter_ligne")


def _nombre(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


class MontantField(forms.DecimalField):
    """An amount in euros typed the French way (« 6 000,50 ») as well as « 6000.50 »."""

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        return super().to_python(value)


class DossierForm(forms.Form):
    intitule = forms.CharField(label="Intitulé du projet", max_length=255)
    description = forms.CharField(
        label="Description du projet", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    communes = CommunesActuellesField(
        label="Communes concernées (codes INSEE)",
        required=False,
        help_text="Séparés par des virgules. Par défaut : la commune qui dépose.",
    )
    siret_beneficiaire = forms.CharField(
        label="SIRET de l'établissement bénéficiaire",
        max_length=17,
        help_text="14 chiffres : il figure sur l'avis de situation au répertoire SIRENE.",
    )
    cout_ht = MontantField(label="Coût total du projet HT (€)", min_value=Decimal("0.01"))
    montant_demande = MontantField(
        label="Subvention demandée au Département (€)", min_value=Decimal("0")
    )
    date_debut_travaux = DateFenetreField(label="Début des travaux prévu", required=False)
    date_fin_travaux = DateFenetreField(label="Fin des travaux prévue", required=False)
    derogation_autofinancement = forms.CharField(
        label="Dérogation à l'autofinancement minimal (le cas échéant)",
        required=False,
        max_length=255,
        help_text="Exception légale de l'article L1111-10 du CGCT qui s'applique, avec sa "
        "référence (patrimoine protégé, calamité publique…).",
    )

    def __init__(self, *args, operations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lignes = self._nombre_lignes()
        if operations is not None:
            # F2D: the dossier funds one operation listed in the EPCI's contract.
            self.fields["operation"] = forms.ModelChoiceField(
                label="Opération du contrat",
                queryset=operations,
                help_text="Les opérations inscrites au contrat de votre intercommunalité.",
            )
        for i in range(self.lignes):
            self.fields[f"depense_{i}_libelle"] = forms.CharField(
                label=f"Dépense {i + 1} : libellé", required=False, max_length=255
            )
            self.fields[f"depense_{i}_montant"] = MontantField(
                label=f"Dépense {i + 1} : montant HT (€)", required=False, min_value=Decimal("0")
            )
        for value, label in LigneFinancement.Financeur.choices:
            self.fields[f"financement_{value}"] = MontantField(
                label=f"{label} (€)", required=False, min_value=Decimal("0")
            )
            if value != LigneFinancement.Financeur.AUTOFINANCEMENT:
                self.fields[f"financement_{value}_obtenu"] = forms.BooleanField(
                    label=f"{label} : déjà obtenu", required=False
                )

    def _nombre_lignes(self) -> int:
        """As many expense lines as the request says (one more for « Ajouter une ligne »),
        or as the dossier has, plus an empty one."""
        if self.is_bound:
            lignes = _nombre(self.data.get("lignes_depenses"), LIGNES_DEPENSES)
            if self.data.get("action") == "ajouter_ligne":
                lignes += 1
        else:
            lignes = _nombre(self.initial.get("lignes_depenses"), 0) + 1
        return min(max(lignes, LIGNES_DEPENSES), LIGNES_DEPENSES_MAX)

    @property
    def recalcul(self) -> bool:
        """« Recalculer » or « Ajouter une ligne »: shown again, nothing saved nor judged."""
        return self.is_bound and self.data.get("action") in ACTIONS_RECALCUL

    def sans_erreurs(self) -> None:
        """Read what can be read (for the totals) without showing errors yet."""
        self.full_clean()
        self._errors = ErrorDict()

    def depense_fields(self):
        return [
            (self[f"depense_{i}_libelle"], self[f"depense_{i}_montant"]) for i in range(self.lignes)
        ]

    def totaux(self) -> Totaux:
        """Totals of the expenses and of the financing plan, from what was typed."""
        if self.is_bound:
            if not hasattr(self, "cleaned_data"):
                self.full_clean()
            values = self.cleaned_data
        else:
            values = self.initial
        return totaux(
            cout=values.get("cout_ht"),
            depenses=[values.get(f"depense_{i}_montant") for i in range(self.lignes)],
            financements=[
                values.get(f"financement_{v}") for v, _ in LigneFinancement.Financeur.choices
            ],
            demande=values.get("montant_demande"),
        )

    def financement_fields(self):
        return [
            (
                self[f"financement_{value}"],
                self[f"financement_{value}_obtenu"]
                if f"financement_{value}_obtenu" in self.fields
                else None,
            )
            for value, _ in LigneFinancement.Financeur.choices
        ]

    def main_fields(self):
        names = [
            *(["operation"] if "operation" in self.fields else []),
            "intitule",
            "description",
            "communes",
            "siret_beneficiaire",
            "cout_ht",
            "montant_demande",
            "date_debut_travaux",
            "date_fin_travaux",
        ]
        return [self[n] for n in names]

    def clean_siret_beneficiaire(self):
        value = "".join(c for c in self.cleaned_data["siret_beneficiaire"] if c.isdigit())
        if not stdnum_siret.is_valid(value):
            raise ValidationError("Ce SIRET n'est pas valide (14 chiffres, clé de contrôle).")
        return value

    def clean(self):
        data = super().clean()
        debut, fin = data.get("date_debut_travaux"), data.get("date_fin_travaux")
        if debut and fin and fin < debut:
            self.add_error("date_fin_travaux", "La fin des travaux précède leur début.")
        self._clean_depenses(data)
        return data

    def _clean_depenses(self, data) -> None:
        """Each line has its label and its amount; their total equals the cost HT."""
        total, renseignees = Decimal("0"), 0
        for i in range(self.lignes):
            libelle, montant = data.get(f"depense_{i}_libelle"), data.get(f"depense_{i}_montant")
            if libelle and montant is None and f"depense_{i}_montant" not in self.errors:
                self.add_error(f"depense_{i}_montant", "Indiquez le montant HT de cette dépense.")
            elif montant is not None and not libelle:
                self.add_error(f"depense_{i}_libelle", "Indiquez ce que couvre cette dépense.")
            elif libelle and montant is not None:
                total += montant
                renseignees += 1
        cout = data.get("cout_ht")
        if cout is None or any(k.startswith("depense_") for k in self.errors):
            return
        if not renseignees:
            self.add_error(
                None,
                "Détaillez les dépenses : au moins une ligne (libellé et montant HT) ; leur "
                "total doit être égal au coût total du projet HT.",
            )
        elif total != cout:
            self.add_error(
                None,
                f"Le total des dépenses ({euros(total)}) n'est pas égal au coût total du projet "
                f"HT ({euros(cout)}) : écart de {euros(cout - total)}. Corrigez une ligne ou le "
                "coût.",
            )

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        data = {
            k: d[k]
            for k in (
                "intitule",
                "description",
                "siret_beneficiaire",
                "cout_ht",
                "montant_demande",
                "date_debut_travaux",
                "date_fin_travaux",
                "derogation_autofinancement",
            )
        }
        depenses = [
            {"libelle": d[f"depense_{i}_libelle"], "montant_ht": d[f"depense_{i}_montant"]}
            for i in range(self.lignes)
            if d.get(f"depense_{i}_libelle") and d.get(f"depense_{i}_montant") is not None
        ]
        financements = [
            {
                "financeur": value,
                "montant": d[f"financement_{value}"],
                "statut": "obtenu" if d.get(f"financement_{value}_obtenu") else "sollicite",
            }
            for value, _ in LigneFinancement.Financeur.choices
            if d.get(f"financement_{value}")
        ]
        if "operation" in self.fields:
            data["operation"] = d["operation"]
        return {
            "data": data,
            "communes": d["communes"] or None,
            "depenses": depenses,
            "financements": financements,
        }

    @classmethod
    def initial_for(cls, dossier) -> dict:
        initial = {
            k: getattr(dossier, k)
            for k in (
                "intitule",
                "description",
                "siret_beneficiaire",
                "cout_ht",
                "montant_demande",
                "date_debut_travaux",
                "date_fin_travaux",
                "derogation_autofinancement",
            )
        }
        initial["operation"] = dossier.operation_id
        initial["communes"] = ", ".join(c.code for c in dossier.communes.all())
        depenses = list(dossier.depenses.all()[:LIGNES_DEPENSES_MAX])
        initial["lignes_depenses"] = len(depenses)
        for i, ligne in enumerate(depenses):
            initial[f"depense_{i}_libelle"] = ligne.libelle
            initial[f"depense_{i}_montant"] = ligne.montant_ht
        for ligne in dossier.financements.all():
            initial[f"financement_{ligne.financeur}"] = ligne.montant
            initial[f"financement_{ligne.financeur}_obtenu"] = ligne.statut == "obtenu"
        return initial


class MotifForm(forms.Form):
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 3}))


class RejetVersementForm(forms.Form):
    motif = forms.CharField(
        label="Motif du rejet (transmis au bénéficiaire)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(forms.Form):
    texte = forms.CharField(label="Votre message", widget=forms.Textarea(attrs={"rows": 3}))
    piece_jointe = DocumentField(label="Pièce jointe", required=False)


class DocumentForm(forms.Form):
    fichier = DocumentField(label="Document")


class AnnotationForm(forms.Form):
    texte = forms.CharField(
        label="Annotation privée (jamais visible du demandeur)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AvisDemandeForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service consulté",
        queryset=Organisation.objects.filter(type=Organisation.Type.SERVICE, actif=True),
    )
    question = forms.CharField(label="Question (réponse par oui ou non)", max_length=255)


class AvisReponseForm(forms.Form):
    favorable = forms.TypedChoiceField(
        label="Avis",
        choices=[("oui", "Oui, favorable"), ("non", "Non, défavorable")],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
    )
    texte = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 3}))


class PropositionForm(forms.Form):
    montant = forms.DecimalField(
        label="Montant proposé (€)", min_value=Decimal("0.01"), decimal_places=2
    )
    session = forms.ModelChoiceField(
        label="Session de programmation", queryset=SessionProgrammation.objects.none()
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dossier is not None:
            self.fields["session"].queryset = SessionProgrammation.objects.filter(
                dispositif=dossier.dispositif, numero_deliberation=""
            )


class ProgrammationForm(forms.Form):
    depassement = forms.CharField(
        label="Motif d'un dépassement d'enveloppe (seulement si nécessaire)",
        required=False,
        max_length=255,
    )


class VoteForm(forms.Form):
    numero = forms.CharField(label="Numéro de la délibération", max_length=40)
    date = DateFenetreField(label="Date de la délibération", fenetre=Fenetre.PASSE)

    def __init__(self, *args, dossiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.dossiers = list(dossiers)
        for dossier in self.dossiers:
            self.fields[f"decision_{dossier.pk}"] = forms.ChoiceField(
                label=f"Décision pour {dossier.numero} — {dossier.organisation}",
                # No decision is pre-selected: a dossier left blank stays « non voté ».
                choices=[
                    ("", "Non voté (pas de décision)"),
                    ("attribuer", "Attribuer"),
                    ("refuser", "Refuser"),
                    ("ajourner", "Ajourner"),
                ],
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if self.dossiers and not self.decisions():
            raise forms.ValidationError(
                "Choisissez la décision d'au moins un dossier : un dossier sans décision "
                "reste non voté."
            )
        return cleaned

    def decisions(self) -> dict[int, str]:
        """The decisions actually chosen; a dossier left blank is not in it."""
        return {
            d.pk: self.cleaned_data[f"decision_{d.pk}"]
            for d in self.dossiers
            if self.cleaned_data.get(f"decision_{d.pk}")
        }


class VersementForm(forms.Form):
    type = forms.ChoiceField(label="Nature du versement", choices=Versement.Type.choices)
    depenses_justifiees = forms.DecimalField(
        label="Dépenses réalisées HT justifiées, en cumul (€)",
        min_value=Decimal("0"),
        decimal_places=2,
        required=False,
        help_text="Le montant versé est calculé au prorata de la dépense réelle.",
    )
    justificatif = DocumentField(
        label="Justificatifs (factures acquittées, certificat d'achèvement)",
        required=False,
        allowed_types=["pdf", "png", "jpeg"],
    )


class PaiementForm(forms.Form):
    """The day finance pays (today by default), never before the grant's decision."""

    date = DateFenetreField(label="Date du paiement", fenetre=Fenetre.PASSE, required=False)

    def __init__(self, *args, decide_le=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.decide_le = decide_le

    def clean_date(self):
        date = self.cleaned_data.get("date")
        if date and self.decide_le and date < self.decide_le:
            raise ValidationError(
                f"La date du paiement ne peut pas précéder la décision d'attribution du "
                f"{self.decide_le:%d/%m/%Y}."
            )
        return date


class ActeSigneForm(forms.Form):
    type = forms.ChoiceField(label="Acte", choices=ActeSigne.Type.choices)
    signe_le = DateFenetreField(label="Date de signature", fenetre=Fenetre.PASSE)
    fichier = DocumentField(label="Version signée (PDF)", allowed_types=["pdf"])

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier

    def clean_signe_le(self):
        jour = self.cleaned_data["signe_le"]
        decision = self.dossier.decide_le if self.dossier else None
        if decision and jour < decision:
            raise forms.ValidationError(
                f"L'acte ne peut pas être signé avant la décision du {date_longue(decision)}."
            )
        return jour


class PieceForm(forms.Form):
    """The file of one slot; built with `prefix=<type code>` so that every slot of the page
    has its own field ids."""

    fichier = DocumentField(label="Fichier")

    def __init__(self, *args, type_piece=None, remplacer=False, **kwargs):
        super().__init__(*args, **kwargs)
        if type_piece is not None:
            verbe = "Remplacer" if remplacer else "Déposer"
            self.fields["fichier"].label = f"{verbe} : {type_piece.libelle}"


class PieceCorrectionForm(forms.Form):
    motif = forms.CharField(
        label="Ce qui est à corriger (la commune le lira)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, type_piece=None, **kwargs):
        super().__init__(*args, **kwargs)
        if type_piece is not None:
            self.fields["motif"].label = f"À corriger dans « {type_piece} » (la commune le lira)"


class RefusVisaForm(forms.Form):
    motif = forms.CharField(
        label="Motif du refus (transmis à l'instructeur)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
