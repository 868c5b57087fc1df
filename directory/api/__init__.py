"""The directory as open data: the HSDS 3.0 API at ``/api/hsds/…``.

``envelope`` holds the HTTP side every endpoint shares (parameters, paging, errors, CORS,
conditional GET, the rate limit), ``objects`` the HSDS objects (taxonomy, terms, attributes,
nesting), ``filters`` the query parameters that narrow services, ``openapi`` the served API
description and ``views`` the endpoints. See ``docs/directory-data-format.md``.
"""
