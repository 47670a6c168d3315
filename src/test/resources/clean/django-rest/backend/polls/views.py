from django.db.models import F
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Choice, Question
from .serializers import QuestionSerializer


class QuestionViewSet(viewsets.ModelViewSet):
    queryset = Question.objects.all().order_by("-published")
    serializer_class = QuestionSerializer

    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        try:
            Choice.objects.filter(pk=request.data["choice"], question_id=pk).update(votes=F("votes") + 1)
        except KeyError:
            return Response({"error": "choice missing"}, status=400)
        return Response({"ok": True})
