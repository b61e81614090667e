"""SQLite, the embedded default of `make run`, served by several threads: a transaction
that reads and then writes must wait for another writer instead of failing with
"database is locked" (it did on the admin's edit check under runserver)."""

import threading

import pytest
from django.db import connections, transaction

from config.env import database_config


def _alias(tmp_path, name, options):
    config = database_config(
        f"sqlite:///{tmp_path / 'portal.sqlite3'}", conn_max_age=0, connect_timeout=5, statement_timeout_ms=0
    )
    if options is not None:
        config["OPTIONS"] = options
    connections.settings[name] = connections.configure_settings({"default": config})["default"]
    return name


def _read_then_write_while_another_writes(alias_a, alias_b):
    """Thread A reads in a transaction, thread B writes meanwhile, then A writes."""
    read, written, errors = threading.Event(), threading.Event(), []

    def first():
        try:
            with transaction.atomic(using=alias_a):
                connections[alias_a].cursor().execute("SELECT v FROM t")
                read.set()
                written.wait(2)
                connections[alias_a].cursor().execute("UPDATE t SET v = v + 1")
        except Exception as error:  # noqa: BLE001 - the error is what the test looks at
            errors.append(error)
        finally:
            connections[alias_a].close()

    def second():
        read.wait(5)
        try:
            connections[alias_b].cursor().execute("UPDATE t SET v = v + 10")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            written.set()
            connections[alias_b].close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.parametrize("configured", [True, False], ids=["portal-config", "sqlite-defaults"])
def test_a_read_then_write_transaction_waits_for_another_writer(tmp_path, django_db_blocker, configured):
    options = None if configured else {}
    names = [_alias(tmp_path, f"lockdemo_{configured}_{n}", options) for n in ("setup", "a", "b")]
    try:
        with django_db_blocker.unblock():
            setup = connections[names[0]]
            setup.cursor().execute("CREATE TABLE t (v integer)")
            setup.cursor().execute("INSERT INTO t VALUES (0)")
            setup.close()
            errors = _read_then_write_while_another_writes(names[1], names[2])
            value = connections[names[0]].cursor().execute("SELECT v FROM t").fetchone()[0]
            connections[names[0]].close()
    finally:
        for name in names:
            del connections.settings[name]
    if configured:
        assert errors == [] and value == 11  # both writes kept
    else:
        # Django's defaults: the reader cannot upgrade to a writer, it fails at once
        assert [str(error) for error in errors] == ["database is locked"]
