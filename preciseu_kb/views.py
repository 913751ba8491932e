"""Cross-cutting pages."""

from django.shortcuts import render

from barriers.models import Category, Quote
from practices.models import GoodPractice
from regions.models import Region


def home(request):
    categories = Category.objects.prefetch_related("barriers")
    counts = {
        "barriers": sum(len(category.barriers.all()) for category in categories),
        "quotes": Quote.objects.count(),
        "practices": GoodPractice.objects.count(),
        "regions": Region.objects.count(),
    }
    return render(request, "home.html", {"categories": categories, "counts": counts})
