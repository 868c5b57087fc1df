"""Editors build questionnaires in the admin and translate them with wagtail-localize."""

import pytest
from wagtail_localize.models import StringSegment, TranslationSource

from service_requests.models import ServiceRequestPage
from tests.diagnosis.conftest import answer_all

pytestmark = pytest.mark.django_db


def test_the_admin_offers_and_edits_the_page_type(client, admin_user, home, questionnaire):
    client.force_login(admin_user)
    add = client.get(f"/admin/pages/add/diagnosis/diagnosispage/{home.pk}/")
    assert add.status_code == 200
    edit = client.get(f"/admin/pages/{questionnaire.zh.pk}/edit/")
    html = edit.content.decode()
    assert edit.status_code == 200 and 'name="intro"' in html


def test_questions_answers_and_reasons_are_translatable(questionnaire):
    source, _created = TranslationSource.get_or_create_from_instance(questionnaire.zh)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    wanted = {"您想解决什么问题？", "新产品上市", "新产品上市前需要检测和认证。", "可多选。"}
    assert wanted <= strings
    # element codes and chosen pages are not text to translate
    assert "testing" not in strings


def test_without_a_request_page_in_the_language_the_result_says_so(client, questionnaire):
    ServiceRequestPage.objects.filter(locale__language_code="en").update(live=False)
    answer_all(client, "/en")
    response = client.post("/en/diagnosis/request/", follow=True)
    assert response.redirect_chain[-1][0] == "/en/diagnosis/result/"
    assert "The request form is not available at the moment." in response.content.decode()
