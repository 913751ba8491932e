from django.contrib import admin

from bases.editing import EditorAdmin, EditorInline
from bases.history import HistoryAdmin
from provenance.admin import HTTPS_URL_FIELDS
from provenance.admin_guard import RecordAdminMixin, RecordInlineMixin

from .models import (
    EDITORIAL_MAPPING_NOTE,
    Barrier,
    BarrierSection,
    Category,
    ChallengeMapping,
    CommentReference,
    FindingMapping,
    PolicyComment,
    Quote,
)


class BarrierInline(EditorInline, admin.TabularInline):
    model = Barrier
    extra = 0
    fields = ["number", "title", "slug"]
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["name", "order", "slug"]
    search_fields = ["name"]
    inlines = [BarrierInline]


class BarrierSectionInline(EditorInline, admin.StackedInline):
    model = BarrierSection
    extra = 0


class QuoteInline(RecordInlineMixin, EditorInline, admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["order", "region", "attribution", "text", "note", "source", "section"]
    autocomplete_fields = ["region"]


class PolicyCommentInline(RecordInlineMixin, EditorInline, admin.StackedInline):
    model = PolicyComment
    extra = 0
    fields = ["order", "text", "note", "source", "section"]
    show_change_link = True


class ChallengeMappingInline(EditorInline, admin.TabularInline):
    """The editorial challenge → barrier links, labelled as not the report's; on the barrier's
    page and on the challenge's (regions.admin)."""

    model = ChallengeMapping
    extra = 0
    fields = ["challenge", "barrier", "rationale"]
    autocomplete_fields = ["challenge", "barrier"]
    verbose_name_plural = f"challenge mappings ({EDITORIAL_MAPPING_NOTE})"


class FindingMappingInline(EditorInline, admin.TabularInline):
    """The editorial national finding → barrier links, labelled as not the source's; on the
    barrier's page and on the finding's (regions.admin)."""

    model = FindingMapping
    extra = 0
    fields = ["finding", "barrier", "rationale"]
    autocomplete_fields = ["finding", "barrier"]
    verbose_name_plural = f"finding mappings ({EDITORIAL_MAPPING_NOTE})"


@admin.register(Barrier)
class BarrierAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["number", "title", "category"]
    list_display_links = ["number", "title"]
    list_filter = ["category"]
    search_fields = ["title", "introduction", "sections__heading", "sections__text"]
    list_select_related = ["category"]
    inlines = [
        BarrierSectionInline,
        QuoteInline,
        PolicyCommentInline,
        ChallengeMappingInline,
        FindingMappingInline,
    ]


@admin.register(Quote)
class QuoteAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["short_text", "attribution", "region", "barrier"]
    list_filter = ["region", "barrier__category", "barrier"]
    search_fields = ["text", "attribution", "note"]
    list_select_related = ["region", "barrier"]
    autocomplete_fields = ["region", "barrier"]

    @admin.display(description="text")
    def short_text(self, quote):
        return quote.text[:100]


class CommentReferenceInline(EditorInline, admin.TabularInline):
    model = CommentReference
    extra = 0
    formfield_overrides = HTTPS_URL_FIELDS


@admin.register(PolicyComment)
class PolicyCommentAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["__str__", "barrier"]
    list_filter = ["barrier"]
    search_fields = ["text"]
    inlines = [CommentReferenceInline]
