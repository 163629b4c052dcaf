import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
application = get_wsgi_application()

# Each web worker maps the machine's shared offer index as it starts (no database query,
# nothing built), so its first search runs at the speed of the others (issue 17).
from kausa.matching.index import offer_index_warm  # noqa: E402

offer_index_warm()

# Long-lived objects out of the garbage collector's way: full collections no longer stop a
# request for about 100 ms (kausa.core.heap).
from kausa.core.heap import freeze_startup_objects  # noqa: E402

freeze_startup_objects()
