"""The editors' queue (docs/editors.md): readers' corrections and proposed practices.

Everything a reader sent is shown as plain text (a link too, until a practice is accepted).
A correction is accepted by opening the record's own admin page, where it is shown beside the
record (`correction_aside`); it is declined with a reason. A proposal is accepted by the
"Accept" button, which creates the practice (services.accept_proposal), or declined with a
reason. Nothing is deleted: the queue keeps what was decided, by whom and when.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .models import Correction, PracticeProposal, Status

ACCEPT, DECLINE = "_accept", "_decline"


class SubmissionAdmin(admin.ModelAdmin):
    """What both queues share: pending first, the reader's words read-only, two buttons."""

    change_form_template = "admin/contributions/submission_change_form.html"
    list_filter = ["status"]
    date_hierarchy = "submitted"
    ordering = ["-status", "-submitted"]  # "pending" sorts after "declined" and "accepted"
    reviewed_fields = ["status", "submitted", "reviewed", "reviewer"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")

    def has_add_permission(self, request):
        return False  # submissions come from the site's forms only

    def get_readonly_fields(self, request, obj=None):
        return [f for f in self.get_fields(request, obj) if f != "review_reason"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra = {"pending": obj is not None and obj.status == Status.PENDING}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def response_change(self, request, obj):
        if obj.status != Status.PENDING or not ({ACCEPT, DECLINE} & set(request.POST)):
            return super().response_change(request, obj)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if DECLINE in request.POST:
            return self.decline(request, obj)
        return self.accept(request, obj)

    def decline(self, request, obj):
        try:
            services.decline(obj, request.user, request.POST.get("review_reason", ""))
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, f"Declined: {obj}.", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        )


def text_link(url):
    """A submitted address, shown as text: no one follows it by a click before review."""
    return url or "—"


@admin.register(Correction)
class CorrectionAdmin(SubmissionAdmin):
    list_display = ["record_label", "short_text", "status", "submitted"]
    search_fields = ["record_label", "text"]
    fields = [
        "record_label",
        "record_page",
        "text",
        "email",
        *SubmissionAdmin.reviewed_fields,
        "review_reason",
    ]

    @admin.display(description="What is wrong")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 80 else f"{obj.text[:79]}…"

    @admin.display(description="Record's page")
    def record_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.record_url, obj.record_url)

    def accept(self, request, obj):
        """Accepted: the record's own admin page opens, the correction shown beside it."""
        record = obj.record
        if record is None:
            self.message_user(request, "The record no longer exists: decline it.", messages.ERROR)
            return HttpResponseRedirect(request.path)
        services.accept_correction(obj, request.user)
        meta = record._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        return HttpResponseRedirect(f"{url}?correction={obj.pk}")


@admin.register(PracticeProposal)
class PracticeProposalAdmin(SubmissionAdmin):
    list_display = ["name", "organisation", "country", "status", "submitted"]
    list_select_related = ["country", "reviewer"]
    search_fields = ["name", "organisation", "description"]
    fields = [
        "name",
        "country",
        "locality",
        "description",
        "key_players",
        "impact",
        "transferability",
        "link_as_text",
        "barrier_list",
        "organisation",
        "email",
        "published_practice",
        *SubmissionAdmin.reviewed_fields,
        "review_reason",
    ]

    @admin.display(description="Link (as sent, not followed)")
    def link_as_text(self, obj):
        return text_link(obj.link)

    @admin.display(description="The barriers it addresses")
    def barrier_list(self, obj):
        return "; ".join(f"{b.number}. {b.title}" for b in obj.barriers.order_by("number")) or "—"

    @admin.display(description="Published as")
    def published_practice(self, obj):
        if obj.practice is None:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.practice.get_absolute_url(), obj.practice)

    def accept(self, request, obj):
        practice = services.accept_proposal(obj, request.user)
        self.message_user(
            request, f"Published as the good practice “{practice}”.", messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse("admin:practices_goodpractice_change", args=[practice.pk])
        )


def correction_aside(request, obj):
    """The correction named by `?correction=` shown beside the record it is about."""
    pk = request.GET.get("correction", "")
    if not pk.isdigit():
        return None
    correction = Correction.objects.filter(pk=pk, object_id=obj.pk).first()
    if correction is None or correction.record != obj:
        return None
    return {
        "title": f"Reader's correction ({correction.get_status_display().lower()})",
        "rows": [
            ("What is wrong", correction.text),
            ("Sent", correction.submitted.strftime("%Y-%m-%d %H:%M")),
            ("E-mail", correction.email or "not given"),
        ],
        "note": "Check it against the source. If the record is wrong, edit it here; if the "
        "edit makes the text differ from the source, the form asks for the transcription note.",
    }
