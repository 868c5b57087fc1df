"""Who among provider staff (机构人员) sees which engagement, and what of the enterprise's data
(DESIGN.md §1, §12).

Provider staff are the users with a ``ProviderMembership``: they see the engagements of their own
organisation (any translation of its page) and nothing else of the staff side. Of a request they
always see the need (elements, description, city, scale); the contact, USCC and the enterprise's
files only when the enterprise consented to share them with providers, and never after its
personal data was erased. Result files of their own engagement are always theirs to see."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from service_requests.choices import FileSource
from service_requests.models import ProviderEngagement, ProviderMembership, RequestFile

WORK_PERMISSION = "service_requests.work_on_engagements"


def provider_keys(user):
    """Translation keys of the providers ``user`` works for (a subquery)."""
    return ProviderMembership.objects.filter(user=user).values("provider__translation_key")


def is_provider_staff(user):
    return bool(
        user.is_active
        and user.has_perm(WORK_PERMISSION)
        and ProviderMembership.objects.filter(user=user).exists()
    )


def visible_engagements(user):
    if not user.is_active or not user.has_perm(WORK_PERMISSION):
        return ProviderEngagement.objects.none()
    return ProviderEngagement.objects.filter(provider__translation_key__in=provider_keys(user))


def get_visible_engagement(user, pk):
    """The engagement ``pk`` if it is one of ``user``'s provider; 404 otherwise (the same answer
    as for one that does not exist)."""
    queryset = visible_engagements(user).select_related("request", "provider")
    return get_object_or_404(queryset, pk=pk)


def shares_personal_data(service_request):
    return bool(service_request.share_consent and not service_request.personal_data_erased_at)


def visible_files(engagement):
    """Files of the engagement's request its provider may open: its own results always; the
    enterprise's files only with consent (never other providers' results)."""
    own = Q(source=FileSource.PROVIDER_RESULT, event__engagement_update__engagement=engagement)
    files = RequestFile.objects.filter(request=engagement.request_id)
    if shares_personal_data(engagement.request):
        return files.filter(own | ~Q(source=FileSource.PROVIDER_RESULT))
    return files.filter(own)
