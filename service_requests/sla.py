"""Service-level targets of requests, in working days on the Chinese calendar.

One default for every request until per-element targets exist (staff side): change them here.
"""

from website.workdays import add_working_days

FIRST_RESPONSE_WORKING_DAYS = 2
RESOLUTION_WORKING_DAYS = 20


def first_response_due(submitted_on):
    """The last day for the first response to a request submitted on ``submitted_on``."""
    return add_working_days(submitted_on, FIRST_RESPONSE_WORKING_DAYS)


def resolution_due(submitted_on):
    return add_working_days(submitted_on, RESOLUTION_WORKING_DAYS)
