from django.contrib import admin

from .models import GoodPractice, PracticeListing, PracticeReference


class PracticeReferenceInline(admin.TabularInline):
    model = PracticeReference
    extra = 0


class PracticeListingInline(admin.TabularInline):
    model = PracticeListing
    extra = 0
    autocomplete_fields = ["barrier"]
    verbose_name = "barrier whose table lists it"
    verbose_name_plural = "barriers whose tables list it"


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "country_label", "locality"]
    list_filter = ["countries", "barriers__category", "barriers"]
    search_fields = ["name", "description", "country_label", "locality", "note"]
    filter_horizontal = ["countries"]
    inlines = [PracticeListingInline, PracticeReferenceInline]
    fieldsets = [
        (None, {"fields": ["slug", "name", "description", "link"]}),
        ("Where", {"fields": ["country_label", "countries", "locality"]}),
        ("Regional report template", {
            "fields": ["key_players", "impact", "transferability"],
            "description": "Appendix B describes a best practice by these; D6.1's tables do "
            "not print them.",
        }),
        ("Provenance", {"fields": ["source", "section", "note"]}),
    ]
