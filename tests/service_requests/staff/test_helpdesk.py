"""Helpdesk basics on the request view: canned replies per inbox (translated, placeholders
filled as plain text, previewed before sending)."""

from wagtail.models import Locale

from service_requests.choices import EventKind
from service_requests.models import CannedReply
from tests.service_requests.staff.helpers import post_action as _post


def _canned(inbox=None, title="已受理", text="{enterprise}：{reference} 已受理。{unknown} {0}"):
    zh = Locale.objects.get(language_code="zh-hans")
    source = CannedReply.objects.create(locale=zh, inbox=inbox, title=title, text=text)
    english = source.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.text = "Accepted", "Dear {enterprise}, {reference} is accepted."
    english.save()
    return source


def test_canned_reply_is_previewed_filled_in_then_sent(
    client, metrology_staff, inboxes, make_request
):
    service_request = make_request(["metrology"], "accepted", name="<b>华南</b>企业")
    shared = _canned()
    other_inbox = _canned(inboxes["testing"], title="送检须知", text="送检")
    client.force_login(metrology_staff)
    page = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert "已受理" in page and "送检须知" not in page  # another inbox's reply is not offered

    response = _post(client, service_request, action="canned", canned=shared.pk)
    assert response.status_code == 200
    body = response.content.decode()
    name, reference = service_request.enterprise_name, service_request.reference
    expected = f"{name}：{reference} 已受理。{{unknown}} {{0}}"
    assert response.context["canned_preview"] == expected
    # Filled in as text, escaped in the page: the enterprise's name is never markup.
    assert "&lt;b&gt;华南&lt;/b&gt;企业" in body and "<b>华南</b>" not in body
    assert response.context["note_form"].initial["text"] == expected
    assert not service_request.events.filter(kind=EventKind.REPLY).exists()  # nothing sent yet

    assert _post(client, service_request, action="canned", canned=other_inbox.pk).status_code == 400

    _post(client, service_request, action="note", text=expected + " 谢谢", public="on")
    reply = service_request.events.get(kind=EventKind.REPLY)
    assert reply.note.endswith("谢谢") and reply.is_public
    assert service_request.deliveries.filter(kind="reply").exists()


def test_canned_reply_in_the_request_language(client, metrology_staff, make_request):
    service_request = make_request(["metrology"], "accepted", language="en")
    shared = _canned()
    client.force_login(metrology_staff)
    response = _post(client, service_request, action="canned", canned=shared.pk)
    assert response.context["canned_preview"] == (
        f"Dear {service_request.enterprise_name}, {service_request.reference} is accepted."
    )


def test_mention_in_an_internal_note_notifies_colleagues_who_may_see_it(
    client,
    metrology_staff,
    testing_staff,
    coordinator,
    django_user_model,
    make_request,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    service_request = make_request(["metrology"], "accepted")
    colleague = django_user_model.objects.create_user("m-colleague", "mc@example.com", "pw")
    colleague.groups.add(*metrology_staff.groups.all())
    client.force_login(metrology_staff)
    page = client.get(f"/admin/requests/{service_request.pk}/").content.decode()
    assert "@m-colleague" in page and "@coord" not in page.split('id="sr-mentionable"')[0]

    note = "请 @m-colleague 和 @coord 看一下；@t-staff 看不到；mail x@m-colleague.cn；@m-staff 自己"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, service_request, action="note", text=note)
    assert response.status_code == 302
    event = service_request.events.get(kind=EventKind.NOTE)
    mentions = service_request.deliveries.filter(kind="mention", event=event)
    # The colleague and the coordinator may see the request; testing staff may not (no mail),
    # an email address is not a mention, the author is not told about their own note.
    assert sorted(mentions.values_list("recipient", flat=True)) == [
        "coord@example.com",
        "mc@example.com",
    ]
    sent = {message.to[0]: message for message in mailoutbox}
    assert service_request.reference in sent["mc@example.com"].subject
    assert note in sent["mc@example.com"].body
    assert f"/admin/requests/{service_request.pk}/" in sent["mc@example.com"].body

    # A reply to the enterprise mentions nobody.
    _post(client, service_request, action="note", text="@m-colleague 您好", public="on")
    assert service_request.deliveries.filter(kind="mention").count() == 2
