"""The plan of a request as the enterprise reads it, for the tracking page's plan section."""

from django import template
from django.utils.translation import get_language

from service_requests import plans

register = template.Library()


@register.simple_tag
def public_plan(service_request):
    """The steps of ``service_request``'s plan in the page's language (``plans.public_plan``)."""
    return plans.public_plan(service_request, get_language())
