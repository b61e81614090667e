"""District editors (issue 12): the districts a staff account edits, and the group
"Quartiersredaktion" with the permissions of ``core.staff_groups`` as they stood when this
migration was written (a frozen copy, like 0002). Reversible: the reverse drops both."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

DISTRICT_EDITORS = "Quartiersredaktion"
DISTRICT_CONTENT_MODELS = {
    "quartier": ["office"],
    "partners": ["contactperson"],
    "funding": ["funding"],
    "projects": ["project", "projectimage"],
    "news": ["post", "postimage", "event"],
}
CITY_WIDE_MODELS = {
    "quartier": ["district"],
    "partners": ["organisation"],
    "funding": ["funder", "fundingprogramme"],
    "projects": ["fieldofaction", "targetgroup"],
}
PERMISSIONS = [
    *(
        (app, f"{action}_{model}")
        for app, models_ in DISTRICT_CONTENT_MODELS.items()
        for model in models_
        for action in ("add", "change", "delete", "view")
    ),
    *((app, f"view_{model}") for app, models_ in CITY_WIDE_MODELS.items() for model in models_),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_label in {app for app, _codename in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=DISTRICT_EDITORS)
    group.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in PERMISSIONS]
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=DISTRICT_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("quartier", "0008_scheduled_publishing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0002_initial"),
        ("funding", "0002_initial"),
        ("projects", "0001_initial"),
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DistrictEditor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="district_editors",
                        to="quartier.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="edited_districts",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="staff account",
                    ),
                ),
            ],
            options={
                "verbose_name": "edited district",
                "verbose_name_plural": "edited districts",
                "ordering": ["district__name"],
                "constraints": [models.UniqueConstraint(fields=("user", "district"), name="unique_district_editor")],
            },
        ),
        migrations.RunPython(create_group, remove_group),
    ]
