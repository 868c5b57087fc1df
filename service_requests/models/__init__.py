"""Models of service requests: the request page, requests and their timeline, routing, delivery."""

from service_requests.models.pages import WIZARD_STEPS, ServiceRequestPage
from service_requests.models.requests import (
    DeliveryLog,
    ReferenceCounter,
    RequestEvent,
    RequestFile,
    SatisfactionSurvey,
    ServiceRequest,
)
from service_requests.models.routing import Inbox, RoutingRule
from service_requests.reports.models import *  # noqa: F403 - continuous improvement

__all__ = [
    "WIZARD_STEPS",
    "DeliveryLog",
    "Inbox",
    "ReferenceCounter",
    "RequestEvent",
    "RequestFile",
    "RoutingRule",
    "SatisfactionSurvey",
    "ServiceRequest",
    "ServiceRequestPage",
]
