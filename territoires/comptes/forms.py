from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from territoires.referentiel.communes import CommuneRefusee, verifier_commune

from .models import Organisation, Role, User


class LoginForm(AuthenticationForm):
    """Django's form; its field stays named `username` (django-axes reads it) but holds the
    e-mail address."""

    username = forms.EmailField(
        label="Adresse électronique",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Attention : après plusieurs "
            "essais infructueux, le compte est temporairement bloqué."
        ),
        "inactive": "Ce compte est désactivé.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class OTPCodeForm(forms.Form):
    code = forms.CharField(
        label="Code de vérification",
        help_text="Le code à 6 chiffres affiché par votre application, ou un code de secours.",
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


class SirenField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        value = stdnum_siren.compact(value)
        if not stdnum_siren.is_valid(value):
            raise forms.ValidationError(
                "« %(value)s » n'est pas un numéro SIREN valide.", params={"value": value}
            )
        return value


class SiretField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 17)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        value = stdnum_siret.compact(value)
        if not stdnum_siret.is_valid(value):
            raise forms.ValidationError(
                "« %(value)s » n'est pas un numéro SIRET valide.", params={"value": value}
            )
        return value


class OrganisationForm(forms.ModelForm):
    """Used by the admin: SIREN/SIRET typed with spaces are compacted, then checked."""

    siren = SirenField(label="SIREN", required=False, help_text="9 chiffres.")
    siret = SiretField(label="SIRET", required=False, help_text="14 chiffres.")

    class Meta:
        model = Organisation
        fields = [
            "nom",
            "type",
            "siren",
            "siret",
            "commune",
            "epci",
            "departement",
            "parent",
            "actif",
        ]

    def clean_commune(self):
        commune = self.cleaned_data.get("commune")
        if commune is None:
            return None
        try:
            return verifier_commune(commune)
        except CommuneRefusee as refus:
            raise forms.ValidationError(refus.message) from None

    def clean(self):
        cleaned = super().clean()
        siren, siret = cleaned.get("siren"), cleaned.get("siret")
        if siret and not siren:
            cleaned["siren"] = siret[:9]
        return cleaned


def _role_choices(roles) -> list[tuple[str, str]]:
    return [(role, Role(role).label) for role in roles]


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    role = forms.ChoiceField(label="Rôle")

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class DemandeAnswerForm(forms.Form):
    role = forms.ChoiceField(label="Rôle attribué")

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(roles)
        self.fields["role"].initial = Role.AGENT if Role.AGENT in roles else roles[0]


class NouveauMotDePasseForm(forms.Form):
    """A new password typed twice, checked by the project's validators against the account."""

    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Au moins 12 caractères, pas uniquement des chiffres ni un mot courant.",
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def compte_pour_validation(self, cleaned: dict) -> User:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif p1:
            try:
                password_validation.validate_password(p1, self.compte_pour_validation(cleaned))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AccountCreateForm(NouveauMotDePasseForm):
    """Creating one's account from an invitation: the e-mail is the invitation's."""

    field_order = ["first_name", "last_name", "password1", "password2"]
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def compte_pour_validation(self, cleaned: dict) -> User:
        return User(
            email=self.email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )


class OrganisationSwitchForm(forms.Form):
    organisation = forms.IntegerField(widget=forms.HiddenInput)


class InscriptionForm(NouveauMotDePasseForm):
    """Public sign-up: the address and a password, nothing else (age and commune are
    declared later, only by those who take part in the budget participatif)."""

    field_order = ["email", "password1", "password2", "consentement"]
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Un lien vous y sera envoyé pour la vérifier.",
    )
    consentement = forms.BooleanField(
        label=(
            "J'accepte que mon adresse électronique serve à me connecter et à recevoir les "
            "messages liés à mes contributions."
        ),
        error_messages={"required": "Votre accord est nécessaire pour créer un compte."},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def compte_pour_validation(self, cleaned: dict) -> User:
        return User(email=cleaned.get("email") or "")
