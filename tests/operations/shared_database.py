"""The test database as several hosts see it: threads with their own connections, and other
processes, all writing to one database.

On PostgreSQL that is the test database itself. SQLite's test database lives in this process's
memory with a shared cache, where concurrent writers fail at once with "table is locked" instead
of waiting, and no other process can open it. So on SQLite the test works on a file copy of it,
opened with the settings of the embedded default (``IMMEDIATE`` transactions and a busy timeout,
as two schedulers or a worker on one host would use it): each thread of the test attaches its
own connection to that file, and subprocesses get its URL.
"""

import sqlite3
import threading

from django.db import connection, connections


class SharedDatabase:
    def __init__(self, tmp_path):
        connection.ensure_connection()
        self.settings_dict = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            path = tmp_path / "shared.sqlite3"
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            self.settings_dict["NAME"] = str(path)
            self.settings_dict["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
            self.url = f"sqlite:///{path}"
        else:
            db = self.settings_dict
            self.url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        self.wrapper_class = type(connections["default"])

    def attach(self):
        """Give the current thread its own connection to the shared database."""
        connections["default"] = self.wrapper_class(dict(self.settings_dict), "default")

    def run(self, function, *args):
        """Call ``function`` in a new thread attached to the shared database; return its result
        or raise its exception."""
        outcome = {}

        def target():
            self.attach()
            try:
                outcome["result"] = function(*args)
            except BaseException as error:  # noqa: BLE001 - re-raised in the calling thread
                outcome["error"] = error
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")
