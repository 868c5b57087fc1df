"""HSDS services, and the solutions (an extension, ``x_solutions``) that chain them."""

from django.db.models import Prefetch

from directory.hsds.export.common import (
    default_locale_id,
    derived_id,
    drop_empty,
    element_codes,
    localize,
    record_id,
    translations_of,
)
from directory.models import Element, ServicePage, SolutionPage, SolutionStep
from directory.models.services import split_lines


def service_queryset(locale_id=None):
    return (
        ServicePage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .select_related("provider")
        .prefetch_related(
            Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code"))
        )
        .order_by("path")
    )


def _service_texts(service):
    return {
        "name": service.title,
        "description": service.summary,
        "eligibility_description": service.eligibility,
        "application_process": "\n".join(service.process_steps),
        "fees_description": service.fee_description,
        "x_what_you_get": service.what_you_get,
        "required_documents": [
            {"document": document} for document in split_lines(service.materials)
        ],
    }


def service_objects(services):
    translations = translations_of(ServicePage, services)
    objects = []
    for service in services:
        service_id = record_id(service)
        data = {
            "id": service_id,
            "organization_id": record_id(service.provider) if service.provider else None,
            **{k: v for k, v in _service_texts(service).items() if k != "required_documents"},
            "url": service.online_url,
            "status": "active",
            "required_documents": [
                {
                    "id": derived_id(service_id, "document", position),
                    "service_id": service_id,
                    "document": document,
                }
                for position, document in enumerate(split_lines(service.materials))
            ],
            "x_elements": element_codes(service),
            "x_channels": list(service.channels),
            "x_fee": service.fee_type,
            "x_turnaround_days": service.turnaround_days,
            "x_featured": service.featured or None,
        }
        data = drop_empty(data)
        data.setdefault("x_elements", [])
        localize(data, _service_texts, service, translations[service.translation_key])
        objects.append(data)
    return objects


def _solution_texts(page):
    return {
        "name": page.title,
        "description": page.summary,
        "x_need": page.need,
        "x_body": page.body,
        "x_steps": [
            {"title": step.title, "description": step.explanation}
            for step in sorted(page.steps.all(), key=lambda s: s.sort_order)
        ],
    }


def solution_objects(locale_id=None):
    solutions = list(
        SolutionPage.objects.live()
        .filter(locale_id=locale_id or default_locale_id())
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=SolutionStep.objects.select_related("service").order_by("sort_order"),
            )
        )
        .order_by("path")
    )
    translations = translations_of(SolutionPage, solutions, ["steps"])
    objects = []
    for solution in solutions:
        data = drop_empty(
            {
                "id": record_id(solution),
                "name": solution.title,
                "description": solution.summary,
                "x_need": solution.need,
                "x_body": solution.body,
                "x_featured": solution.featured or None,
            }
        )
        data["x_steps"] = [
            drop_empty(
                {
                    "service_id": record_id(step.service) if step.service else None,
                    "title": step.title,
                    "description": step.explanation,
                }
            )
            for step in solution.steps.all()
        ]
        localize(data, _solution_texts, solution, translations[solution.translation_key])
        objects.append(data)
    return objects
