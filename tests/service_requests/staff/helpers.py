"""Posting a form of the request view as the page does: with the version of the request the
page was shown with (optimistic locking), unless the test gives one."""

from service_requests.models import ServiceRequest


def current_version(pk):
    return ServiceRequest.objects.filter(pk=pk).values_list("version", flat=True).first() or 0


def post_action(client, service_request, **data):
    pk = getattr(service_request, "pk", service_request)
    data.setdefault("version", current_version(pk))
    return client.post(f"/admin/requests/{pk}/", data)
