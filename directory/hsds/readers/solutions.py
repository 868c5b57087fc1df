"""Reading an HSDS extension ``x_solutions`` record into a solution ``Spec`` with its steps."""

from directory.hsds.records import Spec
from directory.models import SolutionStep
from website.importing import quote


def read_solution(r, service_known):
    """``r`` is an ``HSDSReader`` with ``SolutionPage`` as its model; ``service_known(id)`` says
    whether a step's service is in the file or the site."""
    fields = {
        "title": r.text("name", to="title", required=True),
        "summary": r.text("description", to="summary"),
        "need": r.text("x_need"),
        "body": r.rich_text("x_body"),
        "featured": r.boolean("x_featured"),
        "external_id": r.id,
    }
    fields["summary"] = fields["summary"] or fields["title"]
    steps = []
    for position, item in enumerate(r.list("x_steps")):
        name = f"x_steps[{position}]"
        if not isinstance(item, dict):
            r.error(name, "must be an object.")
            continue
        service_id = r.text("service_id", source=item)
        if not service_id:
            r.error(f"{name}.service_id", "is required.")
        elif not service_known(service_id):
            r.error(
                f"{name}.service_id",
                f"{quote(service_id)} is not a service in this file or the site.",
            )
        steps.append({"service_id": service_id, **_step_texts(r, item)})
    if not steps:
        r.error("x_steps", "needs at least one step.")
    page = Spec("solution", r.id, fields, children=steps)
    for language, texts in r.translations().items():
        page.translations[language] = r.translated_texts(
            texts, fields, {"need": "x_need", "body": "x_body"}
        )
        page.child_translations[language] = [
            _step_texts(r, item) if isinstance(item, dict) else {}
            for item in r.list("x_steps", source=texts)
        ]
    return page


def _step_texts(r, item):
    return {
        "title": r.text("title", to="title", model=SolutionStep, source=item),
        "explanation": r.text("description", source=item),
    }
