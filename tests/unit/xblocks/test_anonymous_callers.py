"""An anonymous caller (public courseware) is nobody: no shared account, views ask to sign in, handlers refuse."""

import json

import pytest
from django.contrib.auth import get_user_model
from webob import Request
from workbench.runtime import WorkbenchRuntime
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData

from wikiskills.integrations import openedx_compat
from wikiskills.xblocks.edit_exercise import EditExerciseBlock
from wikiskills.xblocks.peer_review import PeerReviewBlock
from wikiskills.xblocks.skills_survey import SkillsSurveyBlock

pytestmark = pytest.mark.django_db


class AnonymousLmsUser(UserService):
    """What edx-platform's user service gives a visitor who is not signed in."""

    def get_current_user(self):
        user = XBlockUser(is_current_user=True)
        user.opt_attrs.update({"edx-platform.is_authenticated": False, "edx-platform.user_is_staff": False})
        return user


def anonymous_block(block_class, **fields):
    runtime = WorkbenchRuntime()
    runtime._services["user"] = AnonymousLmsUser()  # the workbench has no other way to swap it
    block = block_class(runtime, KvsFieldData(DictKeyValueStore()), ScopeIds(None, "x", "def", "usage"))
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def test_the_lms_anonymous_user_maps_to_no_django_user_and_creates_none():
    before = get_user_model().objects.count()
    assert openedx_compat.django_user_for(AnonymousLmsUser().get_current_user()) is None
    assert get_user_model().objects.count() == before
    assert not get_user_model().objects.filter(username="student_1").exists()


def test_the_workbench_student_and_the_lms_user_are_found_by_their_own_keys():
    workbench = XBlockUser(is_current_user=True)
    workbench.opt_attrs["xblock-workbench.user_id"] = "ana"
    assert openedx_compat.django_user_for(workbench).username == "ana"
    lms = XBlockUser(is_current_user=True)
    lms.opt_attrs["edx-platform.user_id"] = get_user_model().objects.create(username="bo").pk
    assert openedx_compat.django_user_for(lms).username == "bo"


@pytest.mark.parametrize(
    ("block_class", "fields"),
    [
        (EditExerciseBlock, {"wiki": "demo"}),
        (PeerReviewBlock, {"prompt": "<p>Write.</p>"}),
        (SkillsSurveyBlock, {"skills": ["editing"]}),
    ],
)
def test_blocks_ask_an_anonymous_visitor_to_sign_in_and_refuse_their_requests(block_class, fields, skills_taxonomy):
    """``skills_taxonomy``: the survey is set up only when its skills exist (MariaDB runs build tables, not data)."""
    block = anonymous_block(block_class, **fields)

    assert "Sign in to take part." in block.render("student_view", {}).content
    handler = "current_state"  # every block has it; its state needs a user
    request = Request.blank("/", method="POST", body=json.dumps({}).encode())
    response = block.handle(handler, request)

    assert response.status_code == 403
    assert json.loads(response.body) == {"error": "Sign in to take part."}
    assert not get_user_model().objects.exists()
