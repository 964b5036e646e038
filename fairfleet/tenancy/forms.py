"""Forms of the tenancy pages. They parse and check what was typed; the services hold the rules."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from fairfleet.tenancy import selectors
from fairfleet.tenancy.models import (
    Invitation,
    Network,
    NetworkMembershipState,
    Organisation,
    Person,
    Role,
    Service,
    Site,
    StorageRoom,
    User,
)


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by e-mail address; the field keeps the name "username" that django-axes watches."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


def model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field Django derives from a model field: same label, help text, choices and length."""
    return model._meta.get_field(name).formfield(**kwargs)


class PublicIdChoiceField(forms.ModelChoiceField):
    """Choose an object by its public id, so that pages never show sequential ids."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="public_id", **kwargs)


class InstanceForm(forms.Form):
    """A plain form filled from an object. Unlike a ModelForm it leaves the object untouched, so that
    the service still sees the old values and audits the change."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.instance = instance


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=forms.SearchInput)

    def search(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


class InviteSearchForm(forms.Form):
    """An organisation to invite, looked up by its exact SIRET or Belgian enterprise number only."""

    q = forms.CharField(label=_("SIRET or Belgian enterprise number"), required=False, max_length=40)

    def identifier(self) -> str:
        return self.cleaned_data.get("q", "").strip() if self.is_valid() else ""


# Organisation and members -------------------------------------------------------------------


class OrganisationForm(InstanceForm):
    name = model_field(Organisation, "name")
    kind = model_field(Organisation, "kind")
    country = model_field(Organisation, "country")
    legal_identifier = model_field(Organisation, "legal_identifier")
    language = model_field(Organisation, "language")


class OrganisationSwitchForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"), widget=forms.HiddenInput)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's own organisations are valid choices.
        self.fields["organisation"].choices = [
            (str(m.organisation.public_id), m.organisation.name) for m in memberships
        ]
        self.fields["organisation"].error_messages["invalid_choice"] = _("Choose one of your organisations.")


def role_field(**kwargs) -> forms.ChoiceField:
    # No empty choice: a member always has a role.
    return forms.ChoiceField(label=_("Role"), choices=Role.choices, **kwargs)


class MemberRoleForm(forms.Form):
    role = role_field()


class InvitationForm(forms.Form):
    email = model_field(Invitation, "email")
    role = role_field(initial=Role.VIEWER)  # least privilege unless chosen otherwise


class InvitationSignupForm(forms.Form):
    """Create the account an invitation names; the e-mail address is the invited one."""

    full_name = model_field(User, "full_name", required=True)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password confirmation"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again."),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        # Plain text, read when the form is built so that it follows the active language.
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


# Services, sites, storage rooms, people -----------------------------------------------------


class ServiceForm(InstanceForm):
    name = model_field(Service, "name")
    parent = PublicIdChoiceField(Service.objects.none(), required=False, label=_("Parent service"))
    criticality = model_field(Service, "criticality")
    is_draft = model_field(
        Service,
        "is_draft",
        help_text=_("Untick once you have checked the place and criticality of a service an import created."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = selectors.service_list(organisation=organisation)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        field = self.fields["parent"]
        field.queryset = queryset
        # Shown in tree order, indented; the service itself refuses a parent that would make a cycle.
        field.choices = [("", _("None (top level)"))] + [
            (str(service.public_id), "\u2003" * depth + service.name)
            for service, depth in selectors.service_tree(organisation=organisation)
            if self.instance is None or service.pk != self.instance.pk
        ]


class SiteForm(InstanceForm):
    name = model_field(Site, "name")
    address = model_field(Site, "address")
    postcode = model_field(Site, "postcode")
    city = model_field(Site, "city")
    country = model_field(Site, "country")


class StorageRoomForm(InstanceForm):
    name = model_field(StorageRoom, "name")
    capacity = model_field(StorageRoom, "capacity")


class PersonForm(InstanceForm):
    full_name = model_field(Person, "full_name")
    email = model_field(Person, "email")
    service = PublicIdChoiceField(Service.objects.none(), required=False, label=_("Service"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = selectors.service_list(organisation=organisation)


# Networks -----------------------------------------------------------------------------------


class NetworkForm(forms.Form):
    name = model_field(Network, "name")
    kind = model_field(Network, "kind")
    description = model_field(Network, "description")


class NetworkInviteForm(forms.Form):
    organisation = PublicIdChoiceField(Organisation.objects.none(), label=_("Organisation"))

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_invitable_to(network=network)
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "This organisation cannot be invited to the network."
        )


class NetworkAnswerForm(forms.Form):
    """The answer to a network's invitation: join or decline."""

    state = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (NetworkMembershipState.ACTIVE, _("Join")),
            (NetworkMembershipState.DECLINED, _("Decline")),
        ],
    )


class EmailPasswordResetForm(PasswordResetForm):
    """Django's form, with the same field label as everywhere else in fairfleet."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
