"""The weekly digest: each person's reminders by e-mail, in French, HTML with a
plain-text part; what was sent is recorded, so that nothing goes twice the same week.

It runs as a task that enqueues its own next run (DIGEST_WEEKDAY at DIGEST_HOUR), or
from cron with `manage.py send_digests`; see docs/deploy.md.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from core.models import Proposal
from core.proposals import may_propose, may_review, proposal_rows, proposals_followed

from .middleware import account_language
from .models import AccountPreferences, DigestEntry
from .reminders import Reminder, reminders_due

logger = logging.getLogger(__name__)


def iso_week(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def proposal_notices(*, user: User) -> list[Reminder]:
    """The proposals that wait for `user`: for a coordinator, those submitted for
    review; for a partner account, its own the coordinators returned. Each is keyed
    by its version: answered or resubmitted, it comes again."""
    proposals = proposals_followed(user=user).order_by("submitted_at", "pk")
    if may_review(user):
        proposals = proposals.filter(state=Proposal.State.SUBMITTED)
    elif may_propose(user):
        proposals = proposals.filter(state=Proposal.State.RETURNED)
    else:
        return []
    notices = []
    for row in proposal_rows(proposals):
        proposal = row.proposal
        title = _("%(kind)s — %(record)s (%(organisation)s)") % {
            "kind": row.kind.label,
            "record": row.target or _("(supprimée)"),
            "organisation": proposal.organisation_name,
        }
        if proposal.state == Proposal.State.RETURNED and proposal.comment:
            title = _("%(proposal)s : %(comment)s") % {
                "proposal": title,
                "comment": proposal.comment,
            }
        moment = proposal.reviewed_at or proposal.submitted_at or proposal.updated_at
        notices.append(
            Reminder(
                key=f"proposal:{proposal.pk}:{proposal.version}",
                title=title,
                due=timezone.localdate(moment),
                url=proposal.get_absolute_url(),
                overdue=False,
            )
        )
    return notices


def wants_digest(user: User) -> bool:
    preferences = AccountPreferences.objects.filter(user=user).first()
    return bool(user.email) and (preferences is None or preferences.weekly_digest)


@transaction.atomic
def digest_send(*, user: User, today: datetime.date | None = None) -> list[Reminder]:
    """Send `user` the reminders of the week they were not sent yet, and the
    proposals waiting for them (to review, or returned to them); returns them all
    (none sent: nothing new, or the person turned the digest off)."""
    today = today or timezone.localdate()
    if not wants_digest(user):
        return []
    week = iso_week(today)
    sent = set(
        DigestEntry.objects.filter(user=user, week=week).values_list("key", flat=True)
    )
    # in the account's language (French when it chose none), titles included
    language = account_language(user) or settings.LANGUAGE_CODE
    with translation.override(language):
        reminders = [
            r for r in reminders_due(user=user, today=today) if r.key not in sent
        ]
        proposals = [p for p in proposal_notices(user=user) if p.key not in sent]
    if not (reminders or proposals):
        return []
    try:
        with transaction.atomic():
            DigestEntry.objects.bulk_create(
                [
                    DigestEntry(user=user, key=r.key, week=week)
                    for r in reminders + proposals
                ]
            )
    except IntegrityError:  # another run of the same week got there first
        return []
    context = {
        "user": user,
        "reminders": reminders,
        "proposals": proposals,
        "reviewer": may_review(user),
        "site_url": settings.SITE_URL,
        "week": week,
    }
    with translation.override(language):
        count = len(reminders) + len(proposals)
        message = EmailMultiAlternatives(
            subject=ngettext(
                "Portail de la coopération : %(count)s point à voir cette semaine",
                "Portail de la coopération : %(count)s points à voir cette semaine",
                count,
            )
            % {"count": count},
            body=render_to_string("portal/email/digest.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("portal/email/digest.html", context), "text/html"
        )
    # sent once the records are kept: a failure to send rolls them back
    message.send()
    return reminders + proposals


def digests_send(*, today: datetime.date | None = None) -> int:
    """The digest of every active account; returns how many were sent. A digest that
    cannot be sent (the mail server refused it) is logged and tried again at the next
    run: it does not stop the others."""
    sent = 0
    for user in User.objects.filter(is_active=True).exclude(email=""):
        try:
            sent += bool(digest_send(user=user, today=today))
        except Exception:
            logger.exception("Weekly digest of %s not sent", user.get_username())
    return sent


def next_digest_time(now: datetime.datetime) -> datetime.datetime:
    """The next DIGEST_WEEKDAY (0 = Monday) at DIGEST_HOUR, local time."""
    local = timezone.localtime(now)
    days = (settings.DIGEST_WEEKDAY - local.weekday()) % 7
    moment = (local + datetime.timedelta(days=days)).replace(
        hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    if moment <= local:
        moment += datetime.timedelta(days=7)
    return moment


@task()
def weekly_digests() -> int:
    """Send the week's digests, then enqueue the next run: the task schedules itself
    (django-tasks has no periodic scheduler). Start it once with
    `manage.py send_digests --schedule`."""
    try:
        return digests_send()
    finally:  # whatever happened this week, the next run is on the queue
        weekly_digests.using(run_after=next_digest_time(timezone.now())).enqueue()
