from django import forms


class ResumeHebdomadaireForm(forms.Form):
    resume_hebdomadaire = forms.TypedChoiceField(
        label="Résumé hebdomadaire par courriel",
        choices=[
            ("oui", "Oui, m'envoyer chaque semaine le résumé de mon territoire"),
            ("non", "Non, je consulte ma page d'accueil"),
        ],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez si vous voulez recevoir le résumé."},
    )
