from django.core.management.base import BaseCommand, CommandError

from osce_site import catalogues


class Command(BaseCommand):
    help = (
        "Compile locale/<lang>/LC_MESSAGES/django.po into django.mo with Babel (no GNU "
        "gettext needed), for every language of settings.LANGUAGES but the default. "
        "A .mo whose messages already match its .po is left untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--extract",
            action="store_true",
            help="first update the .po files from the code and templates (makemessages; "
            "needs GNU gettext's xgettext)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing; fail if a catalogue is incomplete or a .mo is out of date",
        )

    def handle(self, *args, extract, check, **options):
        if extract:
            if check:
                raise CommandError("--extract changes the .po files; it cannot go with --check.")
            catalogues.extract(verbosity=max(options["verbosity"] - 1, 0))
        failures = []
        for language in catalogues.languages():
            po = catalogues.po_path(language)
            mo = catalogues.mo_path(language)
            if not po.exists():
                failures.append(f"{language}: no catalogue at {po}: run with --extract")
                continue
            catalog = catalogues.read(po)
            faults = catalogues.problems(catalog)
            for fault in faults:
                self.stderr.write(f"{language}: {fault}")
            data = catalogues.compiled(catalog)
            stale = not mo.exists() or bool(catalogues.mo_mismatches(catalog, mo.read_bytes()))
            total = sum(1 for m in catalog if m.id)
            counted = f"{len(faults)} problem{'' if len(faults) == 1 else 's'}"
            state = f"{total} messages, {counted}"
            if check:
                if faults:
                    failures.append(f"{language}: {counted} in {po}")
                if stale:
                    failures.append(f"{language}: {mo} does not match {po}: compile it")
                self.stdout.write(f"{language}: {state}, {'stale' if stale else 'up to date'}")
            elif stale:
                mo.write_bytes(data)
                self.stdout.write(f"{language}: {state}, compiled {mo}")
            else:
                self.stdout.write(f"{language}: {state}, up to date")
        if failures:
            raise CommandError("\n".join(failures))
