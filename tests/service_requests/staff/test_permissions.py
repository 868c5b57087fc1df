"""The permission matrix of the staff side: each role × listing / view / download / export /
transition × a request of the metrology inbox, one of the inspection & testing inbox, and none.
Guessed URLs of another inbox's requests get a 404; users outside the staff side a 403."""

import pytest

from service_requests.choices import RequestState
from tests.service_requests.staff.helpers import post_action

ROLES = ["metrology", "testing", "coordinator", "editor", "anonymous"]
TARGETS = ["metrology", "testing", "none"]
ACTIONS = ["listing", "view", "download", "export", "transition"]

# Which role may act on which inbox's request.
ALLOWED = {
    ("metrology", "metrology"),
    ("testing", "testing"),
    ("coordinator", "metrology"),
    ("coordinator", "testing"),
}


@pytest.fixture
def matrix(make_request, add_file):
    requests = {
        "metrology": make_request(["metrology"], "accepted", name="计量企业"),
        "testing": make_request(["testing"], "accepted", name="检测企业"),
    }
    files = {code: add_file(sr) for code, sr in requests.items()}
    return requests, files


def _act(client, action, service_request, request_file):
    pk = service_request.pk if service_request else 999999
    file_pk = request_file.pk if request_file else 999999
    if action == "listing":
        return client.get("/admin/requests/")
    if action == "view":
        return client.get(f"/admin/requests/{pk}/")
    if action == "download":
        return client.get(f"/admin/requests/{pk}/files/{file_pk}/")
    if action == "export":
        return client.get("/admin/requests/?export=csv")
    return post_action(
        client, pk, action="transition", to_state="in_progress", note="开始服务", public="on"
    )


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def _check(client, role, target, action, requests, files):
    service_request = requests.get(target)
    request_file = files.get(target)
    response = _act(client, action, service_request, request_file)
    where = f"{role} × {action} × {target}"

    if role == "anonymous":
        assert response.status_code == 302, where
        assert "/admin/login/" in response["Location"], where
        return
    if role == "editor":
        assert response.status_code == 403, where
        return
    allowed = (role, target) in ALLOWED
    if action in ("listing", "export"):
        assert response.status_code == 200, where
        body = _body(response)
        for code, other in requests.items():
            assert (other.reference in body) == ((role, code) in ALLOWED), (where, code)
        return
    if not allowed:
        assert response.status_code == 404, where
        if service_request is not None:
            service_request.refresh_from_db()
            assert service_request.state == RequestState.ACCEPTED, where
        return
    if action == "transition":
        assert response.status_code == 302, where
        service_request.refresh_from_db()
        assert service_request.state == RequestState.IN_PROGRESS, where
    elif action == "download":
        assert response.status_code == 200, where
        assert _body(response) == "%PDF-1.4 test", where
        assert "attachment" in response["Content-Disposition"], where
    else:
        assert response.status_code == 200, where
        assert service_request.enterprise_name in _body(response), where


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, roles, matrix, role):
    """Every action on every target for one role (the transition last: it changes the state)."""
    requests, files = matrix
    if role != "anonymous":
        client.force_login(roles[role])
    for action in ACTIONS:
        for target in TARGETS:
            _check(client, role, target, action, requests, files)


def test_other_inbox_file_through_own_request_is_404(client, roles, matrix):
    """A file id of another inbox's request under one's own request URL is not served."""
    requests, files = matrix
    client.force_login(roles["metrology"])
    url = f"/admin/requests/{requests['metrology'].pk}/files/{files['testing'].pk}/"
    assert client.get(url).status_code == 404


def test_view_links_files_through_the_checked_view_only(client, roles, matrix):
    requests, files = matrix
    client.force_login(roles["metrology"])
    html = client.get(f"/admin/requests/{requests['metrology'].pk}/").content.decode()
    request_file = files["metrology"]
    assert f"/admin/requests/{requests['metrology'].pk}/files/{request_file.pk}/" in html
    assert request_file.file.name not in html


def test_involved_inbox_sees_the_request(client, roles, make_request):
    both = make_request(["metrology", "testing"])
    for role in ("metrology", "testing"):
        client.force_login(roles[role])
        assert client.get(f"/admin/requests/{both.pk}/").status_code == 200


def test_menu_item_only_for_request_staff(client, roles, make_request):
    make_request(["metrology"])
    client.force_login(roles["metrology"])
    assert "/admin/requests/" in client.get("/admin/").content.decode()
    client.force_login(roles["editor"])
    assert "/admin/requests/" not in client.get("/admin/").content.decode()


def test_bulk_cannot_touch_other_inbox(client, roles, matrix):
    requests, _files = matrix
    client.force_login(roles["metrology"])
    response = client.post(
        "/admin/requests/bulk/",
        {"ids": [requests["testing"].pk], "to_state": "in_progress"},
    )
    assert response.status_code == 302
    requests["testing"].refresh_from_db()
    assert requests["testing"].state == RequestState.ACCEPTED


def test_record_export_of_other_inbox_is_404(client, roles, make_request):
    closed = make_request(["testing"], "closed")
    client.force_login(roles["metrology"])
    assert client.get(f"/admin/requests/{closed.pk}/record/").status_code == 404
