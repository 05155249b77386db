import os

from django.core.wsgi import get_wsgi_application

from core.runtime import gc_tune

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yunnan_emergency.settings.local")
application = get_wsgi_application()
gc_tune()  # after loading: what is loaded now stays out of the collector's walks (core/runtime.py)
