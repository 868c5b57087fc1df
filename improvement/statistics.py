"""Keeps ``RequestStatistics`` (one narrow row per request) in step with the requests.

Reports read this table, not the requests: a year of 50,000 requests is then a scan of a small
table with no joins (visibility and filters are conditions on the row), instead of a scan of the
wide request table joined to inboxes and surveys.

The rows follow the requests through signals (connected in ``improvement.receivers``):

- saving a request rewrites its row's own columns (one upsert, no reads);
- changing its elements or inboxes involved, or a provider engagement, rewrites its row with
  ``refresh`` (staff actions, a handful of queries);
- saving a survey rewrites the survey columns; so does ``survey_changed`` on the domain signal
  ``survey_answered`` (the answer is a conditional ``update()``, no ``post_save``);
- ``set_keys`` writes the keys of a submitted request on ``request_submitted`` (its links are
  bulk-inserted, no ``m2m_changed``).

Bulk inserts and updates send no signals: ``refresh`` rewrites given requests from the database
(``load_demo`` and the benchmark call it after their bulk inserts), and ``refresh_stale`` (run by
``requests_maintenance``) finds the requests whose row is missing or older than the request.
"""

import hashlib

from django.apps import apps as global_apps
from django.db.models import F, Q
from django.utils import timezone

from improvement.models import RequestStatistics
from service_requests.models import ServiceRequest

BATCH = 2_000

# The columns a request's own fields give, rewritten by every save.
REQUEST_COLUMNS = (
    "submitted_on",
    "state",
    "lead_inbox_id",
    "city",
    "scale",
    "enterprise",
    "first_response_due",
    "first_response_on",
    "resolution_due",
    "resolved_on",
    "paused_days",
    "source_updated_at",
)
SURVEY_COLUMNS = ("survey_sent", "survey_answered", "score")


def enterprise_key(uscc):
    """A digest of the unified social credit code: distinct enterprises, without the code."""
    uscc = (uscc or "").strip().upper()
    return hashlib.sha256(uscc.encode()).hexdigest()[:24] if uscc else ""


def joined_key(values):
    """``",a,b,"`` from ``{"b", "a"}``; "" when there are none."""
    values = sorted({str(value) for value in values})
    return f",{','.join(values)}," if values else ""


def split_key(key):
    """``["a", "b"]`` from ``",a,b,"``: the other way of ``joined_key``."""
    return [value for value in key.split(",") if value]


def keeps_enterprise(service_request):
    """Whether the row keeps the digest written before: the purge has erased the code."""
    return bool(service_request.personal_data_erased_at and not service_request.uscc)


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def request_columns(service_request):
    """The columns of the row that the request's own fields give."""
    paused = getattr(service_request, "paused_since", None)
    return {
        "submitted_on": _local_day(service_request.submitted_at),
        "state": service_request.state,
        "lead_inbox_id": service_request.lead_inbox_id,
        "city": service_request.city,
        "scale": service_request.scale,
        "enterprise": enterprise_key(service_request.uscc),
        "first_response_due": service_request.first_response_due,
        "first_response_on": _local_day(service_request.first_response_at),
        # While the clock is paused the due date is not final yet: not measured until it runs.
        # (``getattr``: the data migration 0003 passes models from before the SLA pause.)
        "resolution_due": None if paused else service_request.resolution_due,
        "resolved_on": _local_day(service_request.resolved_at),
        "paused_days": getattr(service_request, "paused_working_days", 0),
        "source_updated_at": service_request.updated_at,
    }


def survey_columns(survey):
    if survey is None:
        return {"survey_sent": False, "survey_answered": False, "score": None}
    return {
        "survey_sent": True,
        "survey_answered": survey.responded_at is not None,
        "score": survey.score,
    }


def _upsert(Statistics, rows, update_fields):
    Statistics.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["request"], update_fields=update_fields
    )


# The request fields the row is made of.
SOURCE_FIELDS = (
    "submitted_at",
    "state",
    "lead_inbox_id",
    "city",
    "scale",
    "uscc",
    "first_response_due",
    "first_response_at",
    "resolution_due",
    "resolved_at",
    "paused_since",
    "paused_working_days",
    "updated_at",
    "personal_data_erased_at",
)


def _sets(queryset, key, value):
    """``{key: {values}}`` from the pairs of ``queryset``."""
    sets = {}
    for owner, item in queryset.values_list(key, value):
        sets.setdefault(owner, set()).add(item)
    return sets


def _has_field(model, name):
    name = name.removesuffix("_id")
    return any(field.name == name for field in model._meta.concrete_fields)


def refresh(request_ids, apps=global_apps):
    """Rewrite the rows of ``request_ids`` from the database, in a fixed number of queries per
    batch. ``apps`` lets a data migration pass its historical models."""
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    Statistics = apps.get_model("improvement", "RequestStatistics")
    Survey = apps.get_model("service_requests", "SatisfactionSurvey")
    Engagement = apps.get_model("service_requests", "ProviderEngagement")
    ElementLink = ServiceRequest.elements.through
    InboxLink = ServiceRequest.inboxes.through
    request_ids = list(request_ids)
    # Historical models of a data migration may predate some fields: use those they have.
    source = [name for name in SOURCE_FIELDS if _has_field(ServiceRequest, name)]
    columns_kept = [name for name in REQUEST_COLUMNS if _has_field(Statistics, name)]
    for start in range(0, len(request_ids), BATCH):
        batch = request_ids[start : start + BATCH]
        requests = list(ServiceRequest.objects.filter(pk__in=batch).only(*source))
        if not requests:
            continue
        ids = [r.pk for r in requests]
        link = {"servicerequest_id__in": ids}
        elements = _sets(ElementLink.objects.filter(**link), "servicerequest_id", "element__code")
        inboxes = _sets(InboxLink.objects.filter(**link), "servicerequest_id", "inbox_id")
        engaged = Engagement.objects.filter(request_id__in=ids)
        providers = _sets(engaged, "request_id", "provider_id")
        surveys = {s.request_id: s for s in Survey.objects.filter(request_id__in=ids)}
        # The purge erases the code: keep the digest written before.
        erased = [r.pk for r in requests if keeps_enterprise(r)]
        kept = dict(
            Statistics.objects.filter(request_id__in=erased).values_list("request_id", "enterprise")
        )
        rows = []
        for service_request in requests:
            columns = request_columns(service_request)
            columns = {name: columns[name] for name in columns_kept}
            if service_request.pk in kept:
                columns["enterprise"] = kept[service_request.pk]
            rows.append(
                Statistics(
                    request_id=service_request.pk,
                    inbox_key=joined_key(inboxes.get(service_request.pk, ())),
                    element_key=joined_key(elements.get(service_request.pk, ())),
                    provider_key=joined_key(providers.get(service_request.pk, ())),
                    **columns,
                    **survey_columns(surveys.get(service_request.pk)),
                )
            )
        keys = ["inbox_key", "element_key", "provider_key"]
        _upsert(Statistics, rows, [*columns_kept, *keys, *SURVEY_COLUMNS])


def stale_request_ids():
    """Requests without a row, or whose row was written before the request last changed."""
    return ServiceRequest.objects.filter(
        Q(statistics__isnull=True)
        | Q(statistics__source_updated_at__isnull=True)
        | ~Q(statistics__source_updated_at=F("updated_at"))
    ).values_list("pk", flat=True)


def refresh_stale():
    """Rewrite the rows that are missing or out of date; returns how many."""
    ids = list(stale_request_ids())
    refresh(ids)
    return len(ids)


def survey_changed(survey):
    """Rewrite the survey columns of its request (after a conditional ``update()``)."""

    RequestStatistics.objects.filter(request_id=survey.request_id).update(**survey_columns(survey))


def set_keys(service_request, *, elements, inboxes):
    """Write the element and inbox keys of a new request whose links were bulk-inserted."""

    RequestStatistics.objects.filter(request_id=service_request.pk).update(
        element_key=joined_key(element.code for element in elements),
        inbox_key=joined_key(inbox.pk for inbox in inboxes),
    )


# --- receivers (connected in improvement.receivers) ---------------------------------------
def request_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    columns = request_columns(instance)
    update_fields = list(REQUEST_COLUMNS)
    if keeps_enterprise(instance):
        update_fields.remove("enterprise")
    row = RequestStatistics(request_id=instance.pk, **columns)
    _upsert(RequestStatistics, [row], update_fields)


def keys_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Rewrite the rows of the requests whose elements or inboxes changed, from either side of
    the relation (the requests of a clear from the other side are noted before it)."""
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            refresh([instance.pk])
    elif action == "pre_clear":
        linked = ServiceRequest.objects.filter(**{_field(sender): instance})
        instance._statistics_cleared = list(linked.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh(pk_set or ())
    elif action == "post_clear":
        refresh(getattr(instance, "_statistics_cleared", ()))


def _field(through):
    return "elements" if through is ServiceRequest.elements.through else "inboxes"


def survey_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        survey_changed(instance)


def survey_deleted(sender, instance, **kwargs):
    RequestStatistics.objects.filter(request_id=instance.request_id).update(**survey_columns(None))


def engagements_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh([instance.request_id])
