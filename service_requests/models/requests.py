"""A service request and what hangs off it: files, the timeline, the survey, the reference
counter."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Element
from service_requests import choices
from service_requests.models.pages import ServiceRequestPage
from service_requests.models.questionnaire import new_secret_token
from service_requests.storage import REQUEST_FILES_PREFIX, get_private_storage
from website.choices import City


class ServiceRequest(models.Model):
    """One enterprise's request for help: every answer of the form, the language it was made in,
    the routing result, SLA dates and the secrets that let the enterprise come back to it.

    ``state`` is changed only by ``service_requests.services`` (it applies the transitions of
    ``choices.TRANSITIONS`` and records an event for each). The enterprise's answers are kept as
    given; elements point at the default-language rows so staff filter on one set."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    state = models.CharField(
        _("status"),
        max_length=24,
        choices=choices.RequestState.choices,
        default=choices.RequestState.SUBMITTED,
        editable=False,
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    page = models.ForeignKey(
        "service_requests.ServiceRequestPage",
        verbose_name=_("submitted on page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # How it reached the platform: online, or recorded by staff (walk-in, phone, on-site visit)
    intake_channel = models.CharField(
        _("intake channel"),
        max_length=10,
        choices=choices.IntakeChannel.choices,
        default=choices.IntakeChannel.ONLINE,
    )
    station = models.ForeignKey(
        "directory.StationPage",
        verbose_name=_("service station"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
        help_text=_("The station where the request was made or that recorded it."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # Your enterprise
    enterprise_name = models.CharField(_("enterprise name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    scale = models.CharField(_("enterprise scale"), max_length=10, choices=choices.Scale.choices)
    industry = models.CharField(_("industry"), max_length=2, choices=choices.Industry.choices)
    city = models.CharField(_("city"), max_length=20, choices=City.choices)
    address = models.CharField(_("address"), max_length=250, blank=True)

    # What you need
    elements = models.ManyToManyField(
        "directory.Element", verbose_name=_("elements"), related_name="service_requests"
    )
    description = models.TextField(_("description of the need"))
    timeframe = models.CharField(_("timeframe"), max_length=10, choices=choices.Timeframe.choices)
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=10, choices=choices.Channel.choices
    )
    services = models.ManyToManyField(
        "directory.ServicePage",
        verbose_name=_("services asked for"),
        blank=True,
        related_name="service_requests",
    )
    preferred_provider = models.ForeignKey(
        "directory.ProviderPage",
        verbose_name=_("preferred provider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="preferred_in_requests",
    )
    solution = models.ForeignKey(
        "directory.SolutionPage",
        verbose_name=_("came from solution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_requests",
    )

    # Contact and consent
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    preferred_contact = models.CharField(
        _("preferred contact method"), max_length=10, choices=choices.ContactMethod.choices
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted at"))
    share_consent = models.BooleanField(_("consents to sharing with providers"), default=False)
    share_consent_at = models.DateTimeField(_("sharing consent given at"), null=True, blank=True)
    # The version of the request page's privacy notice each consent was given to (blank for
    # requests made before notices had versions).
    privacy_notice_version = models.CharField(
        _("privacy notice version accepted"), max_length=20, blank=True
    )
    share_consent_notice_version = models.CharField(
        _("privacy notice version of the sharing consent"), max_length=20, blank=True
    )

    # Routing and handling
    lead_inbox = models.ForeignKey(
        "service_requests.Inbox",
        verbose_name=_("lead inbox"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_requests",
    )
    inboxes = models.ManyToManyField(
        "service_requests.Inbox",
        verbose_name=_("inboxes involved"),
        blank=True,
        related_name="service_requests",
        help_text=_("Every inbox that may see the request, the lead inbox included."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_service_requests",
    )
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=choices.Priority.choices,
        default=choices.Priority.NORMAL,
    )

    # Time
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    first_response_due = models.DateField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateField(_("resolution due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first responded at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("request", "closed at"), null=True, blank=True)
    # The resolution clock stops while staff wait for the enterprise (``sla.pause``/``resume``).
    paused_since = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(_("working days paused"), default=0)
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True, editable=False
    )

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_requests",
        editable=False,
        help_text=_("The request that carries on this case after a merge of duplicates."),
    )

    # Optimistic locking: raised by every change of the request (each timeline event, each staff
    # form); a staff form saves only over the version it was shown with.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    # Secrets: the tracking token is compared in constant time; the submission token makes the
    # final POST of the form idempotent.
    tracking_token = models.CharField(max_length=64, default=new_secret_token, editable=False)
    submission_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-submitted_at", "-pk"]
        # Coordinators (协调员) see the requests of every inbox; other staff only their inboxes'.
        permissions = [("view_all_requests", _("Can see the requests of every inbox"))]
        indexes = [
            models.Index(fields=["state", "-submitted_at"], name="sr_state_submitted_idx"),
            models.Index(fields=["lead_inbox", "state"], name="sr_lead_inbox_state_idx"),
            models.Index(fields=["first_response_due"], name="sr_first_response_due_idx"),
            models.Index(fields=["uscc"], name="sr_uscc_idx"),
            models.Index(fields=["city"], name="sr_city_idx"),
            models.Index(fields=["assigned_to", "state"], name="sr_assignee_state_idx"),
            models.Index(fields=["resolution_due"], name="sr_resolution_due_idx"),
            # Open and overdue: the open states, then the due date (staff listing, dashboard).
            models.Index(fields=["state", "resolution_due"], name="sr_state_due_idx"),
            models.Index(fields=["state", "closed_at"], name="sr_state_closed_idx"),
            models.Index(fields=["-submitted_at", "-id"], name="sr_submitted_idx"),
            # "My open requests" by due date (the dashboard): walked in order for one assignee.
            models.Index(fields=["assigned_to", "resolution_due"], name="sr_assignee_due_idx"),
            # The staff search by the beginning of the name (LIKE 'name%' on PostgreSQL).
            models.Index(
                fields=["enterprise_name"],
                name="sr_enterprise_name_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def allowed_transitions(self):
        return choices.TRANSITIONS[choices.RequestState(self.state)]

    @property
    def enterprise_may_add_information(self):
        return self.state in choices.ENTERPRISE_MAY_ADD_INFORMATION

    def check_tracking_token(self, token):
        return bool(token) and constant_time_compare(str(token), self.tracking_token)

    def get_request_page(self):
        """The request page in the request's language (for links in emails)."""
        if self.page_id and self.page.live:
            return self.page
        pages = ServiceRequestPage.objects.live().select_related("locale")
        return pages.filter(locale__language_code=self.language).first() or pages.first()

    def get_tracking_url(self, absolute=True, page=None):
        """The private tracking link; ``page`` is the request page serving the current view."""
        page = page or self.get_request_page()
        if page is None:
            return ""
        base = page.get_full_url() if absolute else page.get_url()
        path = page.reverse_subpage("track", args=[self.reference])
        return f"{base.rstrip('/')}/{path.lstrip('/')}?token={self.tracking_token}"

    def localized_elements(self, language=None):
        """The request's elements named in ``language`` (default: the request's language), in
        one query: the chosen rows and their translations."""
        language = language or self.language
        chosen_keys = self.elements.values("translation_key")
        rows = Element.objects.filter(
            translation_key__in=chosen_keys,
            locale__language_code__in={language, settings.LANGUAGE_CODE},
        ).select_related("locale")
        by_key = {}
        for element in rows.order_by("sort_order", "code"):
            if element.translation_key not in by_key or element.locale.language_code == language:
                by_key[element.translation_key] = element
        return list(by_key.values())


def request_file_path(instance, filename):
    """Stored names are random: the enterprise's file name is kept in ``original_name`` only."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    now = timezone.now()
    return f"{REQUEST_FILES_PREFIX}/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RequestFile(models.Model):
    """A file an enterprise sent with its request or later on the tracking page. Stored in the
    private storage only; staff download it through a permission-checked view."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="files"
    )
    event = models.ForeignKey(
        "service_requests.RequestEvent",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    file = models.FileField(
        _("file"), storage=get_private_storage, upload_to=request_file_path, max_length=255
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=choices.FileSource.choices,
        default=choices.FileSource.REQUEST_FORM,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("request file")
        verbose_name_plural = _("request files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class RequestEvent(models.Model):
    """One entry of a request's timeline: who did what and when. Public events are shown to the
    enterprise on the tracking page; internal ones only to staff."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=30, choices=choices.EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_kind = models.CharField(
        _("actor"), max_length=12, choices=choices.ActorKind.choices, default="system"
    )
    from_state = models.CharField(
        _("from status"), max_length=24, choices=choices.RequestState.choices, blank=True
    )
    to_state = models.CharField(
        _("to status"), max_length=24, choices=choices.RequestState.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(
        _("shown to the enterprise"),
        default=False,
        help_text=_("Public events appear on the enterprise's tracking page."),
    )
    # What a change needs to be undone (a merge: what it added and what it closed).
    details = models.JSONField(_("details"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="sr_event_request_time_idx")]

    def __str__(self):
        return f"{self.request} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        # A new event is a change of the request: staff forms shown before it are stale (no
        # form can be open before the submission's own event).
        if adding and self.kind != choices.EventKind.SUBMITTED:
            ServiceRequest.objects.filter(pk=self.request_id).update(
                version=models.F("version") + 1
            )


class ReferenceCounter(models.Model):
    """The last reference number handed out on a day. Incremented by one atomic upsert
    (``services.allocate_reference``), so concurrent submissions never share a number."""

    day = models.DateField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.day:%Y-%m-%d}: {self.last_number}"
