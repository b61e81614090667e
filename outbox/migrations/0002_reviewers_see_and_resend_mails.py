"""The group "Prüfung" sees the outgoing mails of its work and may send one again
(``outbox.admin``). Reversible: the reverse takes both permissions away again."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Prüfung"
CODENAMES = ["view_outboxmail", "resend_outboxmail"]


def _permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("outbox")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="outbox", codename__in=CODENAMES))


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).first()
    if group:
        group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).first()
    if group:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_outgoing_mail"),
        ("quartier", "0005_reviewer_permissions_trimmed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
