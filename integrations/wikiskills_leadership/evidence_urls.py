"""Leadership evidence pages: the learner's own, the list of people who share theirs, and one person's."""

from django.urls import path

from . import evidence_views

urlpatterns = [
    path("leadership/evidence/", evidence_views.mine, name="evidence_mine"),
    path("leadership/evidence/<str:username>/", evidence_views.person, name="evidence_person"),
    path("leadership/people/", evidence_views.people, name="evidence_people"),
]
