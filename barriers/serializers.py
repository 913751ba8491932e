"""API representations of categories, barriers, quotes and policy comments.

A barrier's `summary` is its introduction: the text printed before its first themed
sub-section (`sections`). Its `practices` are the rows of its good-practice table, in
printed order; its `regions` are the partner regions quoted on it.
"""

from rest_framework import serializers

from bases.rest.fields import (
    ChildKeyField,
    ChildKeyUrlField,
    FilteredListUrlField,
    KeysThroughField,
    SiteUrlField,
)
from provenance.serializers import (
    PROVENANCE_FIELDS,
    FootnoteReferenceSerializer,
    ProvenanceSerializer,
)
from regions.models import FINDING_KEY, Country, NationalFinding, Region
from regions.serializers import CountrySummarySerializer, RegionSummarySerializer

from .models import COMMENT_KEY, QUOTE_KEY, Barrier, BarrierSection, Category, PolicyComment, Quote


class CategorySummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:category-detail", lookup_field="slug")

    class Meta:
        model = Category
        fields = ["slug", "name", "url"]


class BarrierSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:barrier-detail", lookup_field="number"
    )

    class Meta:
        model = Barrier
        fields = ["number", "title", "url"]


class CategorySerializer(ProvenanceSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:category-detail", lookup_field="slug")
    site_url = SiteUrlField()
    variants = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        help_text="The other forms in which the report prints the name; the note says where.",
    )
    barriers = KeysThroughField(
        path="number", child=serializers.IntegerField(), help_text="Its barriers' numbers."
    )
    barriers_detail = BarrierSummarySerializer(source="barriers", many=True, read_only=True)
    barriers_url = FilteredListUrlField("api:barrier-list", "category", "slug")
    practices_url = FilteredListUrlField("api:practice-list", "category", "slug")
    quotes_url = FilteredListUrlField("api:quote-list", "category", "slug")

    class Meta:
        model = Category
        fields = [
            "url",
            "site_url",
            "slug",
            "name",
            "variants",
            "order",
            "barriers",
            "barriers_detail",
            "barriers_url",
            "practices_url",
            "quotes_url",
            *PROVENANCE_FIELDS,
        ]


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = BarrierSection
        fields = ["heading", "text"]


class ListedPracticeSerializer(serializers.Serializer):
    """A row of a barrier's good-practice table, shown as a summary of its practice."""

    slug = serializers.CharField(source="practice.slug", read_only=True)
    name = serializers.CharField(source="practice.name", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="practice", view_name="api:practice-detail", lookup_field="slug", read_only=True
    )


class LinkedPracticeSerializer(ListedPracticeSerializer):
    """An editorial link from a barrier to another source's practice, with why."""

    rationale = serializers.CharField(read_only=True)


class CommentInBarrierSerializer(serializers.ModelSerializer):
    key = ChildKeyField(COMMENT_KEY)
    url = ChildKeyUrlField(COMMENT_KEY, "api:comment-detail")
    references = FootnoteReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyComment
        fields = ["key", "url", "text", "references"]


class BarrierSerializer(ProvenanceSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:barrier-detail", lookup_field="number"
    )
    site_url = SiteUrlField()
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    category_detail = CategorySummarySerializer(source="category", read_only=True)
    summary = serializers.CharField(
        source="introduction",
        style={"base_template": "textarea.html"},
        help_text="The barrier's introduction: the text before its first sub-section.",
    )
    sections = SectionSerializer(many=True, read_only=True)
    quotes_url = FilteredListUrlField("api:quote-list", "barrier", "number")
    quote_count = serializers.IntegerField(read_only=True)
    regions = serializers.SlugRelatedField(
        source="regions_quoted",
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the regions quoted on it.",
    )
    regions_detail = RegionSummarySerializer(source="regions_quoted", many=True, read_only=True)
    region_count = serializers.IntegerField(read_only=True)
    practices = KeysThroughField(
        source="table_listings",
        path="practice.slug",
        help_text="Slugs of the practices in its good-practice table, in printed order.",
    )
    practices_detail = ListedPracticeSerializer(source="table_listings", many=True, read_only=True)
    practice_count = serializers.IntegerField(
        read_only=True, help_text="Rows of its good-practice table."
    )
    linked_practices = LinkedPracticeSerializer(
        source="editorial_listings",
        many=True,
        read_only=True,
        help_text="Other sources' practices the editors link to it, each with its rationale "
        "(an editorial mapping, not part of the report's table).",
    )
    comments = CommentInBarrierSerializer(many=True, read_only=True)

    class Meta:
        model = Barrier
        fields = [
            "url",
            "site_url",
            "number",
            "slug",
            "title",
            "variants",
            "category",
            "category_detail",
            "summary",
            "sections",
            "quotes_url",
            "quote_count",
            "regions",
            "regions_detail",
            "region_count",
            "practices",
            "practices_detail",
            "practice_count",
            "linked_practices",
            "comments",
            *PROVENANCE_FIELDS,
        ]


# What a barrier holds that grows with the data: one entry per region quoted on it and per
# row of its tables. The list leaves them to the barrier's own record and gives their counts
# and filtered lists instead, so the 17 barriers stay one small answer at any size.
GROWING_FIELDS = ("regions", "regions_detail", "practices", "practices_detail", "linked_practices")


class BarrierListSerializer(BarrierSerializer):
    """A barrier in the list: its record without the lists that grow with the data."""

    practices_url = FilteredListUrlField("api:practice-list", "barrier", "number")

    class Meta(BarrierSerializer.Meta):
        fields = [name for name in BarrierSerializer.Meta.fields if name not in GROWING_FIELDS]
        fields.insert(fields.index("practice_count"), "practices_url")


class QuoteSerializer(ProvenanceSerializer):
    url = ChildKeyUrlField(QUOTE_KEY, "api:quote-detail")
    key = ChildKeyField(QUOTE_KEY, help_text='"<barrier number>-<order>", e.g. "5-3".')
    site_url = SiteUrlField()
    barrier = serializers.SlugRelatedField(slug_field="number", queryset=Barrier.objects.all())
    barrier_detail = BarrierSummarySerializer(source="barrier", read_only=True)
    category = serializers.SlugRelatedField(
        source="barrier.category", slug_field="slug", read_only=True
    )
    category_detail = CategorySummarySerializer(source="barrier.category", read_only=True)
    region = serializers.SlugRelatedField(slug_field="slug", queryset=Region.objects.all())
    region_detail = RegionSummarySerializer(source="region", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "url",
            "key",
            "site_url",
            "barrier",
            "barrier_detail",
            "category",
            "category_detail",
            "order",
            "region",
            "region_detail",
            "text",
            "attribution",
            *PROVENANCE_FIELDS,
        ]


class CommentSerializer(ProvenanceSerializer):
    url = ChildKeyUrlField(COMMENT_KEY, "api:comment-detail")
    key = ChildKeyField(COMMENT_KEY, help_text='"<barrier number>-<order>", e.g. "1-1".')
    site_url = SiteUrlField()
    barrier = serializers.SlugRelatedField(slug_field="number", queryset=Barrier.objects.all())
    barrier_detail = BarrierSummarySerializer(source="barrier", read_only=True)
    references = FootnoteReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyComment
        fields = [
            "url",
            "key",
            "site_url",
            "barrier",
            "barrier_detail",
            "order",
            "text",
            "references",
            *PROVENANCE_FIELDS,
        ]


class FindingMappingSerializer(serializers.Serializer):
    """A barrier a national finding speaks to, with the editors' reason (editorial)."""

    number = serializers.IntegerField(source="barrier.number", read_only=True)
    title = serializers.CharField(source="barrier.title", read_only=True)
    url = serializers.HyperlinkedRelatedField(
        source="barrier", view_name="api:barrier-detail", lookup_field="number", read_only=True
    )
    rationale = serializers.CharField(read_only=True)


class FindingSerializer(ProvenanceSerializer):
    url = ChildKeyUrlField(FINDING_KEY, "api:finding-detail")
    key = ChildKeyField(FINDING_KEY, help_text='"<source slug>-<order>".')
    site_url = SiteUrlField(help_text="The finding on its country's partner region page.")
    country = serializers.SlugRelatedField(slug_field="code", queryset=Country.objects.all())
    country_detail = CountrySummarySerializer(source="country", read_only=True)
    barriers = KeysThroughField(
        source="barrier_mappings",
        path="barrier.number",
        child=serializers.IntegerField(),
        help_text="Numbers of the barriers the finding is mapped to (editorial).",
    )
    barrier_mappings = FindingMappingSerializer(many=True, read_only=True)

    class Meta:
        model = NationalFinding
        fields = [
            "url",
            "key",
            "site_url",
            "country",
            "country_detail",
            "area",
            "kind",
            "heading",
            "order",
            "text",
            "barriers",
            "barrier_mappings",
            *PROVENANCE_FIELDS,
        ]
