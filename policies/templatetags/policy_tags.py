"""Template tags of the policy library: the home page's "latest policies" section."""

from django import template
from wagtail.models import Locale

from policies.services import get_policy_index, latest_policies

register = template.Library()

HOME_COUNT = 3


@register.inclusion_tag("policies/components/home_latest_policies.html", takes_context=True)
def latest_policies_section(context, count=HOME_COUNT):
    """The newest policies in the active language with a link to the library and its feed."""
    page = context.get("page")
    locale = page.locale if getattr(page, "locale_id", None) else Locale.get_active()
    policies = latest_policies(locale, count)
    return {
        "request": context.get("request"),
        "policies": policies,
        "index_page": get_policy_index(locale, live=True) if policies else None,
    }
