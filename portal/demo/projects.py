"""Loads the project fact sheets of ``projects_*.py``: runtimes from month offsets, money as
Decimal, fundings per programme and symmetric cross-references."""

from decimal import Decimal

from funding.models import Funding
from portal.demo import projects_biwaq, projects_city, projects_districts
from portal.demo.base import german_month, month_end, month_start, set_m2m, upsert
from projects.models import Project


def project_rows():
    return projects_city.rows() + projects_districts.rows() + projects_biwaq.rows()


def _lines(items):
    return "\n".join(items)


def _values(row, *, today, fields):
    end = month_end(today, row["end"]) if row.get("end") is not None else None
    archived = row.get("archived", False)
    return {
        "title": row["title"],
        "code": row.get("code", ""),
        "field_of_action": fields[row["field"]] if row.get("field") else None,
        "summary": row["summary"],
        "description": row.get("description", ""),
        "impact_goals": _lines(row.get("impact", [])),
        "result_goals": _lines(row.get("results", [])),
        "tasks": _lines(row.get("tasks", [])),
        "start": month_start(today, row["start"]),
        "end": end,
        "archived": archived,
        "archive_note": f"Das Projekt endete im {german_month(end)}; diese Seite wird nicht mehr aktualisiert."
        if archived
        else "",
        "total_cost": Decimal(row["total_cost"]) if row.get("total_cost") else None,
        "further_funds": row.get("further_funds", ""),
        "staffing": row.get("staffing", ""),
        "published": row.get("published", True),
    }


def projects_load(*, today, fields, groups, programmes, organisations, districts, contacts):
    """Create or update every project with its relations; returns ``{slug: project}`` and
    the picture wishes ``{slug: [(scene, alt, caption), ...]}``."""
    projects, pictures, edges = {}, {}, set()
    for row in project_rows():
        project, _ = upsert(Project, {"slug": row["slug"]}, _values(row, today=today, fields=fields))
        set_m2m(project.responsible_organisations, [organisations[s] for s in row.get("responsible", [])])
        set_m2m(project.partners, [organisations[s] for s in row.get("partners", [])])
        set_m2m(project.districts, [districts[s] for s in row.get("districts", [])])
        set_m2m(project.contacts, [contacts[e] for e in row.get("contacts", [])])
        set_m2m(project.target_groups, [groups[s] for s in row.get("groups", [])])
        for programme, amount, share, note in row.get("fundings", []):
            upsert(
                Funding,
                {"project": project, "programme": programmes[programme]},
                {"amount": Decimal(amount), "share": Decimal(share) if share else None, "note": note},
            )
        edges.update(frozenset((row["slug"], other)) for other in row.get("related", []))
        pictures[row["slug"]] = row.get("images", [])
        projects[row["slug"]] = project
    for slug, project in projects.items():
        neighbours = {other for edge in edges if slug in edge for other in edge if other != slug}
        set_m2m(project.related_projects, [projects[other] for other in sorted(neighbours)])
    return projects, pictures
