import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")
application = get_asgi_application()

# Fail at start-up, not at the first login: sessions and CSRF need a real key.
try:
    settings.SECRET_KEY  # noqa: B018 - Django raises here when the key is empty
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (or set SECRET_KEY_FILE).") from exc
