import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local admin login when no superuser exists, and print it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="host:port the development server listens on (make run passes HOST:PORT)",
        )

    def handle(self, *args, username, address, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        sign_in = f"Sign in at http://{address}/{settings.ADMIN_URL}"
        if existing:
            name = existing.get_username()
            self.stdout.write(
                f"Admin login exists: user {name!r}. {sign_in}\n"
                f"Forgot the password? `.venv/bin/python manage.py changepassword {name}`."
            )
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A non-admin user {username!r} exists; choose --username.")
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created a local admin login: user {username!r}, password {password!r}.\n"
                f"{sign_in} (shown once; keep it)."
            )
        )
