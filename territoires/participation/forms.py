from django import forms
from django.utils.text import format_lazy

from territoires.core.dates import DateFenetreField, Fenetre
from territoires.core.forms import DocumentField
from territoires.instances import exemple_code
from territoires.referentiel.forms import CommuneActuelleField

from .bulletin import bulletin_erreurs
from .communes import CommuneParNomField
from .formats import euros
from .models import EnveloppeCampagne, Idee, Realisation


class CommuneCodeField(CommuneActuelleField):
    """INSEE code of a current commune (the rule shared by all modules)."""


class PhotosWidget(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(DocumentField):
    """Several photos at once, each checked (content, size); at most `maximum`."""

    def __init__(self, *, maximum: int = 3, **kwargs):
        self.maximum = maximum
        kwargs.setdefault("widget", PhotosWidget)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        fichiers = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(fichiers) > self.maximum:
            raise forms.ValidationError(f"Au plus {self.maximum} photos.")
        if not fichiers and self.required:
            raise forms.ValidationError(self.error_messages["required"])
        return [super(PhotosField, self).clean(f, initial) for f in fichiers]


class IdeeForm(forms.Form):
    titre = forms.CharField(label="Titre de l'idée", max_length=200)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 5}))
    categorie = forms.CharField(
        label="Catégorie", max_length=80, help_text="Par exemple : nature, sport, culture."
    )
    enveloppe = forms.ModelChoiceField(
        label="EnveloppeCampagne", queryset=EnveloppeCampagne.objects.none()
    )
    commune = CommuneCodeField(
        help_text=format_lazy(
            "Cinq caractères, par exemple {} ; ou cliquez sur la carte.", exemple_code()
        ),
    )
    lieu = forms.CharField(label="Lieu précis", max_length=200, required=False)
    # Point clicked on the map (optional, filled in by participation/choix-commune.js).
    latitude = forms.DecimalField(
        required=False, min_value=-90, max_value=90, decimal_places=5, max_digits=8,
        widget=forms.HiddenInput,
    )  # fmt: skip
    longitude = forms.DecimalField(
        required=False, min_value=-180, max_value=180, decimal_places=5, max_digits=8,
        widget=forms.HiddenInput,
    )  # fmt: skip
    cout_estime = forms.DecimalField(
        label="Coût estimé (€)", min_value=0, max_digits=12, decimal_places=2
    )
    photos = PhotosField(
        allowed_types=("jpeg", "png"), required=False, label="Photos (facultatives, 3 au plus)"
    )

    def __init__(self, *args, campagne, papier=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enveloppe"].queryset = campagne.enveloppes.all()
        if papier:
            self.fields["nom_auteur"] = forms.CharField(
                label="Nom de la personne qui propose", max_length=200
            )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publier", "Publier"), ("ecarter", "Écarter")],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label="Motif public (si l'idée est écartée)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnalyseForm(forms.Form):
    avis_technique = forms.ChoiceField(label="Avis technique", choices=Idee.Avis.choices[1:])
    avis_juridique = forms.ChoiceField(label="Avis juridique", choices=Idee.Avis.choices[1:])
    avis_financier = forms.ChoiceField(label="Avis financier", choices=Idee.Avis.choices[1:])
    cout_services = forms.DecimalField(
        label="Coût estimé par les services (€)", min_value=0, max_digits=12, decimal_places=2
    )
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("retenue", "Retenue"), ("non_retenue", "Non retenue")],
        widget=forms.RadioSelect,
    )
    justification = forms.CharField(
        label="Justification publique", widget=forms.Textarea(attrs={"rows": 4})
    )


class ProjetForm(forms.Form):
    idees = forms.ModelMultipleChoiceField(
        label="Idées retenues réunies dans ce projet",
        queryset=Idee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    titre = forms.CharField(label="Titre du projet", max_length=300)
    description = forms.CharField(label="Description", widget=forms.Textarea(attrs={"rows": 4}))
    enveloppe = forms.ModelChoiceField(
        label="EnveloppeCampagne", queryset=EnveloppeCampagne.objects.none()
    )
    cout = forms.DecimalField(label="Coût (€)", min_value=0, max_digits=12, decimal_places=2)
    commune = CommuneCodeField(
        required=False,
        label="Commune du projet (code INSEE)",
        help_text="Laissez vide pour reprendre celle de la première idée.",
    )

    def __init__(self, *args, campagne, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idees"].queryset = campagne.idees.filter(
            statut=Idee.Statut.RETENUE, projet__isnull=True
        )
        self.fields["enveloppe"].queryset = campagne.enveloppes.all()


class IdentiteForm(forms.Form):
    """Declared identity (or voting code): never kept in clear."""

    code = forms.CharField(
        label="Code de vote (si vous en avez reçu un)",
        required=False,
        max_length=20,
        help_text="Laissez vide pour voter avec votre identité.",
    )
    nom = forms.CharField(
        label="Nom de naissance",
        max_length=100,
        required=False,
        help_text="Celui de votre acte de naissance, même si vous en utilisez un autre.",
    )
    prenom = forms.CharField(
        label="Prénom", max_length=100, required=False, help_text="Votre premier prénom."
    )
    naissance = DateFenetreField(
        label="Date de naissance",
        required=False,
        fenetre=Fenetre.NAISSANCE,
        widget=forms.DateInput,
        help_text="Format : JJ/MM/AAAA.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    commune = CommuneParNomField(required=False, label="Commune de résidence")

    def clean(self):
        data = super().clean()
        if getattr(self, "franceconnect", False):
            return data
        if not data.get("code"):
            manquants = [f for f in ("nom", "prenom", "naissance", "commune") if not data.get(f)]
            for f in manquants:
                self.add_error(f, "Ce champ est obligatoire pour voter sans code.")
        return data


class VoteForm(IdentiteForm):
    def __init__(
        self, *args, enveloppes, projets_par_enveloppe, papier=False, franceconnect=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.enveloppes = enveloppes
        self.franceconnect = franceconnect
        if franceconnect:
            for nom in ("code", "nom", "prenom", "naissance", "commune"):
                del self.fields[nom]
        for env in enveloppes:
            self.fields[f"env_{env.pk}"] = forms.MultipleChoiceField(
                label=f"{env.nom} : {env.regle_bulletin}"
                + (f" (habitants du canton {env.canton.nom})" if env.canton_id else ""),
                choices=[
                    (p.pk, f"{p.code} — {p.titre} ({euros(p.cout)})")
                    for p in projets_par_enveloppe.get(env.pk, [])
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        self.projets_par_enveloppe = projets_par_enveloppe
        if papier:
            self.fields["lieu"] = forms.CharField(
                label="Lieu de vote (marché, mairie)", max_length=100, required=False
            )

    def clean(self):
        """A ballot beyond the budget of an enveloppe voting within it is refused here."""
        cleaned = super().clean()
        choix = {
            env.pk: [int(x) for x in cleaned.get(f"env_{env.pk}") or []]
            for env in self.enveloppes
            if env.par_budget
        }
        for env_pk, erreur in bulletin_erreurs(
            [e for e in self.enveloppes if e.par_budget], self.projets_par_enveloppe, choix
        ).items():
            self.add_error(f"env_{env_pk}", erreur)
        return cleaned

    def choix(self) -> dict[int, list[int]]:
        return {
            env.pk: [int(x) for x in self.cleaned_data.get(f"env_{env.pk}") or []]
            for env in self.enveloppes
        }


class BulletinForm(forms.Form):
    """The online ballot: one group of cards (checkboxes) per offered enveloppe.

    Only checks that each choice is a projet of its enveloppe; the rules (number of choices,
    age, canton) are the meters' and `bulletin_check`'s.
    """

    def __init__(self, *args, enveloppes, projets_par_enveloppe, **kwargs):
        super().__init__(*args, **kwargs)
        self.enveloppes = enveloppes
        for env in enveloppes:
            self.fields[f"env_{env.pk}"] = forms.MultipleChoiceField(
                label=env.nom,
                choices=[
                    (p.pk, f"{p.code} — {p.titre}") for p in projets_par_enveloppe.get(env.pk, [])
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={
                    "invalid_choice": "Ce projet n'est pas soumis au vote dans cette enveloppe."
                },
            )

    def choix(self) -> dict[int, list[int]]:
        return {
            env.pk: sorted(int(x) for x in self.cleaned_data.get(f"env_{env.pk}") or [])
            for env in self.enveloppes
        }


class CodesForm(forms.Form):
    nombre = forms.IntegerField(label="Nombre de codes", min_value=1, max_value=5000)
    jeunes = forms.BooleanField(label="Réservés au vote des jeunes", required=False)


class RealisationForm(forms.ModelForm):
    """The public follow-up; `statut` offers the current state and those its transitions reach."""

    statut = forms.ChoiceField(label="Statut")

    class Meta:
        model = Realisation
        fields = ["avancement", "budget_depense", "commentaire"]

    def __init__(self, *args, statuts: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = statuts
        self.fields["statut"].initial = self.instance.statut
        self.order_fields(["statut", "avancement", "budget_depense", "commentaire"])


class JalonForm(forms.Form):
    libelle = forms.CharField(label="Jalon", max_length=200)
    date_prevue = DateFenetreField(
        label="Date prévue",
        widget=forms.DateInput,
        help_text="Format : JJ/MM/AAAA.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )


class ProfilForm(forms.Form):
    date_naissance = DateFenetreField(
        label="Date de naissance",
        fenetre=Fenetre.NAISSANCE,
        widget=forms.DateInput,
        help_text="Format : JJ/MM/AAAA.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    commune = CommuneParNomField(label="Commune de résidence")


class FranceConnectForm(forms.Form):
    """The commune of residence, which FranceConnect does not certify, asked before going."""

    commune = CommuneParNomField(label="Votre commune de résidence")


class PhotoRealisationForm(forms.Form):
    photo = DocumentField(allowed_types=("jpeg", "png"), label="Photo des travaux")
    texte_alternatif = forms.CharField(
        label="Texte alternatif",
        max_length=250,
        help_text="Ce que montre la photo, pour qui ne la voit pas. Par exemple : « Les "
        "deux premiers bancs posés face à la rivière ».",
    )
    legende = forms.CharField(label="Légende (facultative)", max_length=250, required=False)
