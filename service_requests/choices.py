"""Choices of the service-request app, and the request state machine as data.

``TRANSITIONS`` lists, for every state, the states a request may move to next; only
``service_requests.services.transition`` applies them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("request state", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("request state", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("request state", "In progress")
    AWAITING_ENTERPRISE = (
        "awaiting_enterprise",
        pgettext_lazy("request state", "Awaiting information from you"),
    )
    RESOLVED = "resolved", pgettext_lazy("request state", "Resolved")
    CLOSED = "closed", pgettext_lazy("request state", "Closed")
    DECLINED = "declined", pgettext_lazy("request state", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("request state", "Withdrawn")
    SPAM = "spam", pgettext_lazy("request state", "Spam")


S = RequestState

TRANSITIONS = {
    S.SUBMITTED: (S.ACCEPTED, S.DECLINED, S.WITHDRAWN, S.SPAM),
    S.ACCEPTED: (S.IN_PROGRESS, S.AWAITING_ENTERPRISE, S.RESOLVED, S.DECLINED, S.WITHDRAWN),
    S.IN_PROGRESS: (S.AWAITING_ENTERPRISE, S.RESOLVED, S.WITHDRAWN),
    S.AWAITING_ENTERPRISE: (S.IN_PROGRESS, S.RESOLVED, S.WITHDRAWN),
    S.RESOLVED: (S.CLOSED, S.IN_PROGRESS),
    S.CLOSED: (),
    S.DECLINED: (),
    S.WITHDRAWN: (),
    S.SPAM: (S.SUBMITTED,),
}
# A transition into these states needs a note (the reason is told to the enterprise).
NOTE_REQUIRED = frozenset({S.DECLINED, S.AWAITING_ENTERPRISE})
# Requests in these states are finished: nobody works on them any more.
FINAL_STATES = frozenset({S.CLOSED, S.DECLINED, S.WITHDRAWN, S.SPAM})
# Open requests count towards workloads and SLA; the enterprise may add information only while
# staff wait for it.
OPEN_STATES = frozenset(set(S) - FINAL_STATES - {S.RESOLVED})
ENTERPRISE_MAY_ADD_INFORMATION = frozenset({S.AWAITING_ENTERPRISE})
# Leaving "submitted" for any of these is the first response the SLA measures.
FIRST_RESPONSE_STATES = frozenset({S.ACCEPTED, S.DECLINED})


class Scale(models.TextChoices):
    """Enterprise size classes of the national SME classification (统计上大中小微型企业划分)."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium-sized")
    LARGE = "large", _("Large")


class Industry(models.TextChoices):
    """Sections (门类) of the national industry classification GB/T 4754-2017."""

    AGRICULTURE = "A", _("Agriculture, forestry, animal husbandry and fishery")
    MINING = "B", _("Mining")
    MANUFACTURING = "C", _("Manufacturing")
    UTILITIES = "D", _("Electricity, heat, gas and water supply")
    CONSTRUCTION = "E", _("Construction")
    TRADE = "F", _("Wholesale and retail trade")
    TRANSPORT = "G", _("Transport, storage and postal services")
    HOSPITALITY = "H", _("Accommodation and catering")
    IT = "I", _("Information transmission, software and IT services")
    FINANCE = "J", _("Finance")
    REAL_ESTATE = "K", _("Real estate")
    BUSINESS_SERVICES = "L", _("Leasing and business services")
    RESEARCH = "M", _("Scientific research and technical services")
    ENVIRONMENT = "N", _("Water conservancy, environment and public facilities")
    RESIDENT_SERVICES = "O", _("Resident, repair and other services")
    EDUCATION = "P", _("Education")
    HEALTH = "Q", _("Health and social work")
    CULTURE = "R", _("Culture, sports and entertainment")
    PUBLIC = "S", _("Public administration, social security and social organisations")
    INTERNATIONAL = "T", _("International organisations")


class Timeframe(models.TextChoices):
    URGENT = "urgent", _("As soon as possible (within 2 weeks)")
    MONTH = "month", _("Within a month")
    QUARTER = "quarter", _("Within 3 months")
    FLEXIBLE = "flexible", _("No fixed date")


class IntakeChannel(models.TextChoices):
    """How the request reached the platform: the online form, or recorded by staff for a walk-in
    visitor at a station, a phone call or an on-site visit (DESIGN.md §12)."""

    ONLINE = "online", _("Online form")
    WALK_IN = "walk_in", _("Walk-in at a station")
    PHONE = "phone", _("Phone call")
    ON_SITE = "on_site", _("On-site visit")


class Channel(models.TextChoices):
    """How the enterprise would like to be served (DESIGN.md §2: online, station, on-site)."""

    ONLINE = "online", _("Online or by phone")
    STATION = "station", _("At a service station")
    ON_SITE = "on_site", _("Visit at our premises")
    ANY = "any", _("No preference")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By email")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Request submitted")
    STATE_CHANGED = "state_changed", _("Status changed")
    NOTE = "note", _("Internal note")
    REPLY = "reply", _("Reply to the enterprise")
    ENTERPRISE_INFORMATION = "enterprise_information", _("Information from the enterprise")
    ASSIGNED = "assigned", pgettext_lazy("request event", "Assigned")
    ROUTED = "routed", pgettext_lazy("request event", "Inboxes involved")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    PLAN_UPDATED = "plan_updated", _("Service plan updated")
    ENGAGEMENT = "engagement", _("Provider engagement")
    PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased")
    SURVEY_ANSWERED = "survey_answered", _("Satisfaction survey answered")
    MERGED = "merged", _("Requests merged")
    CONSENT_REQUESTED = "consent_requested", _("Consent to share asked for")
    CONSENT_GIVEN = "consent_given", _("Consent to share given")
    UNMERGED = "unmerged", _("Merge undone")


class ActorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    STAFF = "staff", _("Staff")
    PROVIDER = "provider", _("Provider staff")
    SYSTEM = "system", _("System")


class DeliveryChannel(models.TextChoices):
    """How a message reaches its recipient: email, or SMS when the enterprise gave only a mobile
    number (DESIGN.md §12 "Channels")."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("delivery status", "Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")


class DeliveryKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the enterprise")
    INBOX_NEW_REQUEST = "inbox_new_request", _("New request to the lead inbox")
    INBOX_ENTERPRISE_INFORMATION = (
        "inbox_enterprise_information",
        _("Information from the enterprise to the lead inbox"),
    )
    STATUS_UPDATE = "status_update", _("Status update to the enterprise")
    SURVEY = "survey", _("Satisfaction survey to the enterprise")
    IMPACT_FOLLOW_UP = "impact_follow_up", _("Impact follow-up questionnaire to the enterprise")
    REPLY = "reply", _("Reply to the enterprise")
    SLA_WARNING = "sla_warning", _("Due date tomorrow, to the assignee")
    SLA_ESCALATION = "sla_escalation", _("Due date passed, to a coordinator")
    CALLBACK_REMINDER = "callback_reminder", _("Bad-rating callback due, to the inbox")
    MENTION = "mention", _("Mention in an internal note to a colleague")
    ENGAGEMENT_REFERRAL = "engagement_referral", _("Referral to a provider")
    ENGAGEMENT_REMINDER = "engagement_reminder", _("Referral answer due tomorrow, to the provider")
    ENGAGEMENT_ESCALATION = (
        "engagement_escalation",
        _("Referral not answered in time, to a coordinator"),
    )
    CONSENT_REQUEST = "consent_request", _("Request for consent to share, to the enterprise")
    DRAFT_LINK = "draft_link", _("Link to a saved request form, to the enterprise")
    ACCESS_CODE = "access_code", _("One-time code to my requests, to the enterprise")
    ERASURE_DONE = "erasure_done", _("Confirmation of erasure, to the enterprise")


class FileSource(models.TextChoices):
    REQUEST_FORM = "request_form", _("Request form")
    TRACKING_PAGE = "tracking_page", _("Added on the tracking page")
    STAFF = "staff", _("Added by staff")
    PROVIDER_RESULT = "provider_result", _("Result delivered by a provider")
