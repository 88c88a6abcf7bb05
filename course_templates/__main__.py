"""``python -m wikiskills.course_templates`` is ``wikiskills-pack``."""

from .cli import main

raise SystemExit(main())
