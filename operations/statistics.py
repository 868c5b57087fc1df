"""The query planner's table statistics.

SQLite keeps none unless told to: without them it guesses, and at 100,000 service requests it
guessed wrong for the staff listing's selective filters (a member's "open + overdue" collected
half the table and sorted it: 0.6 s instead of 25 ms) and for the state badges (45 ms each
instead of 1 ms). ``refresh_statistics`` runs a full ``ANALYZE`` once a day from
``operations.jobs`` (about a second at 100,000 requests; a sampled one, ``analysis_limit``,
gave statistics that made both worse). PostgreSQL's autovacuum keeps its statistics itself;
there the job does nothing.
"""

from django.db import connection


def refresh_statistics():
    if connection.vendor != "sqlite":
        return "left to autovacuum"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")  # every row: sampled statistics misled it
        cursor.execute("ANALYZE")
    return "analyzed"
