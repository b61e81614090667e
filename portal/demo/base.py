"""Small helpers of the demo loader: writes that change nothing when nothing changed,
and calendar arithmetic relative to "today"."""

import calendar
from datetime import date, timedelta

GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def month_start(today, months):
    """The first day of the month ``months`` away from ``today``'s month."""
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(today, months):
    """The last day of the month ``months`` away from ``today``'s month."""
    start = month_start(today, months)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def days_ago(today, days):
    return today - timedelta(days=days)


def german_month(day):
    """``date(2024, 3, 31)`` -> ``März 2024``."""
    return f"{GERMAN_MONTHS[day.month - 1]} {day.year}"


def upsert(model, lookup, values):
    """Create the row found by ``lookup`` or bring it to ``values``; save only when a value
    differs, so a second run writes no history and no new rows. Returns ``(obj, created)``."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False


def set_m2m(manager, objects):
    """``manager.set(objects)`` without a write when the set is already right."""
    wanted = {obj.pk for obj in objects}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(objects)
