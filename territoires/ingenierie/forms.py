from django import forms
from django.conf import settings
from django.urls import reverse_lazy

from territoires.comptes.models import Organisation
from territoires.core.dates import DateFenetreField, Fenetre
from territoires.core.forms import DocumentField
from territoires.referentiel.communes import libelle_commune
from territoires.referentiel.models import Commune
from territoires.referentiel.selectors import communes_for_departement
from territoires.ui.widgets import ChoixParNomField

from .agence.selectors import est_adherente
from .models import Action, Domaine, Nature, Partenaire, Ressource, Sollicitation


def _communes_choices(organisation: Organisation | None):
    """The communes a request may concern: those of the organisation's EPCI territory."""
    epci_id = None
    if organisation is not None:
        epci_id = organisation.epci_id or (
            organisation.commune.epci_id if organisation.commune_id else None
        )
    communes = Commune.objects.actuels().filter(type=Commune.Type.ACTUELLE)
    if epci_id:
        return communes.filter(epci_id=epci_id).order_by("nom")
    if organisation is not None and organisation.commune_id:
        return communes.filter(pk=organisation.commune_id)
    return communes.none()


class SollicitationForm(forms.Form):
    """Filing a request. Staff also choose the organisation and the channel."""

    organisation = forms.ModelChoiceField(
        label="Collectivité demandeuse",
        queryset=Organisation.objects.none(),
        help_text="La commune ou l'intercommunalité pour laquelle vous saisissez la demande.",
    )
    canal = forms.ChoiceField(
        label="Demande reçue par", choices=Sollicitation.Canal.choices, initial="telephone"
    )
    sujet = forms.CharField(
        label="Sujet",
        max_length=200,
        help_text="En une phrase, par exemple : « Rénovation énergétique de l'école ».",
    )
    description = forms.CharField(
        label="Description du besoin",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Le contexte, ce qui est déjà fait, vos questions.",
    )
    domaine = forms.ModelChoiceField(label="Domaine", queryset=Domaine.objects.none())
    nature = forms.ModelChoiceField(label="Nature de la demande", queryset=Nature.objects.none())
    # Chosen by their names (« Auch, Lectoure »), proposed from the organisation's territory:
    # never a list of 43 checkboxes nor an INSEE code.
    communes = ChoixParNomField(
        label="Communes concernées",
        queryset=Commune.objects.none(),
        required=False,
        libelle=lambda commune: commune.nom,
        nom=lambda commune: commune.nom,
        objet="une commune",
        objets="communes",
        help_text="Votre commune est proposée ; ajoutez-en d'autres par leur nom, séparées par "
        "des virgules (des suggestions s'affichent en tapant).",
    )
    echeance_souhaitee = DateFenetreField(
        label="Échéance souhaitée",
        required=False,
        fenetre=Fenetre.A_VENIR,
        help_text="Facultatif. Date à laquelle vous aimeriez une réponse ou un avancement.",
    )
    fichier = DocumentField(label="Pièce jointe", required=False)

    def __init__(self, *args, organisation=None, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domaine"].queryset = Domaine.objects.filter(actif=True)
        self.fields["nature"].queryset = Nature.objects.filter(actif=True)
        if staff:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                type__in=Organisation.TYPES_COLLECTIVITE, actif=True
            ).order_by("nom")
            communes = self.fields["communes"]
            communes.queryset = communes_for_departement(settings.TERRITOIRES_DEPARTEMENT)
            communes.libelle = libelle_commune
            communes.widget.source = reverse_lazy("referentiel:communes_autocomplete")
            communes.help_text = (
                "Par défaut, la commune demandeuse. D'autres communes du département : leurs "
                "noms séparés par des virgules."
            )
        else:
            del self.fields["organisation"]
            del self.fields["canal"]
            self.fields["communes"].queryset = _communes_choices(organisation)
            if organisation is not None and organisation.commune_id:
                self.fields["communes"].initial = [organisation.commune]
            elif organisation is not None:
                self.fields["communes"].help_text = (
                    "Les communes de l'intercommunalité concernées par la demande, par leur "
                    "nom, séparées par des virgules (des suggestions s'affichent en tapant)."
                )
            if organisation is not None and not est_adherente(organisation):
                self.fields["nature"].queryset = Nature.objects.filter(
                    actif=True, ouverte_aux_non_adherents=True
                )
                self.fields["nature"].help_text = (
                    "Votre collectivité n'est pas adhérente cette année : seules les demandes "
                    "d'information générale sont ouvertes. Contactez la mission pour adhérer."
                )


class TriageForm(forms.Form):
    prefix = "tri"

    DECISIONS = [
        ("accepter", "Accepter et désigner le référent"),
        ("rediriger", "Rediriger vers un partenaire ou un autre service"),
        ("decliner", "Décliner"),
        ("fusionner", "Fusionner avec une autre sollicitation (doublon)"),
    ]
    decision = forms.ChoiceField(
        label="Décision", choices=DECISIONS, widget=forms.RadioSelect, initial="accepter"
    )
    referent = forms.ModelChoiceField(
        label="Conseiller référent", queryset=Organisation.objects.none(), required=False
    )
    conseillers = forms.ModelMultipleChoiceField(
        label="Autres conseillers",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partenaires = forms.ModelMultipleChoiceField(
        label="Partenaires associés",
        queryset=Partenaire.objects.filter(actif=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    redirigee_vers = forms.ModelChoiceField(
        label="Rediriger vers", queryset=Partenaire.objects.filter(actif=True), required=False
    )
    cible = forms.CharField(
        label="Numéro de la sollicitation conservée",
        required=False,
        help_text="Pour une fusion, par exemple ING-2024-00012.",
    )
    message = forms.CharField(
        label="Message à la collectivité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour rediriger ou décliner : la collectivité le lit.",
    )

    def __init__(self, *args, sollicitation, staff_users, **kwargs):
        super().__init__(*args, **kwargs)
        self.sollicitation = sollicitation
        self.fields["referent"].queryset = staff_users
        self.fields["conseillers"].queryset = staff_users

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == "accepter" and not data.get("referent"):
            self.add_error("referent", "Choisissez le conseiller référent.")
        if decision == "rediriger" and not data.get("redirigee_vers"):
            self.add_error("redirigee_vers", "Choisissez à qui la demande est confiée.")
        if decision in ("rediriger", "decliner") and not (data.get("message") or "").strip():
            self.add_error("message", "Écrivez un message pour la collectivité.")
        if decision == "fusionner":
            numero = (data.get("cible") or "").strip().upper()
            cible = Sollicitation.objects.filter(numero=numero).first() if numero else None
            if cible is None:
                self.add_error("cible", "Aucune sollicitation ne porte ce numéro.")
            else:
                data["cible_obj"] = cible
        return data


class EtapeForm(forms.Form):
    prefix = "etape"

    etape = forms.ChoiceField(label="Nouvelle étape", choices=Sollicitation.Etape.choices)


class NoteForm(forms.Form):
    prefix = "note"

    texte = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))
    publique = forms.BooleanField(
        label="Note publique, lue par la collectivité",
        required=False,
        help_text="Sans cette case, la note reste interne à la mission.",
    )

    def __init__(self, *args, staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            # The collectivité writes to the mission: always a public message.
            del self.fields["publique"]
            self.fields["texte"].label = "Votre message à la mission"
            self.fields["texte"].help_text = (
                "Donnez des nouvelles du projet ou posez une question : votre conseiller "
                "référent est prévenu."
            )


class ActionForm(forms.Form):
    prefix = "action"

    ressource = forms.ModelChoiceField(
        label="Ressource de la bibliothèque",
        queryset=Ressource.objects.none(),
        required=False,
        help_text="Facultatif : une recommandation s'appuie sur un guide ou un modèle.",
    )
    titre = forms.CharField(
        label="Intitulé",
        max_length=200,
        required=False,
        help_text="Par défaut, le titre de la ressource.",
    )
    description = forms.CharField(
        label="Détail", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    echeance = DateFenetreField(label="Échéance", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ressource"].queryset = Ressource.objects.filter(publiee=True)

    def clean(self):
        data = super().clean()
        if not data.get("titre") and not data.get("ressource"):
            self.add_error("titre", "Donnez un intitulé ou choisissez une ressource.")
        return data


class SuiviForm(forms.Form):
    statut = forms.ChoiceField(label="Statut", choices=Action.Statut.choices, required=False)
    texte = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    motif = forms.CharField(
        label="Motif ou conclusion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Lu par la collectivité. Obligatoire pour terminer ou abandonner.",
    )


class LienForm(forms.Form):
    prefix = "lien"

    url = forms.CharField(
        label="Adresse",
        max_length=500,
        help_text="Par exemple l'adresse du dossier d'aide ou du marché dans Territoires, "
        "copiée depuis la barre d'adresse.",
    )
    libelle = forms.CharField(
        label="Libellé",
        max_length=200,
        required=False,
        help_text="Facultatif pour une page de Territoires : le nom du dossier ou du marché "
        "est repris.",
    )

    def __init__(self, *args, bases: tuple[str, ...] = (), **kwargs):
        """`bases`: this site's addresses, stripped so that a pasted address is recognised."""
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.bases = [b.rstrip("/") for b in (settings.TERRITOIRES_BASE_URL, *bases) if b]
        self.match = None

    def clean_url(self):
        from django.urls import Resolver404, resolve

        url = self.cleaned_data["url"].strip()
        for base in self.bases:
            if url.startswith(base + "/"):
                url = url[len(base) :]
                break
        if url.startswith("/"):
            try:
                self.match = resolve(url.split("?")[0].split("#")[0])
            except Resolver404:
                raise forms.ValidationError(
                    "Cette adresse ne correspond à aucune page de Territoires."
                ) from None
        elif not (url.startswith("https://") or url.startswith("http://")):
            raise forms.ValidationError("Indiquez une adresse commençant par / ou https://.")
        return url

    def clean(self):
        data = super().clean()
        match = self.match
        is_object_page = match is not None and hasattr(match.func, "access_get_object")
        if "url" in data and not data.get("libelle", "").strip() and not is_object_page:
            self.add_error("libelle", "Indiquez un libellé pour ce lien.")
        return data


class DocumentForm(forms.Form):
    prefix = "doc"

    fichier = DocumentField(label="Document")
    interne = forms.BooleanField(
        label="Document interne (réservé à la mission, jamais montré à la collectivité)",
        required=False,
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["interne"]


class RessourceForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    type = forms.ChoiceField(label="Type", choices=Ressource.Type.choices)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    domaines = forms.ModelMultipleChoiceField(
        label="Domaines",
        queryset=Domaine.objects.filter(actif=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(label="Lien", required=False, assume_scheme="https")
    fichier = DocumentField(label="Fichier", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("fichier"):
            self.add_error("url", "Indiquez un lien ou joignez un fichier.")
        return data


class PeriodeForm(forms.Form):
    depuis = forms.IntegerField(label="De l'année", required=False, min_value=2000, max_value=2100)
    jusqu_a = forms.IntegerField(label="À l'année", required=False, min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("depuis") and data.get("jusqu_a") and data["depuis"] > data["jusqu_a"]:
            self.add_error("jusqu_a", "L'année de fin précède l'année de début.")
        return data


class AffectationForm(forms.Form):
    """Change the referent (an advisor leaves, a workload is shared) and the team."""

    prefix = "affectation"

    referent = forms.ModelChoiceField(label="Conseiller référent", queryset=Domaine.objects.none())
    conseillers = forms.ModelMultipleChoiceField(
        label="Autres conseillers",
        queryset=Domaine.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partenaires = forms.ModelMultipleChoiceField(
        label="Partenaires associés",
        queryset=Partenaire.objects.filter(actif=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    motif = forms.CharField(label="Motif du changement", required=False, max_length=300)

    def __init__(self, *args, staff_users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = staff_users
        self.fields["conseillers"].queryset = staff_users


class PreferencesRelancesForm(forms.Form):
    recues = forms.MultipleChoiceField(
        label="Courriels que je reçois",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Décochez un courriel pour ne plus le recevoir.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recues"].choices = choices
