"""Data protection: anonymise decided membership requests, and delete expired ones and
confirmed ones nobody decided, after the retention period (README.md, "Data
protection"). Run it daily, e.g. from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.membership.services import membership_request_purge


class Command(BaseCommand):
    help = (
        "Anonymise decided membership requests and delete expired (never confirmed) ones and "
        "confirmed ones never decided after the retention period, including the personal data "
        "in their history."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.MEMBERSHIP_RETENTION_DAYS,
            help="Retention period in days (default: MEMBERSHIP_RETENTION_DAYS, %(default)s).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be purged; change nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        result = membership_request_purge(days=days, dry_run=dry_run)
        prefix = "Dry run: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}anonymised {result.anonymised} decided and deleted {result.deleted} expired or "
            f"undecided membership request(s) older than {days} day(s)."
        )
