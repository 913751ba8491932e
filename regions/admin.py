from django.contrib import admin

from barriers.admin import ChallengeMappingInline, FindingMappingInline
from bases.editing import EditorAdmin, EditorInline
from bases.history import HistoryAdmin
from provenance.admin_guard import RecordAdminMixin, RecordInlineMixin

from .models import Country, NationalFinding, Region, RegionalChallenge


class RegionalChallengeInline(RecordInlineMixin, EditorInline, admin.StackedInline):
    model = RegionalChallenge
    extra = 0
    show_change_link = True  # the challenge's own page holds its barrier mappings
    fields = ["order", "title", "text", "note", "source", "section"]


@admin.register(Region)
class RegionAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["name", "country", "interviews_total", "engagement", "workshop_participants"]
    list_filter = ["engagement", "workshop_format"]
    search_fields = ["name", "factsheet_label", "overview", "challenges__title"]
    list_select_related = ["country"]
    inlines = [RegionalChallengeInline]
    fieldsets = [
        (None, {"fields": ["slug", "name", "variants", "country", "order", "attributions"]}),
        ("Fact sheet", {"fields": ["factsheet_label", "overview"]}),
        (
            "Interviews (Tab. 3)",
            {
                "fields": [
                    "interviews_total",
                    "interviews_industry",
                    "interviews_healthcare",
                    "interviews_research",
                    "interviews_public",
                ]
            },
        ),
        (
            "Workshop (Tab. 4)",
            {
                "fields": [
                    "engagement",
                    "workshop_participants",
                    "workshop_format",
                    "workshop_organizers",
                    "engagement_note",
                ]
            },
        ),
        ("Provenance", {"fields": ["source", "section", "note"]}),
    ]


@admin.register(RegionalChallenge)
class RegionalChallengeAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["title", "region", "order"]
    list_filter = ["region"]
    search_fields = ["title", "text"]
    list_select_related = ["region"]
    inlines = [ChallengeMappingInline]


@admin.register(Country)
class CountryAdmin(EditorAdmin, HistoryAdmin):
    list_display = ["code", "name", "partner_region"]
    search_fields = ["code", "name"]
    list_select_related = ["partner_region"]


@admin.register(NationalFinding)
class NationalFindingAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["short_text", "country", "area", "kind", "order", "source"]
    list_filter = ["country", "kind", "area", "source"]
    search_fields = ["text", "heading", "area", "note"]
    list_select_related = ["country", "source"]
    fields = ["country", "area", "kind", "heading", "order", "text", "source", "section", "note"]
    inlines = [FindingMappingInline]

    @admin.display(description="text")
    def short_text(self, finding):
        return finding.text[:100]
