"""Domain logic of service requests, with no HTTP: submit a request, route it, move it through
its states, take the enterprise's answers and survey.

``states`` is the only place that changes ``ServiceRequest.state`` (besides ``duplicates``, which
closes a request merged into another). Every change happens in one
transaction that also records the event and queues the notifications; the emails themselves are
sent by background tasks after commit, so a request is never lost or rolled back because email,
the worker or search is down.
"""

from service_requests.services.duplicates import (
    DUPLICATE_WINDOW,
    MergeError,
    has_likely_duplicate,
    likely_duplicates,
    merge,
    unmerge,
)
from service_requests.services.enterprise import (
    add_enterprise_information,
    find_for_tracking,
    record_survey_response,
)
from service_requests.services.states import (
    NotAwaitingInformation,
    TransitionError,
    transition,
)
from service_requests.services.submission import (
    Submission,
    Upload,
    allocate_reference,
    canonical_elements,
    canonical_pages,
    route,
    submit_request,
)

__all__ = [
    "DUPLICATE_WINDOW",
    "MergeError",
    "has_likely_duplicate",
    "likely_duplicates",
    "merge",
    "unmerge",
    "NotAwaitingInformation",
    "Submission",
    "TransitionError",
    "Upload",
    "add_enterprise_information",
    "allocate_reference",
    "canonical_elements",
    "canonical_pages",
    "find_for_tracking",
    "record_survey_response",
    "route",
    "submit_request",
    "transition",
]
