"""The coordinators' queue of erasure requests (``/admin/erasure-requests/``): a listing and a
decision page that approves (runs the erasure) or refuses (with a reason)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from service_requests import data_rights
from service_requests.models import ErasureRequest, ErasureStatus
from service_requests.permissions import is_coordinator


class CoordinatorOnly(View):
    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ErasureIndexView(CoordinatorOnly):
    def get(self, request):
        rows = list(ErasureRequest.objects.select_related("decided_by")[:200])
        return TemplateResponse(
            request,
            "service_requests/admin/erasure_index.html",
            {"page_title": _("Erasure requests"), "rows": rows},
        )


class ErasureDecideView(CoordinatorOnly):
    def get(self, request, pk):
        erasure = get_object_or_404(ErasureRequest, pk=pk)
        return TemplateResponse(
            request,
            "service_requests/admin/erasure_decide.html",
            {"page_title": _("Erasure request"), "erasure": erasure},
        )

    def post(self, request, pk):
        erasure = get_object_or_404(ErasureRequest, pk=pk, status=ErasureStatus.PENDING)
        if request.POST.get("decision") == "approve":
            data_rights.approve(erasure, request.user)
            messages.success(request, _("The personal data has been erased."))
        elif request.POST.get("decision") == "refuse" and request.POST.get("reason", "").strip():
            data_rights.refuse(erasure, request.user, request.POST["reason"].strip())
            messages.success(request, _("The erasure request has been refused."))
        else:
            messages.error(request, _("Give a reason to refuse."))
            return redirect("service_requests_erasure:decide", pk=pk)
        return redirect("service_requests_erasure:index")


class ErasureMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


class ErasureViewSet(ViewSet):
    name = "service_requests_erasure"
    url_prefix = "erasure-requests"
    icon = "bin"
    menu_label = gettext_lazy("Erasure requests")
    menu_name = "erasure-requests"
    menu_order = 151
    add_to_admin_menu = True
    menu_item_class = ErasureMenuItem

    def get_urlpatterns(self):
        return [
            path("", ErasureIndexView.as_view(), name="index"),
            path("<int:pk>/", ErasureDecideView.as_view(), name="decide"),
        ]
