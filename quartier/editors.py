"""District editors: who may see and change which entries, the rules in one place.

A network has a district office per district. A staff account in the group
"Quartiersredaktion" (``core.staff_groups.DISTRICT_EDITORS``) with one or more districts
assigned (``quartier.DistrictEditor``, edited in the user admin) sees and changes only the
entries of those districts; the city-wide ones (organisations, programmes, districts,
target groups, fields of action, funders) it may only look up and link: the group gives
it the view permission on them and nothing more. City-wide editors ("Redaktion") and
superusers are not limited.

The model permissions stay Django's; this module adds the row: ``scope()`` narrows a
queryset (the admin's lists, actions, autocompletes), ``in_scope()`` asks for one entry,
``district_change_error()`` is the rule for a form's district field and
``preview_scope()`` the rule for drafts on the public pages (registered in
``core.content.PREVIEW_SCOPES`` by ``QuartierConfig.ready``). The admin side is
``quartier/admin_editors.py``.

Models are named by label ("projects.project"), never imported: this app sits below
projects, partners, funding and news (docs/ARCHITECTURE.md)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.staff_groups import DISTRICT_EDITORS
from quartier.models import District

# How an entry reaches its districts: the lookup from the model to ``District``.
DISTRICT_PATHS = {
    "quartier.office": "district",
    "partners.contactperson": "districts",
    "projects.project": "districts",
    "projects.projectimage": "project__districts",
    "funding.funding": "project__districts",
    "news.post": "districts",
    "news.postimage": "post__districts",
    "news.event": "districts",
}
# Districts themselves are city-wide in the back office (looked up, never changed), but
# the drafts a district editor may preview are those of their own districts.
PREVIEW_PATHS = {**DISTRICT_PATHS, "quartier.district": "pk"}

_CACHE = "_district_editor_scope"
# Who may change districts edits city-wide: the group "Redaktion" (core.staff_groups).
CITY_WIDE_PERMISSION = "quartier.change_district"


def edited_districts(user):
    """The ids of the districts ``user`` is limited to, or None if not limited: superusers,
    city-wide editors (who may change districts, the city-wide entries: the group
    "Redaktion"; no query, Django keeps the permissions on the user), everyone outside the
    group "Quartiersredaktion" without an assignment. A member of that group without a
    district is limited to nothing: the rule fails closed. Kept on the user object for
    the rest of the request."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    if not hasattr(user, _CACHE):
        if user.has_perm(CITY_WIDE_PERMISSION):
            limited = None
        else:
            ids = frozenset(user.edited_districts.values_list("district_id", flat=True))
            limited = ids if ids or user.groups.filter(name=DISTRICT_EDITORS).exists() else None
        setattr(user, _CACHE, limited)
    return getattr(user, _CACHE)


def is_limited(user):
    return edited_districts(user) is not None


def district_path(model):
    return DISTRICT_PATHS.get(model._meta.label_lower)


def district_field(model):
    """The form field that holds an entry's districts (``districts`` or ``district``), or
    None for an entry that reaches them through its parent (an image, a funding)."""
    path = district_path(model)
    return path if path and "__" not in path else None


def parent_field(model):
    """The foreign key to the parent an entry reaches its districts through (``project``
    of an image or a funding), or None."""
    path = district_path(model)
    return path.split("__")[0] if path and "__" in path else None


def _district_rows(model, path, ids):
    return model._default_manager.filter(**{f"{path}__in": ids}).values("pk")


def scope(queryset, user):
    """``queryset`` narrowed to the entries of the user's districts; unchanged for a user who
    is not limited or a model that is city-wide."""
    ids = edited_districts(user)
    path = district_path(queryset.model)
    if ids is None or path is None:
        return queryset
    return queryset.filter(pk__in=_district_rows(queryset.model, path, ids))


def in_scope(user, obj):
    """Whether ``user`` may see and change ``obj`` as far as its districts go (the model
    permissions are asked separately)."""
    if obj is None or not is_limited(user) or district_path(type(obj)) is None:
        return True
    if obj.pk is None:
        return False
    return scope(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


def preview_scope(user, model):
    """For ``core.content``: the drafts of ``model`` that ``user`` may preview, as a Q, or
    None for no limit beyond the model permission."""
    ids = edited_districts(user)
    path = PREVIEW_PATHS.get(model._meta.label_lower)
    if ids is None or path is None:
        return None
    return Q(**{f"{path}__in": ids}) if path == "pk" else Q(pk__in=_district_rows(model, path, ids))


def district_change_error(user, before, after):
    """The German message for a district field changed from the ids ``before`` to ``after``
    by ``user``, or None if the change is allowed. A district editor keeps (or, for a new
    entry, chooses) at least one of their districts, and adds or removes only their own:
    the districts of other offices stay as they are."""
    own = edited_districts(user)
    if own is None:
        return None
    before, after = set(before), set(after)

    def listed(ids):
        return ", ".join(District.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True))

    if not after & own:
        if before & own:
            return _(
                "Keep at least one of your districts (%(districts)s): otherwise the entry leaves your "
                "districts and you can no longer edit it."
            ) % {"districts": listed(own)}
        return _("Choose at least one of your districts: %(districts)s.") % {"districts": listed(own)}
    foreign = (before ^ after) - own
    if foreign:
        return _("You may only add or remove your own districts, not: %(districts)s.") % {"districts": listed(foreign)}
    return None
