import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe
from django.views.i18n import set_language

from core.access import has_role
from core.comments import comment_add, commentable
from core.exports import XLSX_CONTENT_TYPE
from core.files import stored_file_response
from core.filters import FIRST_YEAR, LAST_YEAR
from core.jobs import job_start
from core.models import Proposal, ProposalFile
from core.proposals import (
    may_propose,
    may_review,
    proposal_accept,
    proposal_kind,
    proposal_kinds,
    proposal_readable,
    proposal_reopen,
    proposal_return,
    proposal_rows,
    proposal_save,
    proposal_target,
    proposals_followed,
    proposals_of_targets,
)
from core.roles import ADMINISTRATOR, DIRECTOR
from core.services import StaleRecordError
from partnerships.selectors import partnership_list
from projects.models import Project, Theme
from projects.selectors import project_scope

from .apd import (
    apd_declaration,
    apd_declaration_pdf,
    apd_declaration_xlsx,
    french_authorities,
)
from .forms import (
    AccountPreferencesForm,
    ApiTokenForm,
    FundingAuthorityForm,
    ProposalMetaForm,
    ProposalReviewForm,
)
from .iati import iati_activities_xml
from .middleware import language_cookie_set
from .models import AccountPreferences, ApiToken
from .reminders import reminder_mark, reminders_due
from .reports import yearly_report
from .search import global_search
from .selectors import dashboard
from .services import account_language_switch, api_token_create, api_token_revoke
from .tasks import yearly_report_build
from .worldmap import partnerships_map


def home(request):
    """The dashboard: counts, funding totals (for one French authority, chosen in
    `?collectivite=`, or all), next missions, latest changes."""
    form = FundingAuthorityForm(request.GET, user=request.user)
    authority = form.authority()
    context = dashboard(user=request.user, authority=authority)
    return render(
        request,
        "home.html",
        {**context, "authority_form": form, "authority": authority},
    )


def search(request):
    """The header's search box: any record the user may read, by kind."""
    text = request.GET.get("q", "").strip()[:200]
    groups = global_search(user=request.user, text=text)
    return render(request, "search.html", {"query": text, "groups": groups})


@login_not_required
@never_cache
def health(request):
    """For the load balancer: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


BARE_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Banc d'essai</title></head><body><p>Page fixe.</p></body></html>"
)


@login_not_required
def bench_bare(request):
    """A fixed page through the whole middleware stack, no database, no template: the
    floor the load benchmarks set each page beside (routed only when the
    BENCH_BARE_VIEW setting is on)."""
    return HttpResponse(BARE_PAGE)


@require_POST
def reminder_update(request):
    """ "Fait" or "reporter" on a reminder of the "À faire" block."""
    key = request.POST.get("key", "")
    if key not in {r.key for r in reminders_due(user=request.user)}:
        raise Http404(_("Ce rappel n'existe pas, ou plus."))
    done = request.POST.get("action") == "done"
    reminder_mark(user=request.user, key=key, done=done)
    messages.success(
        request,
        _("Rappel marqué comme fait.") if done else _("Rappel reporté d'une semaine."),
    )
    return redirect("home")


def account(request):
    """The person's account: the weekly digest on or off, the interface language,
    their password."""
    preferences, _created = AccountPreferences.objects.get_or_create(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = AccountPreferencesForm(data, instance=preferences)
    if request.method == "POST" and form.is_valid():
        preferences = form.save()
        language = preferences.language or translation.get_language()
        with translation.override(language):
            messages.success(request, _("Vos préférences sont enregistrées."))
        response = redirect("account")
        if preferences.language:
            language_cookie_set(response, preferences.language)
        return response
    return account_page(request, form=form)


def account_page(request, *, form=None, token_form=None, new_secret="", status=200):
    """The account page, with the person's API tokens (the secret of a token just
    created shown this once)."""
    if form is None:
        preferences, _created = AccountPreferences.objects.get_or_create(
            user=request.user
        )
        form = AccountPreferencesForm(instance=preferences)
    context = {
        "form": form,
        "token_form": token_form or ApiTokenForm(),
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_secret": new_secret,
    }
    return render(request, "portal/account.html", context, status=status)


@require_POST
@never_cache
def account_token_create(request):
    """A new personal API token: its secret is shown on the page that answers, and
    never again (only its hash is kept)."""
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        return account_page(request, token_form=token_form, status=400)
    _token, secret = api_token_create(
        user=request.user, name=token_form.cleaned_data["name"]
    )
    return account_page(request, new_secret=secret)


@require_POST
def account_token_revoke(request, pk: int):
    """Revoke one of the person's own tokens (another's is a 404)."""
    if not api_token_revoke(user=request.user, token_id=pk):
        raise Http404(_("Ce jeton n'existe pas, ou il est déjà révoqué."))
    messages.success(request, _("Le jeton est révoqué : il ne donne plus accès."))
    return redirect("account")


@login_not_required
def language_switch(request):
    """The switch in the header (Django's set_language, which keeps the choice in
    the language cookie); for an account that chose its language, the switch
    changes that choice, which would otherwise take over the cookie."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        account_language_switch(user=request.user, language=language)
    return response


REPORT_PERMISSIONS = {
    "project": "projects.view_project",
    "partnership": "partnerships.view_partnership",
}
REPORT_URLS = {
    "project": "project-yearly-report",
    "partnership": "partnership-yearly-report",
}


def report_check(request, kind: str, year: int) -> None:
    """The permission to read the report's subject, and a year a report can have."""
    if not request.user.has_perm(REPORT_PERMISSIONS[kind]):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Aucun rapport pour cette année."))


def yearly_report_page(request, kind: str, key, year: int):
    """The yearly restitution report of a project or a partnership, as a page."""
    report_check(request, kind, year)
    asked = request.GET.get("annee", "")
    if asked.isascii() and asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR:
        return redirect(REPORT_URLS[kind], key=key, year=int(asked))
    report = yearly_report(user=request.user, kind=kind, key=key, year=year)
    this_year = timezone.localdate().year
    context = {
        "report": report,
        "years": range(this_year + 1, this_year - 15, -1),
        "pdf_url": reverse(f"{REPORT_URLS[kind]}-pdf", args=[key, year]),
    }
    return render(request, "portal/yearly_report.html", context)


def yearly_report_pdf(request, kind: str, key, year: int):
    """Its PDF, made by a task worker: the answer is the page of the job."""
    report_check(request, kind, year)
    report = yearly_report(user=request.user, kind=kind, key=key, year=year)
    job = job_start(
        kind="yearly_report",
        label=_("Restitution annuelle %(year)s : %(title)s")
        % {"year": year, "title": report.title},
        user=request.user,
        total=2,
        task=yearly_report_build,
        user_id=request.user.pk,
        subject_kind=kind,
        key=str(key),
        year=year,
        language=get_language(),
    )
    return redirect(job)


@login_not_required
def login_lockout(request, original_response=None, credentials=None):
    """What django-axes answers to a locked-out login (AXES_LOCKOUT_CALLABLE): when
    the person may try again, and how to get back in sooner."""
    return render(
        request,
        "registration/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": settings.AXES_COOLOFF_MINUTES,
        },
        status=429,
    )


@require_safe
def world_map(request):
    """Every partnership the user may read on the world map, from the French
    authority to its partner, coloured by the theme of its projects."""
    if not request.user.has_perm("partnerships.view_partnership"):
        raise PermissionDenied
    partnerships = partnership_list(user=request.user).prefetch_related(
        Prefetch(
            "projects",
            queryset=project_scope(
                Project.objects.prefetch_related("themes"), user=request.user
            ),
        )
    )
    world = partnerships_map(partnerships, themes=Theme.objects.all())
    return render(request, "portal/map.html", {"map": world})


def declaration_request(request, year: int):
    """The declaration asked: directors and administrators only, a year a
    declaration can have, one French authority (`?collectivite=`) or all."""
    if not has_role(request.user, DIRECTOR, ADMINISTRATOR):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Aucune déclaration pour cette année."))
    authorities = french_authorities()
    asked = request.GET.get("collectivite", "")
    authority = next((a for a in authorities if str(a.pk) == asked), None)
    return apd_declaration(year=year, authority=authority), authorities


def declaration_file_name(declaration, extension: str) -> str:
    who = f"-{declaration.authority.pk}" if declaration.authority else ""
    return f"declaration-apd-{declaration.year}{who}.{extension}"


@require_GET
def apd_declaration_page(request, year: int):
    """The yearly APD declaration (déclaration e-APD) prepared from the payments."""
    if not has_role(request.user, DIRECTOR, ADMINISTRATOR):
        raise PermissionDenied
    asked = request.GET.get("annee", "")
    if asked.isascii() and asked.isdigit() and FIRST_YEAR <= int(asked) <= LAST_YEAR:
        query = request.GET.copy()
        del query["annee"]
        target = reverse("apd-declaration", args=[int(asked)])
        return redirect(f"{target}?{query.urlencode()}" if query else target)
    declaration, authorities = declaration_request(request, year)
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    this_year = timezone.localdate().year
    context = {
        "declaration": declaration,
        "authorities": authorities,
        "years": range(this_year, this_year - 15, -1),
        "pdf_url": reverse("apd-declaration-pdf", args=[year]) + query,
        "xlsx_url": reverse("apd-declaration-xlsx", args=[year]) + query,
    }
    return render(request, "portal/apd_declaration.html", context)


@require_GET
def apd_declaration_pdf_download(request, year: int):
    """The one-page summary for the elected assembly, as PDF."""
    declaration, _authorities = declaration_request(request, year)
    response = HttpResponse(
        apd_declaration_pdf(declaration), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, declaration_file_name(declaration, "pdf")
    )
    return response


@require_GET
def apd_declaration_xlsx_download(request, year: int):
    """The declaration in the order of the form, as a spreadsheet."""
    declaration, _authorities = declaration_request(request, year)
    response = HttpResponse(
        apd_declaration_xlsx(declaration), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(
        True, declaration_file_name(declaration, "xlsx")
    )
    return response


@login_not_required
@require_GET
def iati_activities(request):
    """The IATI 2.03 activity file of the public projects, for anyone."""
    return HttpResponse(
        iati_activities_xml(), content_type="application/xml; charset=utf-8"
    )


# Proposals of the partner side (core.proposals): "my proposals" for partner staff,
# the review queue for coordinators.


@require_safe
def proposal_list(request):
    """A partner's proposals by state; for a coordinator, the queue of submitted
    proposals and the latest answered."""
    if not (may_propose(request.user) or may_review(request.user)):
        raise PermissionDenied
    proposals = proposals_followed(user=request.user)
    if may_review(request.user):
        groups = [
            (_("À examiner"), proposals.filter(state=Proposal.State.SUBMITTED)),
            (
                _("Dernières réponses"),
                proposals.exclude(state=Proposal.State.SUBMITTED).exclude(
                    state=Proposal.State.DRAFT
                )[:50],
            ),
        ]
    else:
        groups = [
            (label, proposals.filter(state=state))
            for state, label in Proposal.State.choices
        ]
    context = {
        "groups": [(label, proposal_rows(rows)) for label, rows in groups],
        "reviewer": may_review(request.user),
    }
    return render(request, "portal/proposal_list.html", context)


def _proposal_forms(request, kind, target, proposal=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    if data is None and proposal is not None:
        form = kind.form(target, data=proposal.payload, proposer=proposal.proposer)
    else:
        form = kind.form(target, data=data, proposer=request.user)
    meta = ProposalMetaForm(
        data,
        files,
        files_accepted=kind.files,
        initial={"version": proposal.version if proposal else None},
    )
    return form, meta


def _proposal_write(request, kind, target, proposal=None):
    """The partner's form, written as a draft or submitted."""
    form, meta = _proposal_forms(request, kind, target, proposal)
    context = {
        "kind": kind,
        "target": target,
        "proposal": proposal,
        "form": form,
        "meta": meta,
        "editable": True,
    }
    if request.method != "POST":
        if proposal is not None:
            form.errors.clear()  # the stored values, shown without their checks
        return render(request, "portal/proposal_form.html", context)
    if not (form.is_valid() and meta.is_valid()):
        return render(request, "portal/proposal_form.html", context, status=400)
    submit = "submit" in request.POST
    try:
        proposal = proposal_save(
            kind=kind,
            target=target,
            user=request.user,
            form=form,
            proposal=proposal,
            version=meta.cleaned_data["version"],
            submit=submit,
            files=meta.cleaned_data.get("files", []),
        )
    except StaleRecordError as error:
        context["conflict"] = error
        return render(request, "portal/proposal_form.html", context, status=409)
    except ValidationError as error:
        meta.add_error(None, error)
        return render(request, "portal/proposal_form.html", context, status=400)
    messages.success(
        request,
        _("Proposition soumise : un coordinateur va l'examiner.")
        if submit
        else _("Brouillon enregistré : soumettez-le quand il est prêt."),
    )
    return redirect(proposal)


def proposal_create(request, kind: str, target: int):
    """A new proposal of `kind` on the record `target`, by a partner account of its
    partnership (403 for any other record, or any other account); a value already
    proposed is opened where it stands."""
    if kind not in proposal_kinds():
        raise Http404
    proposal_kind_ = proposal_kind(kind)
    if not may_propose(request.user):
        raise PermissionDenied
    record = get_object_or_404(proposal_kind_.target_model, pk=target)
    if not proposal_kind_.targets(request.user).filter(pk=record.pk).exists():
        raise PermissionDenied
    if proposal_kind_.single:
        existing = proposals_of_targets(kind=proposal_kind_, targets=[record])
        if record.pk in existing:
            return redirect(existing[record.pk])
    return _proposal_write(request, proposal_kind_, record)


def readable_proposal(request, pk: int) -> Proposal:
    """The proposal, for the accounts that may open it (proposals_readable: its
    proposer's organisation and the coordinators); 403 for any other."""
    proposal = get_object_or_404(Proposal, pk=pk)
    if not proposal_readable(user=request.user, proposal=proposal):
        raise PermissionDenied
    return proposal


def proposal_detail(request, pk: int):
    """A proposal: its values, state and the reviewer's comment; its proposer edits
    and submits it again while it is a draft or returned; a coordinator answers it."""
    proposal = readable_proposal(request, pk)
    kind = proposal_kind(proposal.kind)
    target = proposal_target(proposal)
    mine = proposal.proposer_id == request.user.pk
    editable = mine and proposal.state in {
        Proposal.State.DRAFT,
        Proposal.State.RETURNED,
    }
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        return _proposal_write(request, kind, target, proposal)
    if editable:
        return _proposal_write(request, kind, target, proposal)
    return render(
        request, "portal/proposal_form.html", proposal_page(proposal, request.user)
    )


def proposal_values(form, payload: dict) -> list[tuple[str, str]]:
    """The proposed values as people read them: `30/11/2026`, `12,5`."""
    cleaned = form.cleaned_data if form.is_valid() else {}
    values = []
    for name in form.fields:
        value = cleaned.get(name, payload.get(name, ""))
        if isinstance(value, datetime.date):
            value = date_format(value, "SHORT_DATE_FORMAT")
        elif isinstance(value, Decimal):
            value = number_format(value.normalize(), use_l10n=True)
        values.append((form[name].label, value))
    return values


def proposal_page(proposal: Proposal, user, **extra) -> dict:
    kind = proposal_kind(proposal.kind)
    target = proposal_target(proposal)
    form = kind.form(target, data=proposal.payload, proposer=proposal.proposer)
    return {
        "kind": kind,
        "target": target,
        "proposal": proposal,
        "values": proposal_values(form, proposal.payload),
        "review": ProposalReviewForm(initial={"version": proposal.version}),
        "editable": False,
        "may_review": may_review(user),
        **extra,
    }


REVIEW_STEPS = {
    "accept": proposal_accept,
    "return": proposal_return,
    "reopen": proposal_reopen,
}
REVIEW_MESSAGES = {
    "accept": _("Proposition acceptée : la valeur est enregistrée dans la fiche."),
    "return": _("Proposition renvoyée au partenaire avec votre commentaire."),
    "reopen": _("Proposition rouverte : le partenaire peut la modifier."),
}


@require_POST
def proposal_review(request, pk: int):
    """A coordinator accepts, returns or reopens a proposal; the second of two
    people answering at once is refused as a stale form is."""
    if not may_review(request.user):
        raise PermissionDenied
    proposal = get_object_or_404(Proposal, pk=pk)
    form = ProposalReviewForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "portal/proposal_form.html",
            proposal_page(proposal, request.user, review=form),
            status=400,
        )
    action = form.cleaned_data["action"]
    try:
        REVIEW_STEPS[action](
            proposal=proposal,
            user=request.user,
            version=form.cleaned_data["version"],
            comment=form.cleaned_data["comment"],
        )
    except StaleRecordError as error:
        proposal.refresh_from_db()
        return render(
            request,
            "portal/proposal_form.html",
            proposal_page(proposal, request.user, review=form, conflict=error),
            status=409,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(
            request,
            "portal/proposal_form.html",
            proposal_page(proposal, request.user, review=form),
            status=400,
        )
    messages.success(request, REVIEW_MESSAGES[action])
    return redirect("proposal-list")


@require_safe
def proposal_file(request, pk: int):
    """An evidence file, for whoever may read its proposal."""
    evidence = get_object_or_404(ProposalFile, pk=pk)
    readable_proposal(request, evidence.proposal_id)
    return stored_file_response(evidence.file)


@require_POST
def comment_create(request, key: str, target: int):
    """A comment on a record of the person's partnership, read by both sides; 403
    for a record it may not read, or an account that only reads."""
    entry = commentable(key)
    if entry is None:
        raise Http404
    model, _readable = entry
    record = get_object_or_404(model, pk=target)
    try:
        comment_add(user=request.user, record=record, text=request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Commentaire envoyé."))
    return redirect(f"{record.get_absolute_url()}#commentaires")
