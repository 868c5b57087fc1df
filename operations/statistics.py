"""The query planner's table statistics.

SQLite keeps none unless told to: without them it guesses, and at 100,000 service requests it
guessed wrong for the staff listing's selective filters (a member's "open + overdue" collected
half the table and sorted it: 0.6 s instead of 25 ms) and for the state badges (45 ms each
instead of 1 ms). ``refresh_statistics`` runs ``ANALYZE`` (bounded by ``analysis_limit``, so it
samples rather than reads whole tables) once a day from ``operations.jobs``. PostgreSQL's
autovacuum keeps its statistics itself; there the job does nothing.
"""

from django.db import connection

ANALYSIS_LIMIT = 2000  # rows sampled per index: seconds at most, good enough for the planner


def refresh_statistics():
    if connection.vendor != "sqlite":
        return "left to autovacuum"
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
    return "analyzed"
