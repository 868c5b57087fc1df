"""The official HSDS 3.0 JSON schemas (vendored in ``directory/hsds/spec``) as validators, for
checking what the API answers."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parents[2] / "directory" / "hsds" / "spec"
BASE = "https://hsds.invalid/schema/"

# The schema of one answer of each path: a listing's items, or the object itself.
ITEMS = {
    "/services": "compiled/service_list.json",
    "/organizations": "compiled/organization_list.json",
    "/service_at_locations": "compiled/service_at_location_list.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
    "/locations": "location.json",
}
OBJECTS = {
    "/services/{id}": "service.json",
    "/organizations/{id}": "organization.json",
    "/service_at_locations/{id}": "service_at_location.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
    "/locations/{id}": "location.json",
}


@cache
def registry():
    resources = []
    for path in sorted((SPEC / "schema").rglob("*.json")):
        name = path.relative_to(SPEC / "schema").as_posix()
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((BASE + name, resource))
    return Registry().with_resources(resources)


@cache
def page_schema():
    document = json.loads((SPEC / "openapi.json").read_text(encoding="utf-8"))
    page = dict(document["components"]["schemas"]["Page"])
    return {**page, "required": list(page["properties"])}


def validator(name):
    return Draft202012Validator({"$ref": BASE + name}, registry=registry())


def errors(path, data):
    """What the official schemas find wrong with ``data``, the answer of ``path``."""
    found = []
    if path in ITEMS:
        found += [e.message for e in Draft202012Validator(page_schema()).iter_errors(data)]
        item_validator = validator(ITEMS[path])
        for item in data.get("contents", []):
            found += [f"{item.get('id')}: {e.message}" for e in item_validator.iter_errors(item)]
    elif path in OBJECTS:
        found += [e.message for e in validator(OBJECTS[path]).iter_errors(data)]
    return found
