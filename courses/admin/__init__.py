"""Teacher admin: courses, lessons and their ordered blocks, for people who are not developers.

A lesson's page lists its blocks (lessons.py); each block is edited on its own page
(blocks.py), so a lesson of hundreds of blocks opens and saves quickly.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from courses.admin import blocks, courses, lessons  # noqa: F401  (register the model admins)

admin.site.site_header = _("Kanade teacher admin")
admin.site.site_title = _("Kanade admin")
admin.site.index_title = _("Courses and lessons")
# The sidebar repeats the index's list of models and takes 300 px from every page: with it, a
# laptop showed the lesson list's first four columns and hid the rest behind a sideways scroll.
admin.site.enable_nav_sidebar = False
