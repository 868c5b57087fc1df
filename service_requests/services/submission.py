"""Submitting a request: the form's answers in language-neutral values, the reference, routing
to inboxes, and the one transaction that creates the request with its timeline and files."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import get_language

from directory.models import Element, ProviderPage, ServicePage, SolutionPage, StationPage
from service_requests import notifications, plans, signals, sla
from service_requests.choices import (
    ActorKind,
    EventKind,
    FileSource,
    IntakeChannel,
    RequestState,
)
from service_requests.consent import notice_version
from service_requests.models import (
    Inbox,
    ReferenceCounter,
    RequestEvent,
    RequestFile,
    RoutingRule,
    ServiceRequest,
)

# States whose arrival is told to the enterprise by email (resolving sends the survey instead).
from service_requests.services.files import copy_upload, delete_files


@dataclass
class Upload:
    """A file already checked and saved under a temporary private name."""

    tmp_name: str
    name: str
    size: int
    content_type: str


@dataclass
class Submission:
    """Everything the request form collected, in language-neutral values."""

    language: str
    submission_token: str
    enterprise_name: str
    uscc: str
    scale: str
    industry: str
    city: str
    description: str
    timeframe: str
    preferred_channel: str
    contact_name: str
    preferred_contact: str
    element_codes: list = field(default_factory=list)
    address: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    share_consent: bool = False
    uploads: list = field(default_factory=list)
    service_keys: list = field(default_factory=list)  # translation keys of ServicePages
    provider_key: str = ""  # translation key of a ProviderPage
    solution_key: str = ""  # translation key of the SolutionPage the enterprise came from
    origin: str = ""  # opaque mark of the page that prefilled the form (``prefill.sign_need``)
    page: object = None
    is_spam: bool = False
    # Offline and assisted intake (DESIGN.md §12): how the request reached the platform, the
    # station (translation key) where it was made or whose poster was scanned, the staff member
    # who recorded it.
    intake_channel: str = IntakeChannel.ONLINE
    station_key: str = ""
    recorded_by: object = None

    @classmethod
    def from_answers(cls, answers, **fields):
        """The request form's answers (one flat dict of its fields, as the wizard's steps and
        the staff's offline form give them) with ``fields`` beside them."""
        return cls(
            enterprise_name=answers["enterprise_name"],
            uscc=answers["uscc"],
            scale=answers["scale"],
            industry=answers["industry"],
            city=answers["city"],
            address=answers.get("address", ""),
            element_codes=list(answers["elements"]),
            description=answers["description"],
            timeframe=answers["timeframe"],
            preferred_channel=answers["preferred_channel"],
            contact_name=answers["contact_name"],
            contact_phone=answers.get("contact_phone", ""),
            contact_email=answers.get("contact_email", ""),
            preferred_contact=answers["preferred_contact"],
            share_consent=bool(answers.get("share_consent")),
            **fields,
        )

    @classmethod
    def from_wizard(cls, data, *, uploads, prefill, page, is_spam=False):
        needs, prefill = data["needs"], prefill or {}
        return cls.from_answers(
            {**data["enterprise"], **needs, **data["contact"]},
            language=get_language() or settings.LANGUAGE_CODE,
            submission_token=data["check"]["submission_token"],
            service_keys=list(needs.get("services") or []),
            provider_key=needs.get("preferred_provider") or "",
            solution_key=prefill.get("solution_key") or "",
            origin=prefill.get("origin") or "",
            station_key=prefill.get("station_key") or "",
            uploads=[
                Upload(u["tmp_name"], u["name"], u["size"], u["content_type"]) for u in uploads
            ],
            page=page,
            is_spam=is_spam,
        )


# --- references ---------------------------------------------------------------------------------
def allocate_reference(day):
    """The next reference of ``day``, e.g. ``QI-20261124-0007``: one atomic upsert on the day's
    counter row, which stays locked until the surrounding transaction ends, so concurrent
    submissions (on any number of app servers) get distinct numbers."""
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last_number) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (day) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [day],
        )
        number = cursor.fetchone()[0]
    return f"QI-{day:%Y%m%d}-{number:04d}"


# --- routing ------------------------------------------------------------------------------------
def route(elements, city):
    """Return ``(lead_inbox, involved_inboxes)`` for a request about ``elements`` from ``city``.

    Each element goes to the inbox of its rule for that city, else its rule for any city. The
    lead is the inbox matching most elements (ties: the first element in the catalogue order).
    Elements no rule covers bring in the fallback inboxes, so nothing goes unseen."""
    codes = [element.code for element in elements]
    chosen = {}
    rules = RoutingRule.objects.filter(element__code__in=codes, city__in=[city, ""])
    for rule in rules.select_related("inbox", "element"):
        code = rule.element.code
        if code not in chosen or rule.city:
            chosen[code] = rule.inbox
    involved, counts = [], {}
    for code in codes:
        inbox = chosen.get(code)
        if inbox is None:
            continue
        if inbox not in involved:
            involved.append(inbox)
        counts[inbox] = counts.get(inbox, 0) + 1
    if len(chosen) < len(set(codes)) or not involved:
        for inbox in Inbox.objects.filter(is_fallback=True):
            if inbox not in involved:
                involved.append(inbox)
                counts.setdefault(inbox, 0)
    if not involved:
        return None, []
    lead = max(involved, key=lambda inbox: (counts[inbox], -involved.index(inbox)))
    return lead, involved


def canonical_elements(codes):
    """The default-language elements for ``codes``, in catalogue order."""
    by_code = {}
    rows = Element.objects.filter(code__in=codes).select_related("locale")
    for element in rows.order_by("sort_order", "code"):
        is_default = element.locale.language_code == settings.LANGUAGE_CODE
        if element.code not in by_code or is_default:
            by_code[element.code] = element
    return sorted(by_code.values(), key=lambda e: (e.sort_order, e.code))


# --- submission ---------------------------------------------------------------------------------


def submit_request(submission, *, notify=True, now=None):
    """Create the request of a finished form, or return the one its submission token already
    created. Returns ``(service_request, created)``.

    Files are copied into the request storage first (outside the transaction, so the counter row
    is locked only briefly); everything else — the reference, the answers, routing, the timeline,
    the delivery log — is written in one transaction, and the emails are queued after commit."""
    existing = ServiceRequest.objects.filter(submission_token=submission.submission_token).first()
    if existing is not None:
        return existing, False
    now = now or timezone.now()
    copied = []
    try:
        for upload in submission.uploads:
            copied.append((upload, copy_upload(upload, now)))
        with transaction.atomic():
            service_request = _create(submission, copied, now, notify=notify)
    except IntegrityError:
        # A concurrent POST with the same submission token won the race.
        delete_files(name for _, name in copied)
        existing = ServiceRequest.objects.filter(
            submission_token=submission.submission_token
        ).first()
        if existing is None:
            raise
        return existing, False
    except BaseException:
        delete_files(name for _, name in copied)
        raise
    return service_request, True


def _create(submission, copied, now, *, notify):
    day = timezone.localdate(now)
    elements = canonical_elements(submission.element_codes)
    lead, involved = route(elements, submission.city)
    services, provider, solution = _directory_relations(submission)
    stations = canonical_pages(StationPage, [submission.station_key] * bool(submission.station_key))
    state = RequestState.SPAM if submission.is_spam else RequestState.SUBMITTED
    targets = sla.targets_for(elements)
    service_request = ServiceRequest.objects.create(
        reference=allocate_reference(day),
        state=state,
        language=submission.language,
        page=submission.page,
        intake_channel=submission.intake_channel,
        station=(stations or [None])[0],
        recorded_by=submission.recorded_by,
        enterprise_name=submission.enterprise_name,
        uscc=submission.uscc,
        scale=submission.scale,
        industry=submission.industry,
        city=submission.city,
        address=submission.address,
        description=submission.description,
        timeframe=submission.timeframe,
        preferred_channel=submission.preferred_channel,
        preferred_provider=provider,
        solution=solution,
        contact_name=submission.contact_name,
        contact_phone=submission.contact_phone,
        contact_email=submission.contact_email,
        preferred_contact=submission.preferred_contact,
        privacy_consent_at=now,
        share_consent=submission.share_consent,
        share_consent_at=now if submission.share_consent else None,
        privacy_notice_version=notice_version(submission.page),
        share_consent_notice_version=(
            notice_version(submission.page) if submission.share_consent else ""
        ),
        lead_inbox=lead,
        submitted_at=now,
        first_response_due=sla.first_response_due(day, targets=targets),
        resolution_due=sla.resolution_due(day, targets=targets),
        submission_token=submission.submission_token,
    )
    # A new request has no links yet: insert them without the lookup ``set()`` does first.
    ServiceRequest.elements.through.objects.bulk_create(
        ServiceRequest.elements.through(servicerequest=service_request, element=element)
        for element in elements
    )
    ServiceRequest.inboxes.through.objects.bulk_create(
        ServiceRequest.inboxes.through(servicerequest=service_request, inbox=inbox)
        for inbox in involved
    )
    ServiceRequest.services.through.objects.bulk_create(
        ServiceRequest.services.through(servicerequest=service_request, servicepage=service)
        for service in services
    )
    plans.start_from_solution(service_request, solution, elements)
    signals.request_submitted.send(
        ServiceRequest,
        service_request=service_request,
        elements=elements,
        inboxes=involved,
        origin=submission.origin,
    )
    event = RequestEvent.objects.create(
        request=service_request,
        created_at=now,
        kind=EventKind.SUBMITTED,
        actor=submission.recorded_by,
        actor_kind=ActorKind.STAFF if submission.recorded_by else ActorKind.ENTERPRISE,
        to_state=state,
        is_public=state != RequestState.SPAM,
    )
    RequestFile.objects.bulk_create(
        RequestFile(
            request=service_request,
            event=event,
            file=name,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            source=FileSource.REQUEST_FORM,
            uploaded_at=now,
        )
        for upload, name in copied
    )
    if notify and state == RequestState.SUBMITTED:
        notifications.queue_submission(service_request)
    return service_request


def canonical_pages(model, keys):
    """The pages of ``model`` with these translation keys, in the default language where that
    translation exists (staff work in it), else in any language; in the order of ``keys``."""
    if not keys:
        return []
    found = {}
    rows = model.objects.filter(translation_key__in=keys).select_related("locale")
    for page in rows:
        key = str(page.translation_key)
        if key not in found or page.locale.language_code == settings.LANGUAGE_CODE:
            found[key] = page
    return [found[key] for key in keys if key in found]


def _directory_relations(submission):
    """Services, preferred provider and solution the enterprise chose or came from."""
    services = canonical_pages(ServicePage, submission.service_keys)
    providers = canonical_pages(
        ProviderPage, [submission.provider_key] * bool(submission.provider_key)
    )
    solutions = canonical_pages(
        SolutionPage, [submission.solution_key] * bool(submission.solution_key)
    )
    return services, (providers or [None])[0], (solutions or [None])[0]
