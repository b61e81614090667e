"""The staff groups and exactly the permissions each needs, as they stand now. The data
migrations ``quartier/0002_staff_groups`` and ``0005_reviewer_permissions_trimmed`` carry
frozen copies (a migration must not change when this module does); tests check that the
migrated groups equal this list and check it per persona. Change both together."""

EDITORS = "Redaktion"
REVIEWERS = "Prüfung"

CONTENT_MODELS = {
    "quartier": ["district", "office", "sitepage"],
    "partners": ["organisation", "contactperson"],
    "funding": ["funder", "fundingprogramme", "funding"],
    "projects": ["project", "projectimage", "fieldofaction", "targetgroup"],
    "news": ["post", "postimage", "event"],  # migration news/0002_editors_keep_news_and_events
}

GROUP_PERMISSIONS = {
    # Editors maintain all content; membership requests are none of their business.
    EDITORS: [
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ],
    # Reviewers see and decide membership requests; they look up organisations to link one
    # (the organisation autocomplete of the approve page). The requests themselves are never
    # edited in the back office, only decided, so no change permission.
    REVIEWERS: [
        ("partners", "view_membershiprequest"),
        ("partners", "review_membershiprequest"),
        ("partners", "view_organisation"),
        # The mails of their decisions: whether they went out, and send one again
        # (migration outbox/0002_reviewers_see_and_resend_mails).
        ("outbox", "view_outboxmail"),
        ("outbox", "resend_outboxmail"),
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
