"""What continuous improvement does when something happens to a request: it listens to
``service_requests``' domain signals and to the saves of its models, and keeps its statistics rows,
bad-rating callbacks and impact follow-ups in step. Connected once by ``ImprovementConfig.ready``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from improvement import services, statistics
from improvement.models import BadRatingCallback, ImpactFollowUp
from service_requests import records, signals
from service_requests.models import ProviderEngagement, SatisfactionSurvey, ServiceRequest


def request_submitted(sender, service_request, elements, inboxes, **kwargs):
    """The links of a new request are bulk-inserted without ``m2m_changed``: write its keys."""
    statistics.set_keys(service_request, elements=elements, inboxes=inboxes)


def survey_answered(sender, survey, now, **kwargs):
    """The answer was stored by a conditional ``update()`` (no ``post_save``): rewrite the survey
    columns, and a score of 1 or 2 opens a bad-rating callback."""
    statistics.survey_changed(survey)
    services.open_callback(survey, now)


def maintenance_requested(sender, **kwargs):
    """The periodic housekeeping: rewrite the report rows of requests changed without a signal
    (bulk updates, imports). Impact follow-ups are a scheduled job of their own."""
    refreshed = statistics.refresh_stale()
    return f"Refreshed {refreshed} report row(s)."


def personal_data_erased(sender, service_request, **kwargs):
    """The retention purge: erase what the callback found and what the enterprise wrote in its
    follow-up; scores, dates and outcomes stay for the statistics."""
    BadRatingCallback.objects.filter(request=service_request).update(cause="", corrective_action="")
    ImpactFollowUp.objects.filter(request=service_request).update(comment="")


CALLBACK_FIELDS = [
    "score",
    "opened_at",
    "due",
    "contacted_at",
    "cause",
    "corrective_action",
    "closed_at",
    "closed_by",
]
FOLLOW_UP_FIELDS = [
    "created_at",
    "responded_at",
    "achieved",
    "outcomes",
    "value_estimate",
    "comment",
]


def record_requested(sender, service_request, **kwargs):
    """The closed case's record: its bad-rating callback and impact follow-up."""
    callback = BadRatingCallback.objects.filter(request=service_request).first()
    follow_up = ImpactFollowUp.objects.filter(request=service_request).first()
    return [
        ("callback.csv", records.csv_table([callback], CALLBACK_FIELDS, BadRatingCallback)),
        ("follow_up.csv", records.csv_table([follow_up], FOLLOW_UP_FIELDS, ImpactFollowUp)),
    ]


def connect():
    signals.request_submitted.connect(request_submitted, dispatch_uid="improvement_submitted")
    signals.survey_answered.connect(survey_answered, dispatch_uid="improvement_survey_answered")
    signals.maintenance_requested.connect(
        maintenance_requested, dispatch_uid="improvement_maintenance"
    )
    signals.personal_data_erased.connect(personal_data_erased, dispatch_uid="improvement_erased")
    signals.record_requested.connect(record_requested, dispatch_uid="improvement_record")
    post_save.connect(
        statistics.request_saved, sender=ServiceRequest, dispatch_uid="sr_statistics_request"
    )
    for through, uid in (
        (ServiceRequest.elements.through, "sr_statistics_elements"),
        (ServiceRequest.inboxes.through, "sr_statistics_inboxes"),
    ):
        m2m_changed.connect(statistics.keys_changed, sender=through, dispatch_uid=uid)
    post_save.connect(
        statistics.survey_saved, sender=SatisfactionSurvey, dispatch_uid="sr_statistics_survey"
    )
    post_delete.connect(
        statistics.survey_deleted,
        sender=SatisfactionSurvey,
        dispatch_uid="sr_statistics_survey_gone",
    )
    for signal, uid in ((post_save, "sr_statistics_engaged"), (post_delete, "sr_statistics_freed")):
        signal.connect(statistics.engagements_changed, sender=ProviderEngagement, dispatch_uid=uid)
