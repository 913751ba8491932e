from django.contrib import admin

from barriers.models import EDITORIAL_MAPPING_NOTE
from bases.editing import EditorAdmin, EditorInline
from bases.history import HistoryAdmin
from provenance.admin import HTTPS_URL_FIELDS
from provenance.admin_guard import RecordAdminMixin

from .models import (
    TRANSFER_PROFILE_NOTE,
    GoodPractice,
    PracticeActor,
    PracticeKind,
    PracticeListing,
    PracticePrecondition,
    PracticeReference,
)


class PracticeReferenceInline(EditorInline, admin.TabularInline):
    model = PracticeReference
    extra = 0
    formfield_overrides = HTTPS_URL_FIELDS


class PracticeListingInline(EditorInline, admin.TabularInline):
    model = PracticeListing
    extra = 0
    fields = ["barrier", "order", "rationale"]
    autocomplete_fields = ["barrier"]
    verbose_name = "barrier it is listed under"
    verbose_name_plural = (
        "barriers it is listed under: a row of the barrier's printed table (row, no "
        f"rationale), or an editorial link (rationale, no row; {EDITORIAL_MAPPING_NOTE})"
    )


class ProfileInline(EditorInline, admin.TabularInline):
    """A part of the transfer profile; each row quotes the practice's own words."""

    extra = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.verbose_name_plural = f"transfer profile: {cls.label} ({TRANSFER_PROFILE_NOTE})"


class PracticeKindInline(ProfileInline):
    model = PracticeKind
    label = "kinds"
    fields = ["order", "kind", "rationale"]


class PracticeActorInline(ProfileInline):
    model = PracticeActor
    label = "actors"
    fields = ["order", "name", "rationale"]


class PracticePreconditionInline(ProfileInline):
    model = PracticePrecondition
    label = "preconditions"
    fields = ["order", "text", "rationale"]


@admin.register(GoodPractice)
class GoodPracticeAdmin(RecordAdminMixin, EditorAdmin, HistoryAdmin):
    list_display = ["name", "country_label", "locality", "source"]
    list_filter = ["source", "level", "kinds__kind", "countries", "barriers__category", "barriers"]
    search_fields = ["name", "description", "country_label", "locality", "note"]
    filter_horizontal = ["countries"]
    formfield_overrides = HTTPS_URL_FIELDS
    autocomplete_fields = ["part_of"]
    inlines = [
        PracticeListingInline,
        PracticeKindInline,
        PracticeActorInline,
        PracticePreconditionInline,
        PracticeReferenceInline,
    ]
    fieldsets = [
        (None, {"fields": ["slug", "name", "variants", "description", "link"]}),
        ("Where", {"fields": ["country_label", "countries", "locality"]}),
        ("Measure", {"fields": ["responsible_body", "objectives", "part_of"]}),
        (
            "Regional report template",
            {
                "fields": ["key_players", "impact", "transferability"],
                "description": "Appendix B describes a best practice by these; D6.1's tables do "
                "not print them.",
            },
        ),
        (
            "Transfer profile (editorial)",
            {"fields": ["level", "level_rationale"], "description": TRANSFER_PROFILE_NOTE},
        ),
        ("Provenance", {"fields": ["source", "section", "note"]}),
    ]
