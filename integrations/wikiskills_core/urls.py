"""Core pages: the staff health check. The LMS mounts these through the plugin's ``url_config``."""

from django.urls import path

from . import doctor_views

app_name = "wikiskills_core"

urlpatterns = [
    path("wikiskills/doctor/", doctor_views.doctor, name="doctor"),
]
