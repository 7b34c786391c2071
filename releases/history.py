"""Reading a release's history: what changed between two versions, for the admin's
History and Compare pages, and what a restore keeps from the live release."""

import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext

from .models import HISTORY_RELATIONS, PressRelease

# Bookkeeping that changes on every save: not a change anyone made.
UNTRACKED = ["updated_at", "updated_by", "created_at", "created_by"]
# Shown as text diffs on the Compare page, not as old and new values.
TEXTS = ["title", "standfirst", "body"]
# A restore brings back a version's content; when and whether the release is public
# stays as it is now (the publisher changes it in the form if they mean to).
PUBLISHING_STATE = [
    "status",
    "publish_at",
    "last_major_change",
    "change_note",
    "published_without_review",
    "created_at",
    "created_by_id",
]
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)


def label(name):
    return str(PressRelease._meta.get_field(name).verbose_name)


def changed_fields(records):
    """For versions listed newest first: {history_id: labels of the fields that differ
    from the version before (relations included, named as the form names them)}, or
    "created" for the first version. One query per relation for the whole list."""
    if not records:
        return {}
    before_oldest = records[-1].prev_record
    chain = [*records, before_oldest] if before_oldest else list(records)
    relations = {name: relation_ids(chain, name) for name in HISTORY_RELATIONS}
    changes = {}
    for record, previous in zip(records, [*chain[1:], None], strict=False):
        if previous is None:
            changes[record.pk] = [gettext("created")]
            continue
        delta = record.diff_against(previous, excluded_fields=UNTRACKED + HISTORY_RELATIONS)
        names = delta.changed_fields + [
            name for name, ids in relations.items() if ids[record.pk] != ids[previous.pk]
        ]
        changes[record.pk] = [label(name) for name in names]
    return changes


def relation_ids(records, name):
    """{history_id: the set of related ids} of one relation, for several versions."""
    rows = getattr(records[0], name).model.objects.filter(history__in=records)
    target = PressRelease._meta.get_field(name).m2m_reverse_field_name()
    ids = defaultdict(set)
    for history_id, target_id in rows.values_list("history_id", f"{target}_id"):
        ids[history_id].add(target_id)
    return ids


def prepare_restore(instance, record):
    """Give a historical version about to be restored the live release's publishing
    state, so that restoring content never unpublishes or reschedules by surprise, and
    the reason its new version will show on the History page."""
    live = PressRelease.objects.filter(pk=instance.pk).values(*PUBLISHING_STATE).first()
    for name, value in (live or {}).items():
        setattr(instance, name, value)
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    # django-simple-history's documented way to give a version its reason.
    instance._change_reason = gettext("restored the version of %(when)s") % {"when": when}
    return instance


# Compare ------------------------------------------------------------------------------


@dataclass
class TextDiff:
    """Side by side: rows of (old, new) HTML with <del> and <ins> marking the words."""

    label: str
    rows: list = field(default_factory=list)

    @property
    def changed(self):
        return any(old != new for old, new in self.rows)


@dataclass
class RelationDiff:
    label: str
    added: list
    removed: list
    kept: list


@dataclass
class ValueDiff:
    label: str
    old: object
    new: object


@dataclass
class Comparison:
    old: object
    new: object
    texts: list
    relations: list
    values: list


def compare(old, new):
    """What changed from version `old` to version `new` of one release."""
    texts = [
        TextDiff(label(name), paragraph_diff(paragraphs(old, name), paragraphs(new, name)))
        for name in TEXTS
    ]
    delta = new.diff_against(old, excluded_fields=UNTRACKED + TEXTS)
    values = [
        ValueDiff(label(change.field), display(old, change.field), display(new, change.field))
        for change in delta.changes
        if change.field not in HISTORY_RELATIONS
    ]
    relations = [relation_diff(old, new, name) for name in HISTORY_RELATIONS]
    return Comparison(old, new, texts, relations, values)


def display(record, name):
    model_field = PressRelease._meta.get_field(name)
    if model_field.choices:
        return getattr(record, f"get_{name}_display")()
    value = getattr(record, name)
    return "–" if value in (None, "") else value


def relation_names(record, name):
    target = PressRelease._meta.get_field(name).m2m_reverse_field_name()
    rows = getattr(record, name).select_related(target)
    return {str(getattr(row, target)) for row in rows}


def relation_diff(old, new, name):
    before, after = relation_names(old, name), relation_names(new, name)
    return RelationDiff(
        label(name), sorted(after - before), sorted(before - after), sorted(before & after)
    )


def paragraphs(record, name):
    """The readable text of a field, one entry per paragraph, heading or list item."""
    text = BLOCK_END.sub("\n", getattr(record, name) or "")
    return [
        line for line in (html.unescape(strip_tags(t)).strip() for t in text.split("\n")) if line
    ]


def paragraph_diff(old, new):
    """Pair the paragraphs of two texts; changed pairs get a word-by-word diff."""
    rows = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [(format_html("{}", text), format_html("{}", text)) for text in old[i1:i2]]
            continue
        before, after = old[i1:i2], new[j1:j2]
        for index in range(max(len(before), len(after))):
            a = before[index] if index < len(before) else ""
            b = after[index] if index < len(after) else ""
            rows.append(word_diff(a, b))
    return rows


def word_diff(old, new):
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(("{}", " ".join(a[i1:i2])))
            right.append(("{}", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(("<del>{}</del>", " ".join(a[i1:i2])))
        if j2 > j1:
            right.append(("<ins>{}</ins>", " ".join(b[j1:j2])))
    return (join(left), join(right))


def join(parts):
    return format_html_join(" ", "{}", ((format_html(template, text),) for template, text in parts))
