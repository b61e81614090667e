"""Permission names in German where staff choose them (groups and users).

Django stores a permission's name once, in English, when the migrations run ("Can add
funding programme"). Renaming the rows would be undone by the next ``migrate`` (and would
freeze one language in the database), so the names are built for display instead: from
the action in the codename and the model's translated ``verbose_name`` ("Kann
Förderprogramm hinzufügen"); a permission of a model's ``Meta.permissions`` shows its
declared name, translated.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def model_label(model):
    """The model's name; simple-history's tables are named after the model they keep."""
    history = next((f for f in model._meta.fields if f.name == "history" and f.is_relation), None)
    kept = getattr(history.related_model, "instance_type", None) if history else None
    if kept is not None:  # the history of a many-to-many field: "links Projekt – Quartier"
        ends = [f.related_model._meta.verbose_name for f in model._meta.fields if f.is_relation and f is not history]
        return gettext("history of the links %(ends)s") % {"ends": " – ".join(str(end) for end in ends[:2])}
    kept = getattr(model, "instance_type", None)  # a historical model
    if kept is not None:
        return gettext("history of %(model)s") % {"model": kept._meta.verbose_name}
    return model._meta.verbose_name


def permission_label(permission):
    """ "Förderung | Kann Förderprogramm hinzufügen" for ``funding.add_fundingprogramme``."""
    model = permission.content_type.model_class()
    if model is None:  # a model removed from the code, its content type still stored
        return str(permission)
    opts = model._meta
    action, _sep, model_name = permission.codename.partition("_")
    if action in ACTIONS and model_name == opts.model_name:
        name = ACTIONS[action] % {"model": model_label(model)}
    else:
        declared = dict(opts.permissions)
        name = gettext(str(declared.get(permission.codename, permission.name)))
    return f"{capfirst(opts.app_config.verbose_name)} | {capfirst(name)}"


class GermanPermissionsMixin:
    permission_fields = ()

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.permission_fields and field is not None:
            field.queryset = field.queryset.select_related("content_type")
            field.label_from_instance = permission_label
        return field


class PortalGroupAdmin(GermanPermissionsMixin, GroupAdmin):
    permission_fields = ("permissions",)


class PortalUserAdmin(GermanPermissionsMixin, UserAdmin):
    permission_fields = ("user_permissions",)


def register(site=admin.site):
    """Replace Django's group and user admins (called from ``core/admin.py``)."""
    User = get_user_model()
    for model, model_admin in ((Group, PortalGroupAdmin), (User, PortalUserAdmin)):
        if site.is_registered(model) and type(site.get_model_admin(model)) in (GroupAdmin, UserAdmin):
            site.unregister(model)
            site.register(model, model_admin)
