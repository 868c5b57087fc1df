"""Builders of service requests for the tests, the benchmarks and the demo content.

``submit`` goes through the real services, as the form does (reference, routing, SLA dates,
timeline), and can move the request along legal transitions to a state. ``build_request`` makes
an unsaved row with the same answers for bulk inserts of many thousands of requests (benchmarks),
without routing or a timeline; ``create_request`` saves one such row with its inboxes.
"""

from datetime import timedelta

from django.utils import timezone

from service_requests import services
from service_requests.choices import RequestState
from service_requests.models import ServiceRequest
from website import uscc

# The way each state is reached, with the public notes the enterprise sees.
PATHS = {
    "submitted": [],
    "accepted": [(RequestState.ACCEPTED, "已受理，工作人员将尽快与您联系。")],
    "in_progress": [
        (RequestState.ACCEPTED, "已受理。"),
        (RequestState.IN_PROGRESS, "已制定服务方案，相关机构正在对接。"),
    ],
    "awaiting_enterprise": [
        (RequestState.ACCEPTED, "已受理。"),
        (
            RequestState.AWAITING_ENTERPRISE,
            "请补充拟出口的国家和产品适用年龄段，以便安排检测项目。",
        ),
    ],
    "resolved": [
        (RequestState.ACCEPTED, "已受理。"),
        (RequestState.IN_PROGRESS, "服务进行中。"),
        (RequestState.RESOLVED, "服务已完成，相关报告已发送给您。"),
    ],
    "closed": [
        (RequestState.ACCEPTED, "已受理。"),
        (RequestState.IN_PROGRESS, "服务进行中。"),
        (RequestState.RESOLVED, "商标注册申请已提交。"),
        (RequestState.CLOSED, ""),
    ],
    "declined": [(RequestState.DECLINED, "需求不够具体，欢迎明确产品后重新提交。")],
}
# Time between two transitions of a request submitted at a given time.
STEP = timedelta(hours=4)


def make_uscc(number):
    """A valid unified social credit code for enterprise ``number`` (Guangzhou area)."""
    return uscc.make_uscc(number, prefix="91440101MA5C")


# A complete, valid set of answers of the request form.
ANSWERS = {
    "language": "zh-hans",
    "enterprise_name": "测试企业",
    "uscc": make_uscc(1),
    "scale": "small",
    "industry": "C",
    "city": "guangzhou",
    "description": "需要计量器具检定校准服务。",
    "timeframe": "month",
    "preferred_channel": "any",
    "contact_name": "王小明",
    "contact_phone": "13800138000",
    "contact_email": "wang@example.com",
    "preferred_contact": "phone",
}


def make_submission(token, codes=("metrology",), **answers):
    """The answers of a finished form with submission token ``token``, about elements ``codes``;
    ``answers`` override the defaults."""
    values = {**ANSWERS, "element_codes": list(codes), **answers}
    return services.Submission(submission_token=token, **values)


def submit(token, codes=("metrology",), *, state="submitted", actor=None, now=None, **answers):
    """Submit a request like the form does (no email is queued) and move a new one to ``state``
    along ``PATHS``; with ``now``, the changes follow the submission ``STEP`` apart.
    Returns ``(service_request, created)``; a known token returns its request unchanged."""
    service_request, created = services.submit_request(
        make_submission(token, codes, **answers), notify=False, now=now
    )
    if created:
        for step, (to_state, note) in enumerate(PATHS[state], start=1):
            services.transition(
                service_request,
                to_state,
                actor=actor,
                note=note,
                notify=False,
                now=now + step * STEP if now else None,
            )
        service_request.refresh_from_db()
    return service_request, created


def build_request(number, **fields):
    """An unsaved request ``number`` submitted now (or at ``submitted_at``), with the default
    answers; for ``bulk_create``. Elements and inboxes are linked by the caller."""
    submitted = fields.get("submitted_at") or timezone.now()
    day = timezone.localdate(submitted)
    values = {
        **ANSWERS,
        "reference": f"QI-{day:%Y%m%d}-F{number:06d}",
        "submitted_at": submitted,
        "privacy_consent_at": submitted,
        "privacy_notice_version": "1",
        "submission_token": f"factory-{number}",
        **fields,
    }
    return ServiceRequest(**values)


def create_request(number, *, inboxes=(), **fields):
    """A saved request ``number`` (see ``build_request``) that ``inboxes`` may see."""
    service_request = build_request(number, **fields)
    service_request.save()
    service_request.inboxes.set(inboxes)
    return service_request
