"""Building blocks shared by the back-office classes of all apps: publish/archive
actions, an image field that shows the portal's own messages, a thumbnail preview and
a slug that fills itself in when staff leave it empty."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core import content
from core.admin_access import HistoryRevertPermissionMixin
from core.admin_history import ReadableHistoryAdminMixin
from core.admin_input import SafeAutocompleteAdminMixin
from core.admin_locking import OptimisticLockAdminMixin
from core.admin_numbers import GermanDecimalField
from core.admin_publication import PublicationAdminMixin
from core.admin_restore import RestoreDeletedAdminMixin
from core.admin_search import RankedSearchMixin, autocomplete_label
from core.admin_uploads import KeptUploadWidget, remember_checked
from core.content import unique_slug
from core.images import WebImageField, stored_file, validate_web_image

THUMBNAIL_WIDTH = 240


# What the public page makes of a long text whose model field says nothing about it: the
# template filter that shows it (``plain_text_blocks`` or ``linebreaks``; the texts shown
# with ``markup`` name the Markdown subset in their own help). Named as strings, like the
# permissions in core/staff_groups.py, since the toolkit imports no domain app.
PLAIN_TEXT_BLOCKS_HELP = _(
    "Plain text: an empty line starts a new paragraph, a line starting with “## ” a heading; "
    "web and e-mail addresses become links. No other formatting (no **bold**, no HTML)."
)
LINE_BREAKS_HELP = _(
    "Plain text: an empty line starts a new paragraph. Web addresses, **bold**, lists and HTML are not "
    "formatted: they show as typed."
)
TEXT_FORMAT_HELP = {
    "partners.organisation.description": PLAIN_TEXT_BLOCKS_HELP,
    "quartier.district.description": PLAIN_TEXT_BLOCKS_HELP,
    "projects.project.description": LINE_BREAKS_HELP,
    "funding.fundingprogramme.description": LINE_BREAKS_HELP,
}


def text_format_help(db_field):
    """The help text saying what formatting a text field takes on its page, or ''."""
    if db_field.help_text or getattr(db_field, "model", None) is None:
        return ""
    return TEXT_FORMAT_HELP.get(f"{db_field.model._meta.label_lower}.{db_field.name}", "")


class WebImageFormField(forms.ImageField):
    """Checks an upload with :func:`validate_web_image` before Django's own image check,
    so staff read the portal's message (type, size, megapixels) beside the field
    instead of Django's generic one."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_web_image(data)
        return super().to_python(data)

    def clean(self, data, initial=None):
        # A file that passed every check is kept if the form is refused for another
        # field (core/admin_uploads.py), so staff need not choose it again.
        return remember_checked(self.widget, super().clean(data, initial))


FORMFIELD_OVERRIDES = {
    WebImageField: {"form_class": WebImageFormField, "widget": KeptUploadWidget},
    # Staff type "www.example.org": that is an https address today (and Django 6's default).
    models.URLField: {"assume_scheme": "https"},
    # Amounts as staff write them: 480.000,00 (core/admin_numbers.py).
    models.DecimalField: {"form_class": GermanDecimalField},
}


def _update_each(queryset, reason, **values):
    """Set ``values`` row by row (``update()`` would bypass simple-history, so no change
    would be recorded) and return how many rows changed."""
    count = 0
    for obj in queryset:
        for name, value in values.items():
            setattr(obj, name, value)
        obj._change_reason = str(reason)
        obj.save(update_fields=[*values, "updated_at"] if hasattr(obj, "updated_at") else list(values))
        count += 1
    return count


@admin.action(description=_("Publish selected entries"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = _update_each(queryset.filter(published=False), _("Published"), published=True)
    modeladmin.message_user(
        request, ngettext("%(count)d entry published.", "%(count)d entries published.", count) % {"count": count}
    )


@admin.action(description=_("Unpublish selected entries"), permissions=["change"])
def unpublish(modeladmin, request, queryset):
    count = _update_each(queryset.filter(published=True), _("Unpublished"), published=False)
    modeladmin.message_user(
        request, ngettext("%(count)d entry unpublished.", "%(count)d entries unpublished.", count) % {"count": count}
    )


@admin.action(description=_("Archive selected entries"), permissions=["change"])
def archive(modeladmin, request, queryset):
    count = _update_each(queryset.filter(archived=False), _("Archived"), archived=True)
    modeladmin.message_user(
        request, ngettext("%(count)d entry archived.", "%(count)d entries archived.", count) % {"count": count}
    )


def period(start, end):
    """A date window in a list column: the pages' rule (``core.content.period``, the
    ``period`` template filter) by the month, ``09/2023 – 06/2026``; "-" without dates."""
    return content.period(start, end, date_format="m/Y") or "-"


def image_preview(field_name, *, rendition_field=None, alt_field=None, description=None, width=THUMBNAIL_WIDTH):
    """A read-only admin field showing a thumbnail of an existing image; assign it to an
    attribute of the ModelAdmin or inline and name that attribute in ``readonly_fields``."""

    @admin.display(description=description or _("preview"))
    def preview(modeladmin, obj):
        image = getattr(obj, field_name, None)
        if not obj or not obj.pk or not image:
            return _("No image yet.")
        shown = stored_file(obj, [rendition_field, field_name] if rendition_field else [field_name])
        if shown is None:
            return _("The image file is missing on the server. Please upload the image again.")
        alt = getattr(obj, alt_field, "") if alt_field else ""
        return format_html(
            '<img src="{}" alt="{}" width="{}" class="quartier-thumbnail" loading="lazy">',
            shown.url,
            alt,
            width,
        )

    return preview


class SlugFromSourceForm(forms.ModelForm):
    """Leaves the slug optional: an empty one is made from the field ``slug_source``
    names (umlauts spelt out, unique). ``HistoryAdmin.get_form`` sets ``slug_source``
    from the admin's own, so an admin declares it once."""

    slug_source = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.slug_source:
            source = self._meta.model._meta.get_field(self.slug_source)
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Part of the web address. Leave empty to build it from “%(source)s”.") % {
                "source": capfirst(source.verbose_name)
            }

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get(self.slug_source) if self.slug_source else None
        if "slug" in self.fields and not cleaned.get("slug") and source:
            cleaned["slug"] = unique_slug(self._meta.model, source)
        return cleaned


class BackOfficeMedia:
    """Prepopulated slugs spell umlauts out in the browser as on the server; the back
    office's own styles (lists that fit the screen, wider inputs) and the warning before
    leaving a changed form unsaved (``static/js/admin-forms.js``)."""

    class Media:
        js = ["admin/js/urlify.js", "js/admin-urlify-de.js", "js/admin-forms.js"]
        css = {"all": ["css/admin.css"]}


class HistoryAdmin(
    HistoryRevertPermissionMixin,
    SafeAutocompleteAdminMixin,
    OptimisticLockAdminMixin,
    RestoreDeletedAdminMixin,
    ReadableHistoryAdminMixin,
    BackOfficeMedia,
    SimpleHistoryAdmin,
):
    """Every content admin: change history, the portal's image messages, wide inputs
    for long texts; a second save of an entry changed meanwhile is refused, and deleted
    entries can be restored (``core/admin_restore.py``); an old version is saved back
    only with the change permission (``core/admin_access.py``)."""

    formfield_overrides = FORMFIELD_OVERRIDES
    # The field an empty slug is made from ("name", "title", ...): the one declaration of
    # a slug. It fills the slug in the browser as staff type (prepopulated_fields below,
    # umlauts spelt out by BackOfficeMedia) and on the server when it is left empty
    # (SlugFromSourceForm), so the two cannot disagree.
    slug_source = None

    @property
    def prepopulated_fields(self):
        # A property rather than get_prepopulated_fields(), so that Django's admin checks
        # (admin.E027-E030) still verify that slug_source names a field of the model.
        return {"slug": (self.slug_source,)} if self.slug_source else {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        long_text = isinstance(db_field, models.CharField) and (db_field.max_length or 0) >= 150
        if field is not None and long_text and not db_field.choices and isinstance(field.widget, forms.TextInput):
            field.widget.attrs["class"] = "vLargeTextField"
        if field is not None and text_format_help(db_field):
            field.help_text = text_format_help(db_field)
        if field is not None and db_field.many_to_many and db_field.name in self.get_autocomplete_fields(request):
            # Room for several chosen names (select2 reads its width from data-width).
            getattr(field.widget, "widget", field.widget).attrs["data-width"] = "48em"
        autocomplete = field is not None and db_field.name in self.get_autocomplete_fields(request)
        if autocomplete and isinstance(self.admin_site._registry.get(db_field.related_model), RankedSearchMixin):
            # The chosen entries are named as the autocomplete names them: drafts marked.
            field.label_from_instance = autocomplete_label
        return field

    def get_form(self, request, obj=None, **kwargs):
        if self.slug_source and "form" not in kwargs:
            bases = (self.form,) if issubclass(self.form, SlugFromSourceForm) else (SlugFromSourceForm, self.form)
            kwargs["form"] = type("SlugForm", bases, {"slug_source": self.slug_source})
        return super().get_form(request, obj, **kwargs)


class PublishableAdmin(RankedSearchMixin, PublicationAdminMixin, HistoryAdmin):
    """Content with a ``published`` flag and its schedule: a column, a filter and the
    publish actions."""

    actions = [publish, unpublish]
    readonly_fields = ("created_at", "updated_at")
