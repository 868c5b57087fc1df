"""Visitors of the public site: browsing, search, a full request through the multi-step form
(CSRF and wizard fields taken from each page) and tracking. Each user sends its own
X-Forwarded-For address (the server trusts one proxy), as visitors behind nginx would."""

import itertools
import json
import os
import re
import uuid

from locust import HttpUser, between, events, task

BROWSE = [
    "/",
    "/en/",
    "/services/",
    "/services/element/testing/",
    "/providers/",
    "/providers/shunde-home-appliance-testing-institute/safety-testing-of-household-appliances/",
    "/stations/",
    "/policies/",
    "/news/",
    "/en/services/",
]
SEARCHES = ["计量", "检测", "认证", "标准", "metrology", "testing"]
TRACKING = [url for url in os.environ.get("LOAD_TRACKING_URLS", "").split() if url]
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
SUBMIT_NAME = "request: send"
_addresses = itertools.count(1)
# Contact emails whose final POST went out, and those whose confirmation came back. A user
# stopped at the time limit mid-POST may have its request stored without seeing the answer.
SENT, CONFIRMED = set(), set()


@events.quitting.add_listener
def write_result(environment, **kwargs):
    """The final totals for ``python -m bench.load`` (written once every user has stopped)."""
    if not os.environ.get("LOAD_RESULT"):
        return
    total, sent = environment.stats.total, environment.stats.get(SUBMIT_NAME, "POST")
    result = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.total_rps,
        "median": total.median_response_time,
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "max": total.max_response_time,
        "submitted": sent.num_requests - sent.num_failures,
        "sent_emails": sorted(SENT),
        "confirmed_emails": sorted(CONFIRMED),
    }
    with open(os.environ["LOAD_RESULT"], "w") as result_file:
        json.dump(result, result_file)


def hidden_fields(html):
    return dict(HIDDEN.findall(html))


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        n = next(_addresses)
        self.client.headers["X-Forwarded-For"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"

    @task(6)
    def browse(self):
        for path in BROWSE[:: max(1, len(BROWSE) // 3)]:
            self.client.get(path, name="browse")

    @task(3)
    def search(self):
        for query in SEARCHES[:2]:
            self.client.get(f"/search/?q={query}", name="search")

    @task(2)
    def track(self):
        for url in TRACKING[:2]:
            self.client.get(url, name="tracking")
        self.client.get("/request/track/", name="tracking")

    @task(1)
    def request_a_service(self):
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        steps = [
            (
                "enterprise",
                {
                    "enterprise-enterprise_name": "广州负载测试电子有限公司",
                    "enterprise-uscc": "91440101MA5C00001N",
                    "enterprise-scale": "small",
                    "enterprise-industry": "C",
                    "enterprise-city": "guangzhou",
                },
            ),
            (
                "needs",
                {
                    "needs-elements": ["testing"],
                    "needs-description": "负载测试：需要对一批电子产品做安全检测。",
                    "needs-timeframe": "month",
                    "needs-preferred_channel": "any",
                },
            ),
            ("files", {}),
            (
                "contact",
                {
                    "contact-contact_name": "王小明",
                    "contact-contact_phone": "138 0013 8000",
                    "contact-contact_email": email,
                    "contact-preferred_contact": "email",
                    "contact-privacy_consent": "on",
                },
            ),
        ]
        self.client.get("/request/start/", name="request: start")
        for step, values in [*steps, ("check", {})]:
            url = f"/request/{step}/"
            page = self.client.get(url, name=f"request: {step}")
            name = SUBMIT_NAME if step == "check" else f"request: {step} post"
            if step == "check":
                SENT.add(email)
            with self.client.post(
                url, {**hidden_fields(page.text), **values}, name=name, catch_response=True
            ) as response:
                expected = "/request/submitted/" if step == "check" else "/request/"
                if expected not in response.url or response.url.endswith(url):
                    response.failure(f"{step}: stayed on {response.url}")
                    return
        CONFIRMED.add(email)
