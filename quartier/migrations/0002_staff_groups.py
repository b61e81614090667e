from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen as this migration first created the groups; later changes are migrations of
# their own (0005), so a database migrated before them and a fresh one end up alike.
CONTENT_MODELS = {
    "quartier": ["district", "office", "sitepage"],
    "partners": ["organisation", "contactperson"],
    "funding": ["funder", "fundingprogramme", "funding"],
    "projects": ["project", "projectimage", "fieldofaction", "targetgroup"],
}
GROUP_PERMISSIONS = {
    "Redaktion": [
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ],
    "Prüfung": [
        ("partners", "view_membershiprequest"),
        ("partners", "change_membershiprequest"),
        ("partners", "review_membershiprequest"),
        ("partners", "view_organisation"),
        ("quartier", "view_district"),
    ],
}


def create_staff_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codes]
        )


def remove_staff_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(GROUP_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("quartier", "0001_initial"),
        ("partners", "0002_initial"),
        ("funding", "0002_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
