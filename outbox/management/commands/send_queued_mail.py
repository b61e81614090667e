"""Retry the mails that could not be sent at once (README.md, "Deployment"): run it
every few minutes from cron. Also deletes sent and given-up mails after ``--keep-days``."""

from django.core.management.base import BaseCommand, CommandError

from outbox.services import MAIL_KEEP_DAYS, outbox_purge, outbox_send_pending


class Command(BaseCommand):
    help = "Send the queued e-mails that are due (with a growing pause between attempts) and purge old ones."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=100, help="At most this many mails per run (%(default)s).")
        parser.add_argument(
            "--keep-days",
            type=int,
            default=MAIL_KEEP_DAYS,
            help="Delete sent and given-up mails older than this many days (%(default)s).",
        )

    def handle(self, *args, limit, keep_days, **options):
        if limit < 1 or keep_days < 0:
            raise CommandError("--limit must be 1 or more and --keep-days 0 or more.")
        result = outbox_send_pending(limit=limit)
        purged = outbox_purge(days=keep_days)
        self.stdout.write(
            f"Sent {result.sent}, will retry {result.retry}, gave up on {result.failed} e-mail(s); "
            f"deleted {purged} older than {keep_days} day(s)."
        )
