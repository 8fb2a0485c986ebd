import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.forms.boundfield import BoundField
from django.forms.formsets import ORDERING_FIELD_NAME
from django.forms.models import BaseInlineFormSet, ModelChoiceField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .money import format_amount, parse_amount

# The widgets the forms of every app share.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


class AmountInput(forms.TextInput):
    """Shows an amount the way people write it in the active language: 22 124,13."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_amount(value)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A money amount typed the French way (`22 124,13`) or the English way
    (`22,124.13`); both are understood."""

    default_error_messages = {
        "invalid": _("Montant illisible : écrivez par exemple 22 124,13."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget = AmountInput(attrs={"inputmode": "decimal", "class": "amount"})
        self.error_messages["min_value"] = _("Un montant ne peut pas être négatif.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None


TRAILING_SPACES = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


def normalise_text(value):
    """A typed text as it is stored: `\n` line endings (browsers post `\r\n`), no
    spaces at the end of a line. Saving a form without touching a text leaves the
    text, and the history, unchanged."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return TRAILING_SPACES.sub("", value)


def normalise_text_fields(fields) -> None:
    """Make every text field of a form normalise what it is given (normalise_text),
    before validation and before `has_changed()` compares it with what is stored."""
    for field in fields.values():
        if isinstance(field, forms.CharField) and not getattr(
            field, "normalises_text", False
        ):
            to_python = field.to_python
            field.to_python = lambda value, to_python=to_python: normalise_text(
                to_python(normalise_text(value))
            )
            field.normalises_text = True


class NormalisedTextMixin:
    """A form whose text fields store `\n` line endings and no trailing spaces."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        normalise_text_fields(self.fields)


class VersionedModelForm(NormalisedTextMixin, forms.ModelForm):
    """A ModelForm for a TrackedModel: carries the version the form was opened with,
    so that saving over someone else's change is refused (see record_update)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        use_fast_selects(self.fields)


class PartnerMarkedRowForm(forms.ModelForm):
    """A row whose values may come from a partner's accepted proposal, marked with
    its organisation's name (`source`): a value the French side changes is no longer
    the partner's, and its mark goes (the history keeps both)."""

    # mark field -> the fields it vouches for
    partner_marks = {"source": None}  # None: every field of the form

    def clean(self):
        cleaned = super().clean()
        changed = set(self.changed_data)
        for mark, fields in self.partner_marks.items():
            vouched = set(self._meta.fields if fields is None else fields)
            if getattr(self.instance, mark) and changed & vouched:
                setattr(self.instance, mark, "")
        return cleaned


class FastSelect(forms.Select):
    """A <select> rendered in Python, straight from its choices. Django builds a
    dictionary per <option> and renders it through a template, about 0.1 ms apiece;
    filter forms and formset rows carry hundreds of options."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                parts.append(
                    format_html(
                        '<optgroup label="{}">{}</optgroup>',
                        group_value,
                        self._options(group_label, selected),
                    )
                )
            else:
                parts.append(self._options([(group_value, group_label)], selected))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(parts)),
        )

    @staticmethod
    def _options(choices, selected: set[str]) -> str:
        """The <option>s; only the first matching one is selected, as Django does."""
        rendered = []
        for value, label in choices:
            value = "" if value is None else str(value)
            chosen = value in selected
            if chosen:
                selected = set()
            rendered.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    mark_safe(" selected") if chosen else "",
                    label,
                )
            )
        return mark_safe("".join(rendered))


def use_fast_selects(fields) -> None:
    """Swap the plain selects of a form's fields for FastSelect, keeping choices."""
    for field in fields.values():
        if type(field.widget) is forms.Select:
            fast = FastSelect(attrs=field.widget.attrs)
            fast.choices = field.widget.choices
            field.widget = fast


class RowFormSet(BaseInlineFormSet):
    """Inline rows whose select boxes read their choices once for the whole formset,
    not once per row (200 funding lines would otherwise cost 200 queries); an
    autocomplete select (core.autocomplete, a widget with `chosen_labels`) lists no
    choices: the records its rows chose are read once for all of them.

    When the row model has an `order` field the form does not show, the rows keep
    the order people put them in: a new row goes to the end, and rows move up and
    down (a hidden ORDER per row, see `move_row`), saved into `order`."""

    ordering_widget = forms.HiddenInput
    # how many first rows a page shows elsewhere (the sheet's key figures), and how
    shown_first = 0
    shown_first_label = ""

    def __init__(self, *args, **kwargs):
        self._shared_choices = {}
        super().__init__(*args, **kwargs)
        self.can_order = self.orders_rows()
        if self.is_bound and self.can_order:
            self.data = self._with_order(self.data)

    def _with_order(self, data):
        """A post that says nothing of the order (a client that knows nothing of
        it) keeps the rows in the order they were posted."""
        try:
            total = int(data.get(f"{self.prefix}-TOTAL_FORMS", 0))
        except ValueError:
            return data
        total = min(total, self.absolute_max)  # a forged count builds no huge list
        keys = [f"{self.prefix}-{i}-{ORDERING_FIELD_NAME}" for i in range(total)]
        if any(key in data for key in keys):
            return data
        data = data.copy()
        for number, key in enumerate(keys, start=1):
            data[key] = str(number)
        return data

    @classmethod
    def orders_rows(cls) -> bool:
        names = {field.name for field in cls.model._meta.concrete_fields}
        return "order" in names and "order" not in cls.form.base_fields

    def get_queryset(self):
        # the rows in their stored order, whatever the model's default ordering;
        # built once (each row form reads it)
        if not hasattr(self, "_ordered_queryset"):
            queryset = super().get_queryset()
            if self.orders_rows() and not queryset.query.order_by:
                queryset = queryset.order_by("order", "pk")
            self._ordered_queryset = queryset
        return self._ordered_queryset

    @property
    def rows(self) -> list:
        """The row forms in the order they show: their ORDER, new rows last."""
        if not self.can_order:
            return list(self.forms)

        def position(indexed):
            index, form = indexed
            try:
                return (0, int(form[ORDERING_FIELD_NAME].value()), index)
            except (TypeError, ValueError):
                return (1, 0, index)

        return [form for _, form in sorted(enumerate(self.forms), key=position)]

    def save(self, commit=True):
        if not (commit and self.can_order):
            return super().save(commit)
        # `order` follows the rows' sequence; stored values already in sequence are
        # kept, so an unchanged form rewrites nothing.
        renumbered, last = [], -1
        for form in self.ordered_forms:
            instance = form.instance
            if instance.pk is None or instance.order <= last:
                instance.order = last + 1
                if instance.pk is not None:
                    renumbered.append(form)
            last = instance.order
        saved = super().save(commit)
        for form in renumbered:
            if not form.has_changed():  # otherwise saved above, with its order
                form.instance.save(update_fields=["order"])
        return saved

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self._share_choices(form)
        normalise_text_fields(form.fields)
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._share_choices(form)
        return form

    @cached_property
    def forms(self):
        rows = super().forms
        label_chosen(rows)
        return rows

    def _share_choices(self, form):
        for name, field in form.fields.items():
            # the row's own id is a hidden ModelChoiceField: never list its choices
            if (
                isinstance(field, ModelChoiceField)
                and not field.widget.is_hidden
                and not hasattr(field.widget, "chosen_labels")
            ):
                if name not in self._shared_choices:
                    self._shared_choices[name] = list(field.choices)
                field.choices = self._shared_choices[name]
        use_fast_selects(form.fields)


# The largest primary key a database of the portal holds (a signed 64-bit integer).
MAX_RECORD_KEY = 2**63 - 1


def record_keys(value) -> list[str]:
    """The values of a select's value (one, or a list) that can name a record: digits
    within the range of a primary key. Anything else (a typed word, a number too
    large for the database) names none, and is not asked of it."""
    values = value if isinstance(value, list | tuple) else [value]
    keys = [str(v) for v in values if v is not None]
    return [
        key
        for key in keys
        if key.isascii() and key.isdigit() and int(key) <= MAX_RECORD_KEY
    ]


def label_chosen(rows: list[forms.BaseForm]) -> None:
    """Read the labels of what the `rows` (the forms of one formset, whose fields
    accept the same records) chose in their autocomplete selects: one query per
    field for all the rows, where each row's select would read its own. A record
    the field would not accept is left out, as the select leaves it out."""
    if not rows:
        return
    for name, field in rows[0].fields.items():
        if not hasattr(field.widget, "chosen_labels"):
            continue
        keys = {key for row in rows for key in record_keys(row[name].value())}
        records = field.queryset.filter(pk__in=keys) if keys else []
        labels = {str(r.pk): field.label_from_instance(r) for r in records}
        for row in rows:
            row.fields[name].widget.chosen_labels = labels


# The rows of a formset that may be moved up or down: a forged TOTAL_FORMS builds no
# huge list (Django refuses a formset of more than absolute_max forms anyway).
MAX_ROWS = 1000


def move_row(data, move: str):
    """The posted data with one row of a formset moved up or down: `move` is
    "<row prefix>:up" or "<row prefix>:down" (the value of the row's button). The
    rows are renumbered 1, 2, 3… in the order they show; nothing is saved."""
    row_prefix, _, direction = move.rpartition(":")
    prefix, _, index = row_prefix.rpartition("-")
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), MAX_ROWS)
        index = int(index)
    except ValueError:
        return data
    if direction not in {"up", "down"} or not 0 <= index < total:
        return data

    def position(i):
        try:
            return (0, int(data.get(f"{prefix}-{i}-{ORDERING_FIELD_NAME}")), i)
        except (TypeError, ValueError):
            return (1, 0, i)

    sequence = sorted(range(total), key=position)
    at = sequence.index(index)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < total:
        sequence[at], sequence[other] = sequence[other], sequence[at]
    data = data.copy()
    for number, i in enumerate(sequence, start=1):
        data[f"{prefix}-{i}-{ORDERING_FIELD_NAME}"] = str(number)
    return data


def add_row(data, prefix: str):
    """The posted data with one more (empty) row in the formset `prefix`: it comes
    last, since it has no ORDER yet (see RowFormSet.rows); nothing is saved."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return data
    if total >= MAX_ROWS:
        return data
    data = data.copy()
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    return data


class DescribedBoundField(BoundField):
    """A field in error names its message (`<id>_error`, see includes/_field.html)
    in aria-describedby, beside its help text: screen readers read both (RGAA 11.10)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors and self.auto_id:
            described = attrs.get("aria-describedby", "").split()
            error_id = f"{self.auto_id}_error"
            if error_id not in described:
                attrs["aria-describedby"] = " ".join([*described, error_id])
        return attrs


class PortalFormRenderer(DjangoTemplates):
    """The forms of the portal: Django's templates, fields that name their errors."""

    bound_field_class = DescribedBoundField


@dataclass
class FormError:
    label: str
    message: str
    anchor: str  # the id of the field, or of the form block


def error_summary(form, formsets=()) -> list[FormError]:
    """Every error of a form and of its inline rows, each with the id of its field,
    for the summary at the top of the page (includes/_error_summary.html)."""
    errors = [
        FormError(label="", message=str(message), anchor="form-top")
        for message in form.non_field_errors()
    ]
    errors += _field_errors(form, prefix_label="")
    for formset in formsets:
        title = str(getattr(formset, "title", "") or "")
        errors += [
            FormError(label=title, message=str(message), anchor=f"fs-{formset.prefix}")
            for message in formset.non_form_errors()
        ]
        rows = getattr(formset, "rows", formset.forms)
        for number, row in enumerate(rows, start=1):
            if formset.can_delete and formset._should_delete_form(row):
                continue
            label = _("%(title)s, ligne %(number)s") % {
                "title": title,
                "number": number,
            }
            errors += [
                FormError(
                    label=label, message=str(message), anchor=f"fs-{formset.prefix}"
                )
                for message in row.non_field_errors()
            ]
            errors += _field_errors(row, prefix_label=label)
    return errors


def _field_errors(form, *, prefix_label: str) -> list[FormError]:
    found = []
    for name, messages in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        label = str(bound.label)
        if prefix_label:
            label = f"{prefix_label} : {label}"
        found += [
            FormError(label=label, message=str(message), anchor=bound.auto_id)
            for message in messages
        ]
    return found


@dataclass(frozen=True)
class LinkedFile:
    """A stored file as a file input shows it: its name, linked to `url`."""

    name: str
    url: str

    def __str__(self):
        return self.name


class ScopedFileInput(forms.ClearableFileInput):
    """A file input whose stored file links to the view that checks who reads it
    (`file_url`, set by the form), never to the media folder, which serves nothing."""

    file_url: str | None = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if widget["is_initial"] and self.file_url:
            widget["value"] = LinkedFile(
                name=str(value).rsplit("/", 1)[-1], url=self.file_url
            )
        return context
