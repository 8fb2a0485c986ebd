"""What the partner side may propose on a project: the partner column of its
cross-view table (registered with core.proposals in ProjectsConfig.ready())."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.comments import commentable_register
from core.proposals import ProposalKind, proposal_kind_register
from core.services import record_save

from .models import CrossViewRow, Project
from .selectors import project_scope

CROSS_VIEW_PARTNER = "projects.cross-view-partner"


class CrossViewPartnerForm(forms.ModelForm):
    """The partner column of one row of the cross-view table: the questions (and,
    later, the answers) for the partner's side."""

    class Meta:
        model = CrossViewRow
        fields = ["partner_side"]
        labels = {"partner_side": _("Questionnements pour votre territoire")}

    def __init__(self, target, data=None, proposer=None):
        super().__init__(data, instance=target)
        self.fields["partner_side"].required = True


def cross_view_targets(user: User):
    projects = project_scope(user=user)
    return CrossViewRow.objects.filter(project__in=projects.values("pk"))


def cross_view_organisations(user: User, row: CrossViewRow):
    """The partner column speaks for a partner of the project's partnerships."""
    return row.project.partnerships.values_list("partner_id", flat=True)


def cross_view_accept(*, proposal, target, values, record, history) -> CrossViewRow:
    """The partner column becomes the row's, saved through record_save under the
    project's version (the row is one of the project's inline rows), marked as
    written by the partner organisation."""
    project = Project.objects.get(pk=target.project_id)
    row = CrossViewRow.objects.get(pk=target.pk)
    form = CrossViewPartnerForm(row, data={"partner_side": values["partner_side"]})
    form.is_valid()
    row.partner_side_source = proposal.organisation_name
    row._history_user, row._change_reason = history
    return record_save(form=form, version=project.version, guard=project)


def proposals_register() -> None:
    commentable_register(Project, lambda user: project_scope(user=user))
    proposal_kind_register(
        ProposalKind(
            key=CROSS_VIEW_PARTNER,
            label=_("Regard croisé : colonne du partenaire"),
            target_model=CrossViewRow,
            targets=cross_view_targets,
            form=CrossViewPartnerForm,
            organisations=cross_view_organisations,
            accept=cross_view_accept,
            single=True,
        )
    )
