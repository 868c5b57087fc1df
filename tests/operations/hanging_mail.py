"""An email backend for the worker-crash test: it hands the message over (writes it to the file
named by ``QI_MAIL_DUMP``, as an SMTP server would accept it) and then hangs, so the test can kill
the worker after the message left but before its delivery row says "sent"."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class WriteThenHangBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        with open(os.environ["QI_MAIL_DUMP"], "wb") as dump:
            for message in email_messages:
                dump.write(message.message().as_bytes())
        time.sleep(600)
        return len(email_messages)
