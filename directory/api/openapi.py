"""The served ``/api/hsds/openapi.json``: the official HSDS 3.0 OpenAPI document (vendored in
``directory/hsds/spec/``) with our server URL and what this API adds or narrows, each said in a
description:

- the official schemas are embedded under ``components/schemas`` (the official document points
  at raw.githubusercontent.com) and every reference is rewritten to them;
- ``/service_at_locations/{id}`` answers a service_at_location (the official document names the
  service schema there, a slip);
- the bounds of ``page`` and ``per_page``, ``format`` limited to ``json``, ``modified_after`` as
  an RFC 3339 ``date-time``, text parameters without control characters and at most 200
  characters, ``locale`` (an extension), ``proximity`` left out (not supported);
- the 400, 404 and 429 answers and their error object;
- ``/locations`` and ``/locations/{id}`` (an extension: stations and providers' addresses).
"""

import copy
import functools
import json
import re
from pathlib import Path

SPEC = Path(__file__).resolve().parent.parent / "hsds" / "spec"
REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
TEXT_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"
EXTENSIONS = (
    "Objects carry extensions prefixed with `x_`: `x_elements` (element codes; the same links "
    "as `attributes` to the terms of the taxonomy `/taxonomies`), `x_credentials` "
    "(organizations' accreditations: scheme CNAS, CMA, CNCA or other, number, scope, "
    "valid_from, valid_until), `x_provider_type`, `x_service_regions`, `x_body`, `x_channels`, "
    "`x_fee`, `x_turnaround_days`, `x_what_you_get`, `x_featured`, `x_station`, `x_park`, "
    "`x_opening_hours` and `x_translations` (the English texts). Format: "
    "docs/directory-data-format.md of the QI One-Stop project."
)


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _local(ref):
    name = re.sub(r"^(?:.*/)?(?:compiled/)?([a-z_]+)\.json$", r"\1", ref)
    return f"#/components/schemas/{name}"


def _rewrite(node):
    if isinstance(node, dict):
        return {
            key: _local(value)
            if key == "$ref" and isinstance(value, str) and value.endswith(".json")
            else _rewrite(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


def _schemas():
    found = {path.stem: _load(path) for path in sorted((SPEC / "schema").glob("*.json"))}
    found.update(
        {path.stem: _load(path) for path in sorted((SPEC / "schema" / "compiled").glob("*.json"))}
    )
    found["Error"] = {
        "type": "object",
        "required": ["status", "error"],
        "properties": {
            "status": {"type": "integer", "description": "The HTTP status code."},
            "error": {"type": "string", "description": "What is wrong."},
            "parameter": {"type": "string", "description": "The query parameter at fault."},
        },
    }
    return {name: _rewrite(schema) for name, schema in found.items()}


def _error(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {
    "400": _error("A query parameter is malformed or out of range."),
    "404": _error("No published record has this id, or no such path."),
    "429": _error("Too many requests from this client; the Retry-After header says when to retry."),
}


def _narrow_text(parameters):
    """Query parameters that take any text: at most 200 characters, no control characters."""
    for parameter in parameters:
        if parameter.get("in") == "query" and parameter.get("schema") == {"type": "string"}:
            parameter["schema"] = {"type": "string", "maxLength": 200, "pattern": TEXT_PATTERN}


def _narrow_parameters(parameters):
    _narrow_text(parameters.values())
    parameters["page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 10**6}
    parameters["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": 200}
    parameters["per_page"]["description"] += " 1 to 200; 50 when not given."
    parameters["format"]["schema"] = {"type": "string", "enum": ["json"]}
    parameters["format"]["description"] = "Only `json` is supported."
    parameters["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    parameters.pop("proximity")
    parameters["locale"] = {
        "name": "locale",
        "in": "query",
        "required": False,
        "description": "Extension: the language of the texts, `zh-hans` (default) or `en`.",
        "schema": {"type": "string", "enum": ["zh-hans", "en"]},
    }


def _locations(paths):
    listing = copy.deepcopy(paths["/taxonomies"])
    listing["get"]["operationId"] = "x_getPaginatedListOfLocations"
    listing["get"]["summary"] = "Extension: stations, then providers' addresses."
    listing["get"]["parameters"] = [
        {"$ref": f"#/components/parameters/{name}"} for name in ("page", "per_page", "format")
    ]
    items = listing["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    items["properties"]["contents"]["items"] = {"$ref": "#/components/schemas/location"}
    detail = copy.deepcopy(paths["/taxonomies/{id}"])
    detail["get"]["operationId"] = "x_getLocationById"
    detail["get"]["summary"] = "Extension: one station or provider's address."
    detail["parameters"][0]["description"] = "The id of the location."
    content = detail["get"]["responses"]["200"]["content"]["application/json"]
    content["schema"] = {"$ref": "#/components/schemas/location"}
    paths["/locations"], paths["/locations/{id}"] = listing, detail


@functools.cache
def _document():
    document = _rewrite(_load(SPEC / "openapi.json"))
    document["info"] = {
        "title": "QI One-Stop directory (HSDS 3.0)",
        "version": "1.0",
        "summary": "Providers, services and stations of the QI One-Stop platform as open data.",
        "description": EXTENSIONS,
        "license": {"name": "Open data of the QI One-Stop platform"},
    }
    components = document["components"]
    components["schemas"].update(_schemas())
    _narrow_parameters(components["parameters"])
    paths = document["paths"]
    sal = paths["/service_at_locations/{id}"]["get"]["responses"]["200"]
    sal["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/service_at_location"
    }
    _locations(paths)
    for item in paths.values():
        operation = item["get"]
        operation["parameters"] = [
            parameter
            for parameter in operation.get("parameters", [])
            if parameter.get("$ref") != "#/components/parameters/proximity"
        ] + [{"$ref": "#/components/parameters/locale"}]
        operation["responses"].update(ERRORS)
        _narrow_text(operation["parameters"])
    return document


def served_document(base_url):
    """The document with ``base_url`` (``https://host/api/hsds``) as its server."""
    document = dict(_document())
    document["servers"] = [{"url": base_url, "description": "This site's HSDS API."}]
    return document


@functools.cache
def parameter_names(path):
    """The query parameters the served document gives the operation at ``path``."""
    document = _document()
    names = set()
    for parameter in document["paths"][path]["get"]["parameters"]:
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["in"] == "query":
            names.add(parameter["name"])
    return frozenset(names)
