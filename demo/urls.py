"""The workbench's URLs plus those the WikiSkills plugin apps add to the LMS, and the demo's own."""

from django.urls import include, path

from demo import views

urlpatterns = [
    path("demo/people/", views.people, name="demo_people"),
    path("demo/act-as/", views.act_as, name="demo_act_as"),
    path("accounts/login/", views.login_page, name="demo_login"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language, which the demo bar's selector posts to
    path("", include("wikiskills.integrations.wikiskills_badges.urls")),
    path("", include("wikiskills.integrations.wikiskills_skills.urls")),
    path("", include("wikiskills.integrations.wikiskills_tracks.urls")),
    path("", include("wikiskills.integrations.wikiskills_leadership.urls")),
    path("", include("wikiskills.integrations.wikiskills_core.urls")),
    path("", include("workbench.urls")),
]
