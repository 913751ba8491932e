from django.contrib import admin

from .models import DataNote, ReportSection, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["short_title", "slug", "publisher", "language"]
    search_fields = ["title", "short_title", "description"]


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "parent", "order", "source"]
    list_filter = ["source", "parent"]
    search_fields = ["heading", "text", "note"]
    list_select_related = ["parent", "source"]


@admin.register(DataNote)
class DataNoteAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["subject", "text"]
