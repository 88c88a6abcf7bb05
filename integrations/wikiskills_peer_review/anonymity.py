"""What reviewers of an anonymous item see of a wiki edit: the work, without the author's name.

An edit in a sandbox is titled ``User:Name/...`` and its diff may link to user pages; both
name the author. These pure functions swap user-namespace titles and links for neutral words
the block gives in the reviewer's language. Staff and the author still see the stored work.
"""

import html
import re
from urllib.parse import unquote

# The user namespaces (and their talk pages) of the wikis our cohorts edit, canonical name first.
USER_NAMESPACES = (
    "User", "User talk", "Usuario", "Usuaria", "Usuario discusión", "Usuaria discusión", "Utilisateur",
    "Utilisatrice", "Discussion utilisateur", "Discussion utilisatrice", "Usuário", "Usuária", "Usuário(a)",
    "Usuário Discussão", "Usuário(a) Discussão", "Benutzer", "Benutzerin", "Benutzer Diskussion",
    "مستخدم", "مستخدمة", "نقاش المستخدم", "نقاش المستخدمة", "सदस्य", "सदस्य वार्ता",
)  # fmt: skip
_NAMESPACE = "|".join(re.escape(name).replace(r"\ ", "[ _]") for name in sorted(USER_NAMESPACES, key=len, reverse=True))
_USER_TITLE = re.compile(rf"^\s*(?:{_NAMESPACE})\s*:\s*([^/#|]+)", re.IGNORECASE)
_USER_TARGET = re.compile(rf"(?:^|[/=:])(?:{_NAMESPACE})\s*:|Special:(?:Contributions|Contribs)/", re.IGNORECASE)
_LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")


def user_page_owner(title):
    """The user whose page ``title`` is (``User:Name/sandbox`` → ``Name``), or None for other pages."""
    match = _USER_TITLE.match(title or "")
    return match.group(1).replace("_", " ").strip() if match else None


def neutral_title(title, author_page):
    """The page title reviewers see: ``author_page`` (neutral words) for a user-namespace page."""
    return author_page if user_page_owner(title) else title


def _links_to_a_user(link):
    found = _HREF.search(link)
    target = unquote(found.group(1) or found.group(2) or "") if found else ""
    return bool(_USER_TARGET.search(target.replace("_", " ")))


def neutral_diff(diff_html, title, author_page, author):
    """``diff_html`` with links to user pages replaced by ``author_page``, and the author's name by ``author``.

    The name is the owner of ``title`` when it is a user page; it is replaced in text only, never
    inside tags. Both replacement words are escaped: the result stays sanitized HTML.
    """
    page_words, name_words = html.escape(author_page), html.escape(author)
    diff = _LINK.sub(lambda link: page_words if _links_to_a_user(link.group(0)) else link.group(0), diff_html or "")
    owner = user_page_owner(title)
    patterns = [re.compile(rf"(?:{_NAMESPACE})\s*:\s*[^\s/|\]<&]+(?:/[^\s|\]<&]*)?", re.IGNORECASE)]
    if owner:
        spelled = r"[ _]+".join(re.escape(html.escape(part)) for part in owner.split())
        patterns = [
            re.compile(rf"(?:{_NAMESPACE})\s*:\s*{spelled}(?:/[^\s|\]<&]*)?", re.IGNORECASE),
            *patterns,
        ]
    parts = _TAG.split(diff)
    for index in range(0, len(parts), 2):  # text between tags
        text = parts[index]
        for pattern in patterns:
            text = pattern.sub(page_words, text)
        if owner:
            text = re.sub(rf"(?<!\w){spelled}(?!\w)", name_words, text, flags=re.IGNORECASE)
        parts[index] = text
    return "".join(parts)
