"""What every WikiSkills block needs from its runtime: translation and page-unique element ids."""

import re


def _(text):
    """Mark a string for translation; the runtime's i18n service translates it when shown."""
    return text


class WikiSkillsBlockMixin:
    """Helpers shared by the blocks; each block also declares ``@XBlock.needs("i18n")``."""

    def _i18n(self):
        return self.runtime.service(self, "i18n")

    def _gettext(self, text):
        return self._i18n().gettext(text)

    def _element_id(self, part):
        """An HTML id unique to this block on the page (usage ids contain ':', '@' and '+')."""
        return "wikiskills-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.scope_ids.usage_id}-{part}")
