"""Email alerts in a browser: from a filtered Russian listing, subscribe, confirm from the
received email, receive an alert, unsubscribe from the alert's link."""

import re

from django.db import transaction
from playwright.sync_api import expect

from taxonomy.models import FieldOfWork
from tests.alerts.conftest import smtp_server, text_of  # noqa: F401 (smtp_server: fixture)
from tests.factories import PressReleaseFactory

from .conftest import axe_violations


def link(message, part):
    return next(url for url in re.findall(r"https?://\S+", text_of(message)) if part in url)


def test_subscribe_confirm_receive_and_unsubscribe_in_russian(
    site,
    page,
    settings,
    smtp_server,  # noqa: F811 (the fixture)
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.SITE_URL = site.url
    elections = FieldOfWork.objects.get(slug="elections")

    page.goto(site.url + "/ru/press-releases/?field=elections")
    page.get_by_role("link", name="Оповещения по почте").first.click()
    page.wait_for_url("**/ru/alerts/?field=elections")
    expect(page.locator("h1")).to_have_text("Оповещения по почте")
    expect(page.locator(".alert-filter")).to_contain_text("Пресс-релизы: Выборы")
    assert axe_violations(page) == []
    page.get_by_label("Ваш адрес электронной почты").fill("reader@example.org")
    page.get_by_label("Сразу после публикации").check()
    page.locator(".alerts-form button[type=submit]").click()
    page.wait_for_url("**/ru/alerts/sent/")
    expect(page.locator("h1")).to_have_text("Проверьте почту")

    (confirmation,) = smtp_server.to("reader@example.org")
    page.goto(link(confirmation, "/ru/alerts/confirm/"))
    expect(page.get_by_role("status")).to_have_text("Оповещение подтверждено.")
    expect(page.locator(".alerts-list h2")).to_have_text("Пресс-релизы: Выборы")
    assert axe_violations(page) == []

    with transaction.atomic():  # as the admin saves: the row and its relations at once
        PressReleaseFactory(
            published=True,
            language="ru",
            title="Наблюдатели представили предварительные выводы",
            fields_of_work=[elections],
        )
    alert = smtp_server.to("reader@example.org")[-1]
    assert alert["Subject"].strip() == "Наблюдатели представили предварительные выводы"

    page.goto(link(alert, "/ru/alerts/unsubscribe/"))
    page.get_by_role("button", name="Отключить это оповещение").click()
    expect(page.locator("h1")).to_have_text("Вы отписались")
    page.goto(link(alert, "/ru/alerts/manage/"))
    expect(page.locator("main")).to_contain_text("У вас нет оповещений.")
