"""The filters of the public lists: one API for every list that filters.

A filter is a GET form (``<app>/filters.py``): every filter lives in the URL, so a filtered
list can be bookmarked and shared. Its field names are the URL parameters, in German like
the URLs themselves; its ``filter_<name>(queryset, value)`` methods say what each one does.
A value that does not validate (an unknown slug, a 10,000-character string, HTML) is left
out and reported, and the valid ones still filter: a hand-edited address shows a normal
page. Only validated values reach a lookup. Choices are loaded once per request into plain
``ChoiceField``s, so validating runs no query of its own.

:class:`FilteredListMixin` puts such a form in front of a ``ListView``;
:class:`RenamedParametersMixin` answers old parameter names with a permanent redirect.
"""

from django import forms
from django.http import HttpResponsePermanentRedirect, QueryDict
from django.utils.translation import gettext_lazy as _

from core.views import ForgivingPaginationMixin

# The page number of every paginated public list.
PAGE_PARAMETER = "seite"

# ``error_messages`` of a choice filter without a message of its own.
UNKNOWN_VALUE = {"invalid_choice": _("We do not know this value; all are shown.")}


class FilterForm(forms.Form):
    """Subclasses declare fields named like the URL parameters and a
    ``filter_<name>(queryset, value)`` method per field, called only with a valid, non-empty
    value."""

    # Longer values cannot be a slug or choice of ours; they are cut before validation.
    max_value_length = 100

    def __init__(self, data=None, **kwargs):
        if data is not None:  # one string per parameter (the last one given), never a list
            data = {name: str(data.get(name, ""))[: self.max_value_length] for name in self.base_fields}
        super().__init__(data, **kwargs)

    def valid_filters(self):
        """The filters that validated and are set: invalid ones are left out (and shown as errors)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def invalid_fields(self):
        """The labels of the parameters whose value was ignored."""
        self.is_valid()
        return [self.fields[name].label for name in self.errors]

    def is_filtered(self):
        return bool(self.valid_filters())

    def filter(self, queryset):
        for name, value in self.valid_filters().items():
            queryset = getattr(self, f"filter_{name}")(queryset, value)
        return queryset


class RenamedParametersMixin:
    """Old names of URL parameters (``renamed_parameters = {"old": "new"}``) answer with a
    permanent redirect to the same path with the new names, values and other parameters
    kept, so bookmarks and links from elsewhere go on working. A new name given as well wins
    over the old one."""

    renamed_parameters = {}

    def dispatch(self, request, *args, **kwargs):
        query = request.GET
        if request.method in ("GET", "HEAD") and any(old in query for old in self.renamed_parameters):
            renamed = QueryDict(mutable=True)
            for name, values in query.lists():  # in the order given
                new = self.renamed_parameters.get(name)
                if new is None:
                    renamed.setlist(name, [*renamed.getlist(name), *values])
                elif new not in query:
                    renamed.setlist(new, [*renamed.getlist(new), *values])
            location = request.path + (f"?{renamed.urlencode()}" if renamed else "")
            return HttpResponsePermanentRedirect(location)
        return super().dispatch(request, *args, **kwargs)


class PublicListMixin(RenamedParametersMixin, ForgivingPaginationMixin):
    """A paginated public list: the page number in ``?seite=``, forgiving, and the old
    ``?page=`` redirected."""

    page_kwarg = PAGE_PARAMETER
    renamed_parameters = {"page": PAGE_PARAMETER}


class FilteredListMixin(PublicListMixin):
    """A ``ListView`` filtered by ``filter_form_class`` (a :class:`FilterForm`). The form
    is in the context as ``form``, with ``invalid_fields`` (labels of the ignored
    parameters) and ``is_filtered``."""

    filter_form_class = None

    def get_filter_form_kwargs(self):
        return {}

    def get_queryset(self):
        self.form = self.filter_form_class(self.request.GET, **self.get_filter_form_kwargs())
        return self.form.filter(super().get_queryset())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.form, invalid_fields=self.form.invalid_fields(), is_filtered=self.form.is_filtered(), **kwargs
        )
