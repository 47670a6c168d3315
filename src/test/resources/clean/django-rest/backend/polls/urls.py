from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register(r"questions", views.QuestionViewSet)

app_name = "polls"
urlpatterns = [
    path("", include(router.urls)),
]
