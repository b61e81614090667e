"""The staff groups and exactly the permissions each needs, as they stand now. The data
migrations ``quartier/0002_staff_groups``, ``0005_reviewer_permissions_trimmed`` and
``0009_district_editors`` carry frozen copies (a migration must not change when this module
does); tests check that the migrated groups equal this list and check it per persona.
Change both together."""

EDITORS = "Redaktion"
REVIEWERS = "Prüfung"
# District editors: the content of their own districts only (quartier/editors.py holds the
# row rules; assignments are ``quartier.DistrictEditor``). Migration quartier/0009.
DISTRICT_EDITORS = "Quartiersredaktion"

CONTENT_MODELS = {
    "quartier": ["district", "office", "sitepage"],
    "partners": ["organisation", "contactperson"],
    "funding": ["funder", "fundingprogramme", "funding"],
    "projects": ["project", "projectimage", "fieldofaction", "targetgroup"],
    "news": ["post", "postimage", "event"],  # migration news/0002_editors_keep_news_and_events
}

# What a district editor maintains (each entry reaches its districts: quartier/editors.py)
# and what they only look up and link.
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
    # District editors maintain the entries of their districts and look up (link, never
    # change) the city-wide ones: organisations, programmes, districts, target groups.
    DISTRICT_EDITORS: [
        *(
            (app, f"{action}_{model}")
            for app, models in DISTRICT_CONTENT_MODELS.items()
            for model in models
            for action in ("add", "change", "delete", "view")
        ),
        *((app, f"view_{model}") for app, models in CITY_WIDE_MODELS.items() for model in models),
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
