"""The staff groups and exactly the permissions each needs. The data migration
``quartier/0002_staff_groups`` applies this; tests check it per persona."""

EDITORS = "Redaktion"
REVIEWERS = "Prüfung"

CONTENT_MODELS = {
    "quartier": ["district", "office", "sitepage"],
    "partners": ["organisation", "contactperson"],
    "funding": ["funder", "fundingprogramme", "funding"],
    "projects": ["project", "projectimage", "fieldofaction", "targetgroup"],
}

GROUP_PERMISSIONS = {
    # Editors maintain all content; membership requests are none of their business.
    EDITORS: [
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ],
    # Reviewers see and decide membership requests; they look up organisations to link one.
    REVIEWERS: [
        ("partners", "view_membershiprequest"),
        ("partners", "change_membershiprequest"),
        ("partners", "review_membershiprequest"),
        ("partners", "view_organisation"),
        ("quartier", "view_district"),
    ],
}


def sync_staff_groups(Group, Permission):
    """Create the groups and give each exactly its permissions. Works with the real
    models and with a migration's historical ones; returns the groups by name."""
    groups = {}
    for name, codes in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codes]
        )
        groups[name] = group
    return groups
