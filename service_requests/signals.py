"""Domain signals: what happened to a request, announced for whoever keeps figures or follows up
(the ``improvement`` app listens). Service requests never import their listeners.

Each is sent inside the transaction of the change it announces, so a listener's writes commit or
roll back with it.
"""

from django.dispatch import Signal

# A request was submitted; its elements and inboxes were inserted in bulk (no ``m2m_changed``).
# Arguments: ``service_request``, ``elements``, ``inboxes``, ``origin`` (the opaque mark of the
# page that prefilled the form, e.g. a 质量诊断 run; empty otherwise).
request_submitted = Signal()

# The enterprise answered its satisfaction survey (a conditional ``update()``, no ``post_save``).
# Arguments: ``survey`` (with the answer set), ``now``.
survey_answered = Signal()

# The periodic housekeeping runs (``requests_maintenance``, every few minutes). A receiver does
# its own share and returns a line for the command's report.
maintenance_requested = Signal()

# The personal data of a request is being erased (retention purge), inside the purge's
# transaction: a receiver erases the personal text it keeps about the request (callback notes,
# follow-up comments). Arguments: ``service_request``, ``now``.
personal_data_erased = Signal()

# A finished request's record (ZIP) is being built: a receiver returns a list of
# ``(file name, text)`` sections it adds (``records.csv_table`` writes a table).
# Arguments: ``service_request``.
record_requested = Signal()
