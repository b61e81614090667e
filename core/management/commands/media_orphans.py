"""``python manage.py media_orphans [--delete] [--min-age-hours N]``: image files no row
references (see ``core.media_files``)."""

from django.core.management.base import BaseCommand

from core import media_files


class Command(BaseCommand):
    help = (
        "Lists image files in MEDIA_ROOT that no entry uses and files in MEDIA_TRASH_ROOT that no entry "
        "and no history row uses. With --delete: files a history row still names move to the trash "
        "(a restore brings them back), the others are deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Tidy up instead of only listing.")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=1,
            help="Leave out files younger than this (an upload being saved); default 1.",
        )

    def handle(self, *args, delete=False, min_age_hours=1, **options):
        orphans = media_files.find_orphans(min_age=min_age_hours * 3600)
        sections = [
            (orphans.to_trash, f"In {media_files.media_root()}, only in the history: to the trash"),
            (orphans.to_delete, f"In {media_files.media_root()}, used by nothing: delete"),
            (orphans.trash_to_delete, f"In {media_files.trash_root()}, used by nothing: delete"),
            (orphans.to_restore, f"In {media_files.trash_root()}, used by an entry: back to MEDIA_ROOT"),
        ]
        for names, title in sections:
            if names:
                self.stdout.write(f"{title} ({len(names)}):")
                for name in names:
                    self.stdout.write(f"  {name}")
        if not orphans:
            self.stdout.write("No orphaned image files.")
        elif delete:
            media_files.tidy(orphans)
            self.stdout.write(self.style.SUCCESS("Done."))
        else:
            self.stdout.write("Nothing changed; run with --delete to tidy up.")
