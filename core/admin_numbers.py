"""Amounts as German staff write and read them: ``480.000,00``.

A browser's number input shows ``480000.00`` and refuses ``480.000,00``; Django's localised
input would need ``USE_THOUSAND_SEPARATOR`` for the whole site (then a year on a public
page reads ``2.026``). So the back office's decimal fields are text inputs of their own:
shown with thousands separators, and taking ``480.000,00``, ``480000,50``, ``480 000``
and (what a copied figure may hold) ``480000.50`` or a trailing ``€``.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# 480.000,00 / 480000,5 / 1.234.567 (dots only between groups of three digits)
GERMAN = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
# 480000.50 / 12.5: a single dot followed by one or two digits is a decimal point
POINT = re.compile(r"-?\d+\.\d{1,2}")


def german_amount(value, decimal_places=2):
    """``Decimal("480000")`` -> ``"480.000,00"`` (in the active language's format)."""
    if value in (None, ""):
        return ""
    return number_format(value, decimal_pos=decimal_places, use_l10n=True, force_grouping=True)


def parse_amount(text):
    """The Decimal staff meant, or ``None`` if the text is no number."""
    text = re.sub(r"[\s\u00a0\u202f]|€|EUR", "", str(text), flags=re.IGNORECASE)
    if GERMAN.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if POINT.fullmatch(text):
        return Decimal(text)
    return None


class GermanDecimalInput(forms.TextInput):
    """A text input (not ``type=number``) with the numeric keyboard on phones."""

    def __init__(self, attrs=None, decimal_places=2):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "size": 16, **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        if isinstance(value, str):
            return value  # what staff typed, shown again as typed after an error
        return german_amount(value, self.decimal_places) or None


class GermanDecimalField(forms.DecimalField):
    """The form field the back office uses for every ``models.DecimalField``."""

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs["widget"] = GermanDecimalInput(decimal_places=decimal_places or 0)
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        large = (max_digits or 0) - (decimal_places or 0) >= 6
        example = german_amount(Decimal("480000.00") if large else Decimal("62.5"), decimal_places or 0)
        self.error_messages["invalid"] = _("Please enter a number such as %(example)s.") % {"example": example}

    def widget_attrs(self, widget):
        # Django's DecimalField would add step/min/max for a number input: not for a text input.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_amount(value)
        if number is None or not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
