"""A person signs up, logs in and out, resets a forgotten password and picks a language."""
import re

from sqlalchemy import func, select

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.extensions import db
from tests.builders import PASSWORD
from tests.mailbox import last_link, messages
from tests.web.conftest import reload, text_of

NEW_PASSWORD = "a brand new passphrase for Binhai"


def sign_up(client, email="li.na@example.cn", password=PASSWORD, **extra):
    form = {"email": email, "display_name": "Li Na", "password": password, "confirm": password}
    return client.post("/auth/signup", data=form, **extra)


def test_sign_up_then_log_out_and_in_again(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert "Hello, Li Na" in text_of(client.get("/"))

    client.post("/auth/logout")
    assert "Create an account" in text_of(client.get("/"))

    response = client.post("/auth/login", data={"email": "Li.Na@example.cn ", "password": PASSWORD})
    assert response.status_code == 302
    assert "Register your enterprise" in text_of(client.get("/"))


def test_an_email_cannot_sign_up_twice(world, client):
    world.person(email="taken@example.cn")

    response = sign_up(client, email="taken@example.cn")

    assert response.status_code == 422
    assert "This email is already registered" in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_short_password_is_refused_at_its_field(ctx, client):
    response = sign_up(client, password="short")

    assert response.status_code == 422
    assert "Use at least 10 characters." in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(world, client):
    person = world.person()

    wrong_password = client.post("/auth/login", data={"email": person.email, "password": "not the password"})
    unknown_email = client.post("/auth/login", data={"email": "nobody@example.cn", "password": PASSWORD})

    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert "The email or the password is not right." in text_of(response)
    assert client.get("/account").status_code == 302


def test_login_returns_to_the_page_asked_for_but_never_to_another_site(world, client):
    person = world.person()

    asked = client.get("/account")
    assert asked.headers["Location"].endswith("/auth/login?next=/account")
    back = client.post("/auth/login?next=/account", data={"email": person.email, "password": PASSWORD})
    assert back.headers["Location"] == "/account"

    client.post("/auth/logout")
    away = client.post("/auth/login?next=//evil.example/x", data={"email": person.email, "password": PASSWORD})
    assert away.headers["Location"] == "/"


def test_password_reset_by_mailed_link_ends_the_old_sessions(world, client, other_browser):
    person = world.person()
    world.login(client, person)
    assert client.get("/account").status_code == 200

    answer = other_browser.post("/auth/reset", data={"email": person.email}, follow_redirects=True)
    assert "If an account uses this address" in text_of(answer)
    token = last_link(world.app, "/auth/reset/")
    changed = other_browser.post(f"/auth/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302

    assert "/auth/login" in client.get("/account").headers["Location"]
    assert other_browser.post("/auth/login", data={"email": person.email, "password": PASSWORD}).status_code == 200
    assert other_browser.post("/auth/login", data={"email": person.email, "password": NEW_PASSWORD}).status_code == 302
    used_again = other_browser.post(f"/auth/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert used_again.status_code == 422
    assert "invalid, used or expired" in text_of(used_again)


def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing(world, client):
    answer = client.post("/auth/reset", data={"email": "nobody@example.cn"}, follow_redirects=True)

    assert "If an account uses this address" in text_of(answer)
    assert messages(world.app) == []


def test_the_language_switch_changes_the_page_language(client):
    assert '<html lang="en">' in client.get("/auth/login").get_data(as_text=True)

    back = client.post("/language", data={"locale": "zh_CN", "next": "/auth/login"})

    assert back.headers["Location"] == "/auth/login"
    assert '<html lang="zh-CN">' in client.get("/auth/login").get_data(as_text=True)
    client.post("/language", data={"locale": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_account_remembers_the_preferred_language(world, client):
    person = world.person()
    world.login(client, person)

    client.post("/account", data={"locale": "zh_CN"})

    reload(person)
    assert person.preferred_locale == "zh_CN"
    assert '<html lang="zh-CN">' in client.get("/account").get_data(as_text=True)


def test_pages_carry_no_inline_script(client):
    """The CSP allows scripts only from our own files, so every script tag must point at one."""
    page = client.get("/").get_data(as_text=True)

    scripts = re.findall(r"<script[^>]*>", page)
    assert all(re.search(r'src="/static/[^"]+\.js"', tag) for tag in scripts)
    assert "></script>" in page and re.search(r"<script[^>]*>[^<]+</script>", page) is None
    assert 'href="/static/css/site.css"' in page
    assert client.get("/static/css/site.css").status_code == 200


def test_login_attempts_are_limited(app, tmp_path):
    """A second app on the same database with a low login limit (the shared test app has limits off)."""
    limited = create_app({**app.config, "RATE_LIMITS": True, "RATELIMIT_LOGIN": "2 per minute",
                          "RATELIMIT_KEY_PREFIX": f"login-{tmp_path.name}"}, instance_path=str(tmp_path))
    browser = limited.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    guess = {"email": "li.na@example.cn", "password": "guess"}

    answers = [browser.post("/auth/login", data=guess) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "Too many attempts" in text_of(answers[2])
    assert browser.get("/auth/login").status_code == 200
    with limited.app_context():
        db.engine.dispose()
