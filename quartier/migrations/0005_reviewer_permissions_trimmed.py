"""The group "Prüfung" loses two permissions it never used: changing membership requests
(they are only decided, through the review pages, never edited) and viewing districts
(the request's districts are shown as text; linking an organisation needs only the
organisation autocomplete). Reversible: the reverse gives both back."""

from django.db import migrations

REVIEWERS = "Prüfung"
UNUSED = [("partners", "change_membershiprequest"), ("quartier", "view_district")]


def _unused_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in UNUSED]


def trim(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).first()
    if group:
        group.permissions.remove(*_unused_permissions(apps))


def restore(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).first()
    if group:
        group.permissions.add(*_unused_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [("quartier", "0004_default_site_pages"), ("quartier", "0002_staff_groups")]

    operations = [migrations.RunPython(trim, restore)]
