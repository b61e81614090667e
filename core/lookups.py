"""Query values no column can hold find nothing, instead of breaking the database call.

Django already answers ``id=2**63`` with an empty result (``IntegerFieldOverflow`` on
``exact``, ``gt``, ``lt`` ...), but not ``id__in=[2**63]`` (SQLite cannot bind the number:
``OverflowError``) nor ``start__year=10**30`` (no calendar date for the bounds:
``ValueError``) nor ``ip_address="abc"`` on PostgreSQL (no inet value). All come
straight from requests: the admin's action selection, a many-to-many field of a form, a
list filter in the query string. Registered in
``QuartierConfig.ready()``, so every query of the portal is covered."""

import datetime
import ipaddress

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db.models import ForeignObject, GenericIPAddressField, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.functions import ExtractIsoYear, ExtractYear
from django.db.models.lookups import Exact, In, YearExact, YearGt, YearGte, YearLt, YearLte


def _column_holds(connection, field, value):
    """False if ``value`` is an integer outside the range of the column behind ``field``
    (a foreign key or many-to-many relation: the column it points to)."""
    while field.is_relation:
        field = field.target_field
    if isinstance(field, GenericIPAddressField) and connection.vendor == "postgresql":
        # An inet column (e.g. the login log's address): PostgreSQL refuses "abc".
        try:
            ipaddress.ip_address(value)
        except ValueError:
            return False
        return True
    if not isinstance(field, IntegerField) or not isinstance(value, int):
        return True
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (low is None or value >= low) and (high is None or value <= high)


class InRange:
    """``in``: leaves out the values no row can have; with none left it matches nothing,
    as an empty list does."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = [value for value in self.rhs if _column_holds(connection, self.lhs.output_field, value)]
        return super().process_rhs(compiler, connection)


class ExactInRange:
    """``exact`` on a relation (``district=2**63``): no row has it."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not _column_holds(connection, self.lhs.output_field, self.rhs):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(InRange, In):
    pass


class AddressIn(InRange, In):
    pass


class AddressExact(ExactInRange, Exact):
    pass


class RelatedInInRange(InRange, RelatedIn):
    pass


class RelatedExactInRange(ExactInRange, RelatedExact):
    pass


# A year's margin: the bounds of year 1 or 9999 in the local time zone can fall outside
# Python's dates once converted to UTC.
FIRST_YEAR, LAST_YEAR = datetime.MINYEAR + 1, datetime.MAXYEAR - 1


class CalendarYear:
    """A year lookup with a year outside the calendar: before it or after it nothing, or
    everything, matches (as ``IntegerFieldOverflow`` answers an integer out of range)."""

    before = EmptyResultSet  # e.g. year = -5
    after = EmptyResultSet  # e.g. year = 10**30

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value() and isinstance(self.rhs, int):
            if self.rhs < FIRST_YEAR:
                raise self.before
            if self.rhs > LAST_YEAR:
                raise self.after
        return super().as_sql(compiler, connection)


class CalendarYearExact(CalendarYear, YearExact):
    pass


class CalendarYearGt(CalendarYear, YearGt):
    before = FullResultSet


class CalendarYearGte(CalendarYear, YearGte):
    before = FullResultSet


class CalendarYearLt(CalendarYear, YearLt):
    after = FullResultSet


class CalendarYearLte(CalendarYear, YearLte):
    after = FullResultSet


def register_lookups():
    IntegerField.register_lookup(IntegerFieldIn)
    GenericIPAddressField.register_lookup(AddressIn)
    GenericIPAddressField.register_lookup(AddressExact)
    ForeignObject.register_lookup(RelatedInInRange)
    ForeignObject.register_lookup(RelatedExactInRange)
    for transform in (ExtractYear, ExtractIsoYear):
        for lookup in (CalendarYearExact, CalendarYearGt, CalendarYearGte, CalendarYearLt, CalendarYearLte):
            transform.register_lookup(lookup)
