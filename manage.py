#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "osce_site.settings")
    # With neither a secret nor DJANGO_DEBUG set, this is a checkout on a developer's
    # machine: run as `make run` does (debug, SQLite, a local-only key). A production
    # shell has its secret set and gets production settings, and the app server
    # (wsgi.py) never takes this default.
    if "DJANGO_SECRET_KEY" not in os.environ:
        os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Run `make run` or `make test`, which create .venv "
            "and install the project, or activate .venv first."
        ) from exc
    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
