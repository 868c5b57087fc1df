"""``makemessages`` without fuzzy matching.

msgmerge's fuzzy matching pre-fills a new string with the translation of a similar old one
("news page" became 首页): wrong text that looks translated. New strings stay empty instead, so
the catalogue test points at every one of them.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
