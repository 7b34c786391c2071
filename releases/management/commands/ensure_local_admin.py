import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local admin login when no superuser exists, and print it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Admin login exists: user {existing.get_username()!r}. "
                f"Forgot the password? `manage.py changepassword {existing.get_username()}`."
            )
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A non-admin user {username!r} exists; choose --username.")
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created a local admin login: user {username!r}, password {password!r}.\n"
                "Sign in at http://127.0.0.1:8000/admin/ (shown once; keep it)."
            )
        )
