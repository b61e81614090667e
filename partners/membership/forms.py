"""The public membership request form (django-crispy-forms, Bootstrap 5 pack)."""

import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners.membership import spam
from partners.models import MembershipRequest
from quartier.models import District

postcode_validator = RegexValidator(r"^[0-9]{5}\Z", _("Please enter a postcode of five digits, e.g. 58452."))
phone_validator = RegexValidator(
    r"^[0-9 +()/\-]*\Z", _("Please enter the phone number with digits, spaces and + ( ) / - only.")
)


def reject_control_characters(value, *, multiline=False):
    allowed = {"\n", "\r", "\t"} if multiline else set()
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in allowed for ch in value):
        raise ValidationError(_("Please remove the invisible control characters from this field."))


class MembershipRequestForm(forms.ModelForm):
    """Only what staff need to decide. The two extra fields are spam checks: a honeypot
    (hidden from people and screen readers) and a signed timestamp."""

    homepage = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Optional, e.g. https://www.example.org"),
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = MembershipRequest
        fields = [
            "organisation_name",
            "organisation_kind",
            "website",
            "street",
            "postcode",
            "city",
            "districts",
            "offer",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consent",
        ]
        labels = {
            "organisation_name": _("Name of the organisation"),
            "organisation_kind": _("Kind of organisation"),
            "street": _("Street and number"),
            "postcode": _("Postcode"),
            "city": _("City"),
            "districts": _("Districts you work in"),
            "offer": _("What does your organisation offer the network?"),
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone number (optional)"),
        }
        help_texts = {
            "districts": _("Leave empty if you work across the whole city."),
            "offer": _("E.g. counselling, courses, rooms, contacts in the district. A few sentences are enough."),
            "contact_email": _("We send you a link to confirm your request to this address."),
        }
        widgets = {
            "districts": forms.CheckboxSelectMultiple,
            "offer": forms.Textarea(attrs={"rows": 5}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.published().order_by("name")
        self.fields["postcode"].validators.append(postcode_validator)
        self.fields["contact_phone"].validators.append(phone_validator)
        self.fields["offer"].max_length = 3000
        self.fields["offer"].widget.attrs["maxlength"] = "3000"
        self.fields["offer"].validators.append(MaxLengthValidator(3000))
        self.fields["consent"].required = True
        # One sentence for the translator, the link text a placeholder inside it.
        self.fields["consent"].label = format_html(
            _("I agree that my details are processed to handle this request, as described in the {privacy_link}."),
            privacy_link=format_html('<a href="{}">{}</a>', reverse("quartier:datenschutz"), _("privacy notice")),
        )
        self.fields["consent"].error_messages["required"] = _(
            "Please agree to the processing of your details; without it we cannot handle your request."
        )
        self.fields["organisation_kind"].choices = [("", _("Please choose"))] + [
            choice for choice in self.fields["organisation_kind"].choices if choice[0]
        ]
        if not self.is_bound:
            self.initial["stamp"] = spam.make_stamp()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Your organisation"), "organisation_name", "organisation_kind", "website"),
            Fieldset(_("Address"), "street", "postcode", "city"),
            Fieldset(_("Your work"), "districts", "offer"),
            Fieldset(_("Contact person"), "contact_name", "contact_email", "contact_phone"),
            # The honeypot: off screen, hidden from screen readers, out of the tab order.
            Div(Field("homepage"), css_class="visually-hidden", aria_hidden="true"),
            "stamp",
            Field("consent", template="partners/includes/membership_consent_field.html"),
        )
        self.helper.add_input(Submit("submit", _("Send request")))

    def _clean_text(self, name, *, multiline=False):
        value = self.cleaned_data.get(name, "")
        if value:
            reject_control_characters(value, multiline=multiline)
        return value

    def clean_organisation_name(self):
        return self._clean_text("organisation_name")

    def clean_street(self):
        return self._clean_text("street")

    def clean_city(self):
        return self._clean_text("city")

    def clean_contact_name(self):
        return self._clean_text("contact_name")

    def clean_offer(self):
        return self._clean_text("offer", multiline=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise ValidationError(
                _("Your request could not be sent. Please check your details and send the form again."),
                code="honeypot",
            )
        age = spam.stamp_age(cleaned.get("stamp"))
        if age is None:
            raise ValidationError(
                _("The form could not be checked or has been open too long. Please send it again."),
                code="stamp",
            )
        if age < settings.MEMBERSHIP_MIN_FILL_SECONDS:
            raise ValidationError(
                _("That was very quick. Please check your details and send the form again."), code="too_fast"
            )
        return cleaned

    def use_stamp(self):
        """After all other checks: the stamp is good for one submission. A form sent again
        as it was is refused (the error comes back with a new stamp)."""
        if spam.use_stamp(self.cleaned_data.get("stamp")):
            return True
        self.add_error(
            None,
            ValidationError(
                _("This form has already been sent. Please check your details and send it again."),
                code="stamp_used",
            ),
        )
        return False

    def refresh_spam_fields(self):
        """Before the form comes back: a new timestamp, and the honeypot emptied."""
        self.data = self.data.copy()
        self.data[self.add_prefix("stamp")] = spam.make_stamp()
        self.data[self.add_prefix("homepage")] = ""

    def service_data(self):
        """The cleaned data the service needs (without the spam fields)."""
        return {key: value for key, value in self.cleaned_data.items() if key not in ("homepage", "stamp")}
