"""Site pages of the practices app. URL names are global (no namespace): see preciseu_kb/urls.py."""

urlpatterns = []
