"""Read a directory from an HSDS 3.0 API (ours or another's) into one document that
``import_directory`` takes, so the all-or-nothing, idempotent import rules apply unchanged.

Every page of ``/organizations?full=true`` (with their addresses, contacts and phones),
``/locations`` (stations, with their contacts and phones) and ``/services?full=true`` (with their
service_at_locations) is read; ``modified_after`` narrows the services to those changed since.
Solutions are not part of the HSDS API and are not read.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from website.importing.errors import ImportRejected, RecordError

PER_PAGE = 200
MAX_PAGES = 10_000
TIMEOUT = 30


def _get(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        raise _rejected(url, f"the API answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise _rejected(url, f"cannot be read: {getattr(error, 'reason', error)}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _rejected(url, "is not JSON.") from None


def _rejected(url, message):
    return ImportRejected([RecordError(record=url, field="", message=message)])


def read_all(base_url, path, **query):
    """Every item of the paginated listing ``path``, page after page."""
    items = []
    for page in range(1, MAX_PAGES + 1):
        params = {k: v for k, v in query.items() if v is not None}
        params.update(page=page, per_page=PER_PAGE)
        url = f"{base_url.rstrip('/')}/{path}?{urllib.parse.urlencode(params)}"
        data = _get(url)
        if not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            raise _rejected(url, "is not an HSDS paginated answer (no contents).")
        items += data["contents"]
        if data.get("last_page", True) or not data["contents"]:
            return items
    raise _rejected(base_url, f"{path} has more than {MAX_PAGES} pages.")


def _take(record, key):
    value = record.pop(key, None)
    return value if isinstance(value, list) else []


def read_api(base_url, modified_after=None):
    """The HSDS document (``organizations``, ``services``, ``locations``,
    ``service_at_locations``, ``contacts``, ``phones``) served at ``base_url``."""
    document = {key: [] for key in ("organizations", "services", "locations")}
    document.update(service_at_locations=[], contacts=[], phones=[])
    for organization in read_all(base_url, "organizations", full="true"):
        for key in ("contacts", "phones"):
            document[key] += _take(organization, key)
        _take(organization, "services")
        _take(organization, "locations")  # the same addresses /locations lists
        document["organizations"].append(organization)
    for location in read_all(base_url, "locations"):
        for key in ("contacts", "phones"):
            document[key] += _take(location, key)
        document["locations"].append(location)
    services = read_all(base_url, "services", full="true", modified_after=modified_after)
    for service in services:
        for link in _take(service, "service_at_locations"):
            link.pop("location", None)
            document["service_at_locations"].append(link)
        service.pop("organization", None)
        document["services"].append(service)
    return document


def is_url(source):
    return urllib.parse.urlsplit(source).scheme in ("http", "https")
