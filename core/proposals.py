"""Proposals: what a partner account writes into a record of its partnership, reviewed
by a coordinator before it becomes the record.

A proposal goes draft -> submitted -> accepted (the kind's `accept` writes the record
through record_save, its history keeping both names) or returned with a comment (the
partner edits it and submits it again). An accepted proposal is locked for the
partner side; a coordinator may reopen it (it goes back to returned). Every step
moves the proposal's version: a step taken on a version someone else moved on is
refused with StaleRecordError, as a stale form is.

Core knows no domain app: each app registers, in its AppConfig.ready(), the kinds of
proposal its records accept (`proposal_kind_register`).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles
from .access import group_names, partner_organisation_name, partner_scope
from .models import Proposal, ProposalFile
from .services import StaleRecordError, change_reason, record_version_move


@dataclass(frozen=True)
class ProposalKind:
    """What a domain app lets the partner side propose.

    - `targets(user)`: the records `user` may propose on (its partnerships' only);
    - `form(target, data=None, proposer=None)`: the form that validates the
      proposed values, the fields of the record's own form;
    - `organisations(user, target)`: the organisations the target names that the
      proposal may speak for; it speaks for the first of `user`'s among them
      (core.access.partner_organisation_name);
    - `accept(proposal, target, values, record)`: writes the record (`record`: the
      one a previous acceptance wrote, when reopened) through record_save and
      returns it; the history user and change reason are set on it by the caller's
      `history` argument;
    - `single`: one proposal per target (a value: the partner column of a row),
      rather than one per new record (a measurement).
    """

    key: str
    label: str
    target_model: type[models.Model]
    targets: Callable[[User], models.QuerySet]
    form: Callable[..., forms.Form]
    organisations: Callable[[User, models.Model], Iterable[int]]
    accept: Callable[..., models.Model]
    single: bool = False
    files: bool = False


_KINDS: dict[str, ProposalKind] = {}


def proposal_kind_register(kind: ProposalKind) -> None:
    _KINDS[kind.key] = kind


def proposal_kind(key: str) -> ProposalKind:
    return _KINDS[key]


def proposal_kinds() -> dict[str, ProposalKind]:
    return dict(_KINDS)


def may_propose(user: User | AnonymousUser) -> bool:
    """Partner accounts propose; the French side writes its records directly."""
    return (
        user.is_authenticated
        and partner_scope(user) is not None
        and roles.PARTNER in group_names(user)
    )


def may_review(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or bool(group_names(user) & {roles.COORDINATOR, roles.ADMINISTRATOR})
    )


def payload_of(form: forms.Form) -> dict:
    """The validated values as JSON, in a shape the same form reads back."""
    payload = {}
    for name, value in form.cleaned_data.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, models.Model):
            value = value.pk
        payload[name] = value
    return payload


def proposal_target(proposal: Proposal) -> models.Model | None:
    model = proposal.target_type.model_class()
    return model._base_manager.filter(pk=proposal.target_id).first()


def proposal_record(proposal: Proposal) -> models.Model | None:
    if proposal.record_type_id is None or proposal.record_id is None:
        return None
    model = proposal.record_type.model_class()
    return model._base_manager.filter(pk=proposal.record_id).first()


def proposals_of_targets(
    *, kind: ProposalKind, targets: Iterable[models.Model]
) -> dict[int, Proposal]:
    """The latest proposal of each target, for a single kind: one query."""
    pks = [target.pk for target in targets]
    if not pks:
        return {}
    found = Proposal.objects.filter(
        kind=kind.key,
        target_type=ContentType.objects.get_for_model(kind.target_model),
        target_id__in=pks,
    ).order_by("pk")
    return {proposal.target_id: proposal for proposal in found}


def proposals_readable(*, user: User | AnonymousUser) -> models.QuerySet[Proposal]:
    """The proposals `user` may open, with their files: every one for a reviewer;
    for a partner account, its organisation's: its own and those a colleague (an
    account attached to the same organisation) wrote in that organisation's name;
    none for anybody else. A proposal speaks for its organisation, and a kind of
    one proposal per record (`single`) lets no colleague propose another."""
    proposals = Proposal.objects.select_related("proposer", "reviewer", "target_type")
    if may_review(user):
        return proposals
    if not may_propose(user):
        return proposals.none()
    # one membership of the proposer both in `user`'s scope and named by the proposal
    colleagues = Proposal.objects.filter(
        proposer__memberships__organisation_id__in=partner_scope(user),
        proposer__memberships__organisation__name=models.F("organisation_name"),
    )
    return proposals.filter(
        models.Q(proposer=user) | models.Q(pk__in=colleagues.values("pk"))
    )


def proposal_readable(*, user: User | AnonymousUser, proposal: Proposal) -> bool:
    return proposals_readable(user=user).filter(pk=proposal.pk).exists()


def proposals_followed(*, user: User) -> models.QuerySet[Proposal]:
    """The proposals `user` follows (its lists, its dashboard, its digest): its own
    for a partner account, every one for a reviewer; of those it may open."""
    proposals = proposals_readable(user=user)
    return proposals if may_review(user) else proposals.filter(proposer=user)


def proposals_shown(
    *, user: User, kind: ProposalKind, targets: Iterable[models.Model]
) -> dict[int, Proposal]:
    """The latest proposal of each target as a record's page shows it to `user`, each
    with `mine` (its own) and `readable` (it may open it: proposals_readable), with
    one query more than proposals_of_targets."""
    found = proposals_of_targets(kind=kind, targets=targets)
    readable = set(
        proposals_readable(user=user)
        .filter(pk__in=[proposal.pk for proposal in found.values()])
        .values_list("pk", flat=True)
    )
    for proposal in found.values():
        proposal.mine = proposal.proposer_id == user.pk
        proposal.readable = proposal.pk in readable
    return found


def _moved_on(proposal: Proposal, version: int | None) -> Proposal:
    """The proposal's row, locked for the step being taken, checked against the
    `version` the step was opened on (StaleRecordError when someone moved it since)
    and moved on by record_version_move, the one place a version moves. The
    caller's copy is left as it was (a refused step leaves it as it was opened)."""
    return record_version_move(
        record=Proposal(pk=proposal.pk), version=version, save=False
    )


LOCKED = gettext_lazy(
    "Cette proposition a été acceptée : elle ne peut plus être modifiée de votre "
    "côté. Un coordinateur peut la rouvrir."
)
UNDER_REVIEW = gettext_lazy(
    "Cette proposition est soumise : elle attend l'examen d'un coordinateur."
)


@transaction.atomic
def proposal_save(
    *,
    kind: ProposalKind,
    target: models.Model,
    user: User,
    form: forms.Form,
    proposal: Proposal | None = None,
    version: int | None = None,
    submit: bool = False,
    files: Iterable = (),
) -> Proposal:
    """Write a partner's proposal (a new one, or `proposal` again when it is a draft or
    was returned), from a validated `form` of the kind; with `submit`, it is
    submitted for review. Refused with PermissionDenied when `user` may not propose
    on `target` (outside its partnerships), with ValidationError when the proposal
    is submitted or accepted (locked for the partner side), with StaleRecordError
    when it moved on since `version`."""
    if not may_propose(user) or not kind.targets(user).filter(pk=target.pk).exists():
        raise PermissionDenied
    if proposal is None:
        if kind.single:
            existing = proposals_of_targets(kind=kind, targets=[target]).get(target.pk)
            if existing is not None:
                raise StaleRecordError(existing, [])
        proposal = Proposal(
            kind=kind.key,
            target_type=ContentType.objects.get_for_model(kind.target_model),
            target_id=target.pk,
            proposer=user,
            organisation_name=partner_organisation_name(
                user, among=kind.organisations(user, target)
            ),
        )
    else:
        if proposal.proposer_id != user.pk:
            raise PermissionDenied
        proposal = _moved_on(proposal, version)
        if proposal.state == Proposal.State.ACCEPTED:
            raise ValidationError(LOCKED)
        if proposal.state == Proposal.State.SUBMITTED:
            raise ValidationError(UNDER_REVIEW)
    proposal.payload = payload_of(form)
    if submit:
        proposal.state = Proposal.State.SUBMITTED
        proposal.submitted_at = timezone.now()
    elif proposal.state != Proposal.State.RETURNED:
        proposal.state = Proposal.State.DRAFT
    proposal.save()
    for upload in files:
        evidence = ProposalFile(proposal=proposal, file=upload)
        evidence.full_clean()
        evidence.save()
    return proposal


def history_reason(proposal: Proposal, reviewer: User) -> str:
    """The line the record's history keeps: both names, the proposer's and the
    reviewer's."""
    return change_reason(
        _("Proposé par %(proposer)s (%(organisation)s), accepté par %(reviewer)s")
        % {
            "proposer": proposal.proposer.get_username(),
            "organisation": proposal.organisation_name,
            "reviewer": reviewer.get_username(),
        }
    )


def _reviewed(proposal: Proposal, *, user: User, version: int | None) -> Proposal:
    if not may_review(user):
        raise PermissionDenied
    current = _moved_on(proposal, version)
    current.reviewer = user
    current.reviewed_at = timezone.now()
    return current


NOT_SUBMITTED = gettext_lazy("Seule une proposition soumise peut être examinée.")


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, user: User, version: int | None, comment: str = ""
) -> Proposal:
    """Accept a submitted proposal: its values, validated again by the kind's form,
    become the record through the kind's `accept` (record_save), whose history
    names the proposer and the reviewer. Refused with PermissionDenied for anybody
    but a coordinator, StaleRecordError when someone answered it since `version`,
    ValidationError when it is not submitted or its values no longer validate
    (nothing written)."""
    current = _reviewed(proposal, user=user, version=version)
    if current.state != Proposal.State.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    kind = proposal_kind(current.kind)
    target = proposal_target(current)
    form = kind.form(target, data=current.payload, proposer=current.proposer)
    if not form.is_valid():
        raise ValidationError(
            [error for errors in form.errors.values() for error in errors]
        )
    record = kind.accept(
        proposal=current,
        target=target,
        values=form.cleaned_data,
        record=proposal_record(current),
        history=(user, history_reason(current, user)),
    )
    current.state = Proposal.State.ACCEPTED
    current.comment = comment
    current.record_type = ContentType.objects.get_for_model(type(record))
    current.record_id = record.pk
    current.save()
    return current


COMMENT_NEEDED = gettext_lazy(
    "Dites au partenaire pourquoi : le commentaire est obligatoire."
)


def _sent_back(current: Proposal, *, comment: str) -> Proposal:
    """The proposal back with its proposer (returned), with the coordinator's comment,
    which is required."""
    if not comment.strip():
        raise ValidationError(COMMENT_NEEDED)
    current.state = Proposal.State.RETURNED
    current.comment = comment.strip()
    current.save()
    return current


@transaction.atomic
def proposal_return(
    *, proposal: Proposal, user: User, version: int | None, comment: str
) -> Proposal:
    """Return a submitted proposal to its proposer with a comment (required): the
    partner reads it, edits the proposal and submits it again."""
    current = _reviewed(proposal, user=user, version=version)
    if current.state != Proposal.State.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    return _sent_back(current, comment=comment)


@transaction.atomic
def proposal_reopen(
    *, proposal: Proposal, user: User, version: int | None, comment: str
) -> Proposal:
    """Unlock an accepted proposal for its proposer (it goes back to returned, with
    the coordinator's comment): the record keeps the accepted value until the next
    acceptance, which writes the same record again."""
    current = _reviewed(proposal, user=user, version=version)
    if current.state != Proposal.State.ACCEPTED:
        raise ValidationError(_("Seule une proposition acceptée peut être rouverte."))
    return _sent_back(current, comment=comment)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    kind: ProposalKind
    target: models.Model | None


def proposal_rows(proposals: Iterable[Proposal]) -> list[ProposalRow]:
    """The proposals with their kind and target record, read with one query per kind
    of target, whatever the number of proposals."""
    proposals = list(proposals)
    wanted: dict[int, set[int]] = {}
    for proposal in proposals:
        wanted.setdefault(proposal.target_type_id, set()).add(proposal.target_id)
    targets = {}
    for type_id, pks in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        for record in model._base_manager.filter(pk__in=pks):
            targets[type_id, record.pk] = record
    return [
        ProposalRow(
            proposal=proposal,
            kind=proposal_kind(proposal.kind),
            target=targets.get((proposal.target_type_id, proposal.target_id)),
        )
        for proposal in proposals
    ]
