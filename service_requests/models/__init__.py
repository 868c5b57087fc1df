"""Models of service requests: the request page, requests and their timeline, routing, delivery."""

from service_requests.models.canned import CannedReply, canned_replies_for
from service_requests.models.deliveries import DeliveryLog
from service_requests.models.drafts import RequestDraft
from service_requests.models.engagements import (
    EngagementResponseTarget,
    EngagementUpdate,
    ProviderMembership,
)
from service_requests.models.pages import WIZARD_STEPS, ServiceRequestPage
from service_requests.models.plans import PlanStep
from service_requests.models.requests import (
    ReferenceCounter,
    RequestEvent,
    RequestFile,
    ServiceRequest,
)
from service_requests.models.routing import Inbox, RoutingRule
from service_requests.models.self_service import AccessCode, ErasureRequest, ErasureStatus
from service_requests.models.staff import (
    EngagementRole,
    EngagementStatus,
    Milestone,
    ProviderEngagement,
    RequestSettings,
    RequestSettingsElementTarget,
    ServicePlan,
)
from service_requests.models.stations import StationDesk, StationRating
from service_requests.models.survey import SatisfactionSurvey

__all__ = [
    "AccessCode",
    "WIZARD_STEPS",
    "CannedReply",
    "DeliveryLog",
    "ErasureRequest",
    "ErasureStatus",
    "RequestSettingsElementTarget",
    "EngagementResponseTarget",
    "EngagementRole",
    "EngagementUpdate",
    "EngagementStatus",
    "Inbox",
    "Milestone",
    "PlanStep",
    "ProviderEngagement",
    "ProviderMembership",
    "ReferenceCounter",
    "RequestDraft",
    "RequestEvent",
    "RequestFile",
    "RequestSettings",
    "RoutingRule",
    "SatisfactionSurvey",
    "ServiceRequest",
    "ServiceRequestPage",
    "ServicePlan",
    "StationDesk",
    "StationRating",
    "canned_replies_for",
]
