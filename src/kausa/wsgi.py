import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
application = get_wsgi_application()

# Each web worker maps the machine's shared offer index as it starts (nothing built) and runs
# one search through it, so its first visitor's search runs at the speed of the others
# (issue 17).
from kausa.matching.index import offer_index_warm  # noqa: E402
from kausa.matching.selectors import warm_public_search  # noqa: E402

if offer_index_warm():
    warm_public_search()  # one search through the database before the first visitor's

# Long-lived objects out of the garbage collector's way: full collections no longer stop a
# request for about 100 ms (kausa.core.heap).
from kausa.core.heap import freeze_startup_objects  # noqa: E402

freeze_startup_objects()
