"""One lock for a check that must not run twice at the same time for the same key (the
rate limit of an address, the duplicate check of an organisation's name).

On PostgreSQL a transaction-level advisory lock (``pg_advisory_xact_lock``): it holds
across all processes and threads that share the database and is released with the
transaction, so it cannot be left behind. The two-key form keeps each namespace apart;
two keys that hash alike only wait for each other.

On SQLite (development and the quick test runs) a lock inside this process. SQLite
writes are serialised anyway, and it is not meant for several application processes.
"""

import threading
from contextlib import contextmanager

from django.db import connection, transaction

_process_lock = threading.RLock()


@contextmanager
def serialised(namespace, key):
    """Run the block inside a transaction that holds the lock on ``(namespace, key)``."""
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", [namespace, key])
            yield
    else:
        with _process_lock, transaction.atomic():
            yield
