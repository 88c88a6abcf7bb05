"""Editing a test wiki the way its editors do: through api.php, logged in as each user.

Saving through ``action=edit`` rather than through PHP is what makes MediaWiki add what
the client later reads on a real wiki: automatic summaries ("Created page with …"),
section autocomments, change tags (``mw-blank``, ``mw-undo``, ``mw-manual-revert`` …)
and logged-out (IP) edits.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from .names import normalize_username

API_TIMEOUT = 30


class LocalWikiError(RuntimeError):
    """MediaWiki or PHP failed; the message says what and where its log is."""


@dataclass(frozen=True)
class _Login:
    """One user's HTTP session (``user`` None: logged out) with the tokens writes need."""

    user: str | None
    session: requests.Session
    csrf_token: str
    rollback_token: str


class WikiEditor:
    """Edits a wiki as its users, one cached logged-in session per user.

    A subclass provides ``api_url`` and ``admin_name`` and records every user's
    password in ``passwords`` (canonical name -> password) so the user can log in.
    """

    api_url: str
    admin_name: str

    def __init__(self) -> None:
        self.passwords: dict[str, str] = {}
        self._logins: dict[str | None, _Login] = {}  # None: the logged-out (IP) editor

    def save_edit(
        self,
        user: str,
        title: str,
        text: str,
        summary: str = "",
        minor: bool = False,
        *,
        section: int | str | None = None,
        section_title: str | None = None,
    ) -> int:
        """Save ``text`` as ``user`` like the editing form does; returns the new revision id.

        An empty ``summary`` gets MediaWiki's automatic one; ``section="new"`` with a
        ``section_title`` adds a section with the autocomment ``/* title */ new section``.
        """
        params = {"title": title, "text": text, "summary": summary, "minor" if minor else "notminor": 1}
        if section is not None:
            params["section"] = str(section)
        if section_title is not None:
            params["sectiontitle"] = section_title
        return self._edit(self._login(user), params)

    def save_anonymous_edit(self, title: str, text: str, summary: str = "") -> int:
        """Save ``text`` logged out, as an IP edit (user id 0); returns the new revision id."""
        return self._edit(self._login(None), {"title": title, "text": text, "summary": summary})

    def undo(self, user: str, title: str, revid: int) -> int:
        """Undo revision ``revid`` as ``user`` (tagged ``mw-undo``); returns the new revision id."""
        return self._edit(self._login(user), {"title": title, "undo": revid})

    def rollback(self, user: str, title: str, of_user: str) -> int:
        """Roll back the latest edits of ``of_user`` on ``title`` (tagged ``mw-rollback``).

        Returns the new revision id. ``user`` needs the ``rollback`` right (on a
        LocalWiki every registered user has it; on Wikipedia, rollbackers and sysops).
        """
        login = self._login(user)
        params = {"action": "rollback", "title": title, "user": of_user, "token": login.rollback_token}
        return self._post(login, params)["rollback"]["revid"]

    def manual_revert(self, user: str, title: str, to_revid: int, summary: str = "") -> int:
        """Save the text of revision ``to_revid`` again as a normal edit (tagged ``mw-manual-revert``)."""
        login = self._login(user)
        params = {"action": "query", "prop": "revisions", "revids": to_revid, "rvprop": "content", "rvslots": "main"}
        revision = self._get(login, params)["query"]["pages"][0]["revisions"][0]
        return self._edit(login, {"title": title, "text": revision["slots"]["main"]["content"], "summary": summary})

    def move_page(
        self, user: str, from_title: str, to_title: str, reason: str = "", leave_redirect: bool = True
    ) -> None:
        """Move (rename) a page as ``user``, leaving a redirect behind unless told not to.

        Not leaving one takes the ``suppressredirect`` right (sysops and bots have it);
        MediaWiki would silently leave the redirect anyway, so lacking it is an error here.
        """
        login = self._login(user)
        if not leave_redirect and "suppressredirect" not in self._rights(login):
            raise LocalWikiError(f"{user!r} lacks the suppressredirect right, so a move would leave a redirect")
        params = {"action": "move", "from": from_title, "to": to_title, "reason": reason, "token": login.csrf_token}
        if not leave_redirect:
            params["noredirect"] = 1
        self._post(login, params)

    def hide_revision_text(self, revid: int, reason: str = "") -> None:
        """As the admin, hide a revision's content from everyone without ``deletedtext``.

        MediaWiki refuses this for a page's current revision (``revdelete-hide-current``):
        as on a wiki, save a clean revision over it first.
        """
        self._delete_revision(revid, "content", reason)

    def hide_revision_summary(self, revid: int, reason: str = "") -> None:
        """As the admin, hide a revision's edit summary."""
        self._delete_revision(revid, "comment", reason)

    def hide_revision_user(self, revid: int, reason: str = "") -> None:
        """As the admin, hide who made a revision."""
        self._delete_revision(revid, "user", reason)

    def user_id(self, name: str) -> int:
        """The id of a registered user; LocalWikiError if there is none by that name."""
        record = self._user_record(name)
        if "userid" not in record:
            raise LocalWikiError(f"no registered user {name!r} on {self.api_url}")
        return record["userid"]

    def _rights(self, login: _Login) -> list[str]:
        params = {"action": "query", "meta": "userinfo", "uiprop": "rights"}
        return self._get(login, params)["query"]["userinfo"]["rights"]

    def _user_record(self, name: str) -> dict:
        """``list=users`` for one name: canonical ``name``, and ``userid`` or ``missing``/``invalid``."""
        params = {"action": "query", "list": "users", "ususers": name}
        return self._get(self._login(None), params)["query"]["users"][0]

    def _renamed(self, old: str, new: str) -> None:
        """Carry a renamed user's password over; the rename ended their sessions."""
        self._logins.pop(old, None)
        if old in self.passwords:
            self.passwords[new] = self.passwords.pop(old)

    def _delete_revision(self, revid: int, hide: str, reason: str) -> None:
        login = self._login(self.admin_name)
        params = {"action": "revisiondelete", "type": "revision", "ids": revid, "hide": hide, "reason": reason}
        answer = self._post(login, {**params, "token": login.csrf_token})["revisiondelete"]
        errors = [error["code"] for item in answer["items"] for error in item.get("errors", [])]
        if answer["status"] != "Success" or errors:  # an item's errors come with status "Success"
            raise LocalWikiError(f"hiding the {hide} of revision {revid} failed: {', '.join(errors) or answer}")

    def _edit(self, login: _Login, params: dict) -> int:
        answer = self._post(login, {"action": "edit", **params, "token": login.csrf_token})["edit"]
        if answer["result"] != "Success":
            raise LocalWikiError(f"edit of {params['title']} was not saved: {answer}")
        if answer.get("nochange"):
            raise LocalWikiError(f"edit of {params['title']} changed nothing, so no revision was saved")
        return answer["newrevid"]

    def _login(self, user: str | None) -> _Login:
        """The cached session of ``user`` (None: logged out), logging in on first use."""
        name = user if user is None or user in self.passwords else normalize_username(user)
        if name not in self._logins:
            self._logins[name] = self._new_login(name)
        return self._logins[name]

    def _new_login(self, name: str | None) -> _Login:
        session = requests.Session()
        if name is not None:
            self._client_login(session, name)
        params = {"action": "query", "meta": "tokens", "type": "csrf|rollback"}
        tokens = self._call(session, params, post=False)["query"]["tokens"]
        return _Login(name, session, tokens["csrftoken"], tokens["rollbacktoken"])

    def _client_login(self, session: requests.Session, name: str) -> None:
        """Log in with the main password, as the login form does (``action=login`` is for bot passwords)."""
        if name not in self.passwords:
            raise LocalWikiError(f"no password known for {name!r}: create the user with create_users()")
        token = self._call(session, {"action": "query", "meta": "tokens", "type": "login"}, post=False)
        params = {
            "action": "clientlogin",
            "username": name,
            "password": self.passwords[name],
            "logintoken": token["query"]["tokens"]["logintoken"],
            "loginreturnurl": self.api_url,
        }
        answer = self._call(session, params, post=True)["clientlogin"]
        if answer["status"] != "PASS":
            raise LocalWikiError(f"{name!r} could not log in: {answer.get('message', answer['status'])}")

    def _get(self, login: _Login, params: dict) -> dict:
        return self._call(login.session, self._asserted(login, params), post=False)

    def _post(self, login: _Login, params: dict) -> dict:
        return self._call(login.session, self._asserted(login, params), post=True)

    @staticmethod
    def _asserted(login: _Login, params: dict) -> dict:
        """Every call says who it must run as: a lost login fails instead of turning into an IP edit."""
        return {**params, "assert": "anon" if login.user is None else "user"}

    def _call(self, session: requests.Session, params: dict, *, post: bool) -> dict:
        params = {**params, "format": "json", "formatversion": "2"}
        if post:
            response = session.post(self.api_url, data=params, timeout=API_TIMEOUT)
        else:
            response = session.get(self.api_url, params=params, timeout=API_TIMEOUT)
        if not response.ok:
            raise LocalWikiError(f"api.php action={params['action']} answered HTTP {response.status_code}")
        answer = response.json()
        if "error" in answer:
            error = answer["error"]
            raise LocalWikiError(f"api.php action={params['action']} failed: {error['code']}: {error['info']}")
        return answer
