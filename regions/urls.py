"""Site pages of the regions app. URL names are global (no namespace): see preciseu_kb/urls.py."""

urlpatterns = []
