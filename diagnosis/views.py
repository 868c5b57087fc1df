"""The public helper, served by ``DiagnosisPage``'s routes: one question per page, a check of
the answers, the recommendations and the start of a prefilled request. Works without
JavaScript; answers live in the session (per questionnaire, language-neutral positions), so
going back or changing an answer loses nothing. Every page that reads the session is private.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnosis.forms import AnswerForm
from diagnosis.models import DiagnosisSession
from diagnosis.receivers import origin_of
from diagnosis.routing import clean_answers, need_summary, questions_data, recommend
from service_requests.public import prefill
from website.http import private


def subpage_url(page, request, name="", **kwargs):
    base = page.get_url(request=request)
    return base + page.reverse_subpage(name, kwargs=kwargs or None) if name else base


class Helper:
    """The questionnaire being answered in one request, with its answers from the session."""

    def __init__(self, page, request):
        self.page, self.request = page, request
        self.questions = questions_data(page)
        self.session_key = f"diagnosis-{page.translation_key}"
        state = request.session.get(self.session_key) or {}
        self.run = state.get("run")
        self.answers = clean_answers(self.questions, state.get("answers"))

    def save(self):
        self.request.session[self.session_key] = {
            "run": self.run,
            "answers": {str(index): chosen for index, chosen in self.answers.items()},
        }

    def url(self, name="", **kwargs):
        return subpage_url(self.page, self.request, name, **kwargs)

    def question_url(self, number, change=False):
        return self.url("question", number=number) + ("?change=1" if change else "")

    def first_unanswered(self):
        """The number (from 1) of the first question without an answer, or None."""
        for index in range(len(self.questions)):
            if index not in self.answers:
                return index + 1
        return None

    def run_query(self):
        return DiagnosisSession.objects.filter(key=self.run) if self.run else None

    def start_run(self):
        if self.run and self.run_query().exists():
            return
        run = DiagnosisSession.objects.create(
            questionnaire_key=self.page.translation_key, language=self.page.locale.language_code
        )
        self.run = str(run.key)

    def mark(self, field):
        if self.run:
            self.run_query().filter(**{f"{field}__isnull": True}).update(**{field: timezone.now()})

    def render(self, template, context, status=200):
        return TemplateResponse(
            self.request,
            template,
            {
                "page": self.page,
                "self": self.page,
                "question_count": len(self.questions),
                **context,
            },
            status=status,
        )


def intro(page, request):
    """The introduction: who the helper is for, how many questions, the start button. It reads
    no session, so it is cached like other pages."""
    context = page.get_context(request)
    context.update(
        {
            "question_count": len(questions_data(page)),
            "start_url": subpage_url(page, request, "question", number=1),
        }
    )
    return TemplateResponse(request, "diagnosis/diagnosis_page.html", context)


@private
def question(page, request, number):
    helper = Helper(page, request)
    if not 1 <= number <= len(helper.questions):
        raise Http404
    first = helper.first_unanswered()
    if first is not None and number > first:
        return HttpResponseRedirect(helper.question_url(first))
    change = request.GET.get("change") == "1" and first is None
    data = helper.questions[number - 1]
    if request.method == "POST":
        form = AnswerForm(data, request.POST)
        if form.is_valid():
            helper.start_run()
            helper.answers[number - 1] = form.chosen()
            helper.save()
            following = helper.first_unanswered()
            if change or following is None:
                return HttpResponseRedirect(helper.url("check"))
            return HttpResponseRedirect(helper.question_url(following))
    else:
        chosen = helper.answers.get(number - 1)
        initial = {}
        if chosen:
            initial["answer"] = [str(i) for i in chosen] if data["multiple"] else str(chosen[0])
        form = AnswerForm(data, initial=initial)
    if change:
        back_url = helper.url("check")
    else:
        back_url = helper.question_url(number - 1) if number > 1 else helper.url()
    return helper.render(
        "diagnosis/question.html",
        {
            "form": form,
            "number": number,
            "back_url": back_url,
            "change": change,
            "percent": round(100 * (number - 1) / len(helper.questions)),
        },
    )


def _unfinished(helper):
    first = helper.first_unanswered()
    if first is None:
        return None
    return HttpResponseRedirect(helper.question_url(first) if helper.answers else helper.url())


@private
def check(page, request):
    helper = Helper(page, request)
    if (redirect := _unfinished(helper)) is not None:
        return redirect
    rows = [
        {
            "question": data["question"],
            "answers": [data["answers"][i]["label"] for i in helper.answers[index]],
            "change_url": helper.question_url(index + 1, change=True),
        }
        for index, data in enumerate(helper.questions)
    ]
    return helper.render(
        "diagnosis/check.html",
        {
            "rows": rows,
            "back_url": helper.question_url(len(helper.questions)),
            "result_url": helper.url("result"),
        },
    )


@private
def result(page, request):
    helper = Helper(page, request)
    if (redirect := _unfinished(helper)) is not None:
        return redirect
    helper.mark("completed_at")
    recommendations = recommend(page, helper.answers, helper.questions)
    return helper.render(
        "diagnosis/result.html",
        {
            "result": recommendations,
            "back_url": helper.url("check"),
            "start_request_url": helper.url("start_request"),
            "restart_url": helper.url("restart"),
        },
    )


@private
def start_request(page, request):
    """The one button of the result: the request form prefilled with the recommended elements
    and a need summary built from the answers."""
    helper = Helper(page, request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if (redirect := _unfinished(helper)) is not None:
        return redirect
    recommendations = recommend(page, helper.answers, helper.questions)
    summary = need_summary(page, helper.questions, helper.answers)
    origin = origin_of(helper.run) if helper.run else ""
    url = prefill.start_url(
        request,
        element=recommendations.element_codes,
        need=prefill.sign_need(summary, origin=origin),
    )
    if url is None:
        messages.error(request, _("The request form is not available at the moment."))
        return HttpResponseRedirect(helper.url("result"))
    helper.mark("request_started_at")
    return HttpResponseRedirect(url)


@private
def restart(page, request):
    """Forget the answers and start again (a POST, so a link cannot wipe them)."""
    helper = Helper(page, request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    request.session.pop(helper.session_key, None)
    return HttpResponseRedirect(helper.question_url(1))
