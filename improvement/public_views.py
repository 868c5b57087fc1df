"""The enterprise's one-time impact follow-up questionnaire (服务成效), reached from its email.

The flow is the satisfaction survey's (``service_requests.public.questionnaire``): never cached,
a wrong token is a plain 404 that does not say whether the reference exists, an answered
questionnaire says so (410).
"""

from improvement import services
from improvement.forms import ImpactFollowUpForm
from improvement.models import ImpactFollowUp
from service_requests.public.questionnaire import questionnaire_view


def impact_follow_up(request, reference, token):
    return questionnaire_view(
        request,
        ImpactFollowUp,
        reference,
        token,
        form_class=ImpactFollowUpForm,
        record=services.record_follow_up,
        template="improvement/follow_up",
    )
