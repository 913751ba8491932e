"""Site pages of the barriers app. URL names are global (no namespace): see preciseu_kb/urls.py."""

urlpatterns = []
