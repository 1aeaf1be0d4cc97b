"""Forms of the calls: the candidate organisation, the candidature, the score, the decision."""

from django import forms
from django.core.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from territoires.aides.forms import MontantField
from territoires.comptes.models import Organisation, validate_rna
from territoires.core.forms import DocumentField

from .models import Appel, Question

TYPES_CREABLES = [
    (Organisation.Type.ASSOCIATION.value, "Association"),
    (Organisation.Type.ENTREPRISE.value, "Entreprise"),
    (Organisation.Type.COLLECTIF.value, "Collectif d'habitants (sans numéro)"),
]


class OrganisationCandidateForm(forms.Form):
    type = forms.ChoiceField(
        label="Votre organisation est", choices=TYPES_CREABLES, widget=forms.RadioSelect
    )
    nom = forms.CharField(label="Nom de l'organisation", max_length=200)
    rna = forms.CharField(
        label="Numéro RNA (association)",
        max_length=20,
        required=False,
        help_text="W suivi de neuf chiffres, par exemple W322001234.",
    )
    siret = forms.CharField(
        label="Numéro SIRET (entreprise)",
        max_length=20,
        required=False,
        help_text="14 chiffres ; les espaces sont permis.",
    )

    def __init__(self, *args, appel: Appel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [c for c in TYPES_CREABLES if c[0] in appel.types_candidats]

    def clean_rna(self):
        value = self.cleaned_data["rna"].strip().upper().replace(" ", "")
        validate_rna(value)
        return value

    def clean_siret(self):
        value = "".join(c for c in self.cleaned_data["siret"] if c.isdigit())
        if value and not stdnum_siret.is_valid(value):
            raise ValidationError("Ce SIRET n'est pas valide (14 chiffres, clé de contrôle).")
        if value and Organisation.objects.filter(siret=value).exists():
            raise ValidationError(
                "Une organisation porte déjà ce SIRET : demandez à ses administrateurs de vous "
                "inviter."
            )
        return value

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if (
            kind == Organisation.Type.ASSOCIATION
            and not data.get("rna")
            and "rna" not in self.errors
        ):
            self.add_error("rna", "Une association donne son numéro RNA.")
        if (
            kind == Organisation.Type.ENTREPRISE
            and not data.get("siret")
            and "siret" not in self.errors
        ):
            self.add_error("siret", "Une entreprise donne son numéro SIRET.")
        return data


class CandidatureStartForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Candidater au nom de", queryset=Organisation.objects.none(), empty_label=None
    )
    titre = forms.CharField(label="Titre de votre projet", max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


def _question_field(question: Question) -> forms.Field:
    label = question.libelle + ("" if question.obligatoire else " (facultatif)")
    common = {"label": label, "required": False, "help_text": question.aide}
    if question.type == Question.Type.CHOIX:
        choices = [("", "—")] + [(c, c) for c in question.choix_liste()]
        return forms.ChoiceField(choices=choices, **common)
    if question.type == Question.Type.MONTANT:
        return MontantField(
            label=f"{label} (€)", required=False, min_value=0, help_text=question.aide
        )
    if question.type == Question.Type.DOCUMENT:
        return DocumentField(**common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, **common)


class CandidatureForm(forms.Form):
    """A draft's answers: nothing is required to save; filing checks the required ones."""

    titre = forms.CharField(label="Titre de votre projet", max_length=200)

    def __init__(self, *args, questions, reponses, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            field = _question_field(q)
            reponse = reponses.get(q.pk)
            if reponse is not None and q.type == Question.Type.DOCUMENT and reponse.document_id:
                field.help_text = (
                    f"Déjà joint : {reponse.document.nom_original}. "
                    f"Un nouveau fichier le remplace. {field.help_text}"
                )
            elif reponse is not None:
                self.initial.setdefault(
                    self.key(q),
                    reponse.montant if q.type == Question.Type.MONTANT else reponse.texte,
                )
            self.fields[self.key(q)] = field

    @staticmethod
    def key(question: Question) -> str:
        return f"question_{question.pk}"

    def reponses(self) -> dict[int, object]:
        return {
            q.pk: self.cleaned_data.get(self.key(q))
            for q in self.questions
            if q.type != Question.Type.DOCUMENT
        }

    def fichiers(self) -> dict:
        return {
            q.pk: self.cleaned_data[self.key(q)]
            for q in self.questions
            if q.type == Question.Type.DOCUMENT and self.cleaned_data.get(self.key(q))
        }


class NoteForm(forms.Form):
    commentaire = forms.CharField(
        label="Commentaire (facultatif)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, appel: Appel, criteres, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteres = list(criteres)
        for c in self.criteres:
            self.fields[f"critere_{c.pk}"] = forms.DecimalField(
                label=f"{c.libelle} (poids {c.poids}, note de 0 à {appel.note_max})",
                min_value=0,
                max_value=appel.note_max,
                decimal_places=2,
                localize=True,
            )
        self.order_fields([f"critere_{c.pk}" for c in self.criteres] + ["commentaire"])

    def valeurs(self) -> dict:
        return {c.pk: self.cleaned_data[f"critere_{c.pk}"] for c in self.criteres}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("retenue", "Retenir la candidature"), ("non_retenue", "Ne pas la retenir")],
        widget=forms.RadioSelect,
    )
    motifs = forms.CharField(
        label="Motifs (cités dans la lettre)", widget=forms.Textarea(attrs={"rows": 3})
    )
    commentaire = forms.CharField(
        label="Commentaire de délibération (interne)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
