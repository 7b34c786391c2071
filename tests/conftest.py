import pytest
from django.core.cache import cache
from django.core.management import call_command

from releases.engine import engine


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Page tests look at the view's own answer (its context, its queries); the whole-page
    # cache in front of it has its own tests in tests/osce_site/test_page_cache.py.
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    engine.reset()  # each test's database is rolled back: the index starts again
    yield
    cache.clear()
    engine.reset()


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", verbosity=0, stdout=None)


@pytest.fixture
def demo_content(reference_data):
    call_command("load_demo_content", verbosity=0)


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port (aiosmtpd), for tests of sent email."""
    from tests.smtp import SMTPServer

    server = SMTPServer().start()
    yield server
    server.stop()
