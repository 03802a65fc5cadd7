"""``makemessages`` without fuzzy matching: a new msgid must start untranslated, never carry a neighbour's Chinese
(msgmerge guessed 数采仪 for "data flag" and 家 for "minutes"), so that tools/po_fill.py fills it."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
