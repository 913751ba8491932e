from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("suggest/<slug:kind>/<int:pk>/", views.suggest_correction, name="suggest-correction"),
    path("practices/propose/", views.propose_practice, name="propose-practice"),
    path("contribute/sent/", views.sent, name="sent"),
]
