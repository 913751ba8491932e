from django.contrib import admin
from django.db import models

from bases.editing import EditorAdmin
from bases.history import HistoryAdmin

from .models import DataNote, ReportSection, Source

# An address typed without a scheme is read as https (Django 6's default, opted into now).
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(EditorAdmin, HistoryAdmin):
    list_display = ["short_title", "slug", "publisher", "language"]
    search_fields = ["title", "short_title", "description"]


@admin.register(ReportSection)
class ReportSectionAdmin(EditorAdmin, HistoryAdmin):
    list_display = ["heading", "parent", "order", "source"]
    list_filter = ["source", "parent"]
    search_fields = ["heading", "text", "note"]
    list_select_related = ["parent", "source"]


@admin.register(DataNote)
class DataNoteAdmin(EditorAdmin, HistoryAdmin):
    list_display = ["subject", "kind", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["subject", "text"]
