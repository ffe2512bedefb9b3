"""The foundation's promise, clicked through in a real browser: from sign-up to a working API token."""
import json
import urllib.request

from sqlalchemy import select

from marketplace.accounts.models import Enterprise
from marketplace.extensions import db
from tests.browser.seeing import shows
from tests.builders import PASSWORD, credit_code
from tests.mailbox import last_link


def sign_up(page, site, email, name):
    page.goto(f"{site.url}/auth/signup")
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button:has-text('Create the account')")


def log_in(page, site, email):
    page.goto(f"{site.url}/auth/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button")


def register_enterprise(page, site, code):
    page.goto(f"{site.url}/enterprises/new")
    page.fill("input[name=credit_code]", code)
    page.fill("input[name=name_zh]", "天津滨海港城钢材贸易有限公司")
    page.fill("input[name=name_en]", "Tianjin Binhai Port City Steel Trading Co., Ltd.")
    page.check("input[name=kinds][value=supplier]")
    page.check("input[name=kinds][value=buyer]")
    page.select_option("select[name=region]", "lingang")
    page.fill("input[name=address]", "天津市滨海新区临港经济区渤海十路 88 号")
    page.fill("input[name=contact_name]", "李强")
    page.fill("input[name=contact_phone]", "022-6588-1234")
    page.fill("input[name=contact_email]", "sales@portcity-steel.example.cn")
    page.click("button:has-text('Register')")


def enterprises_with(code):
    return db.session.scalars(select(Enterprise).where(Enterprise.credit_code == code)).all()


def test_an_enterprise_registers_is_verified_and_its_trader_calls_the_api(world, live_site, browser):
    world.person(email="operator@binhai.example", platform_role="operator")
    english = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}
    owner, operator, trader = (browser.new_context(**english).new_page() for _ in range(3))

    sign_up(owner, live_site, "li.qiang@portcity-steel.example.cn", "Li Qiang")
    assert shows(owner, "Log out")

    good_code = credit_code(880001)
    wrong_check = good_code[:-1] + ("0" if good_code[-1] != "0" else "1")
    register_enterprise(owner, live_site, wrong_check)
    assert shows(owner, "check character")
    assert enterprises_with(wrong_check) == []

    register_enterprise(owner, live_site, good_code)
    owner.wait_for_url(f"{live_site.url}/enterprises/ent_*")
    enterprise_path = owner.url.removeprefix(live_site.url)
    assert shows(owner, "Pending")

    log_in(operator, live_site, "operator@binhai.example")
    operator.goto(f"{live_site.url}/operator{enterprise_path}")
    operator.click("button[name=target][value=verified]")
    assert shows(operator, "is now")
    owner.goto(f"{live_site.url}{enterprise_path}")
    assert shows(owner, "Verified")

    owner.goto(f"{live_site.url}{enterprise_path}/members")
    owner.fill("input[name=email]", "zhao.min@portcity-steel.example.cn")
    owner.select_option("select[name=role]", "trader")
    owner.click("button:has-text('Send the invitation')")

    sign_up(trader, live_site, "zhao.min@portcity-steel.example.cn", "Zhao Min")
    trader.goto(f"{live_site.url}/invitations/{last_link(live_site.app, '/invitations/')}")
    trader.click("button:has-text('Accept and join')")
    trader.goto(f"{live_site.url}{enterprise_path}/tokens")
    trader.fill("input[name=name]", "ERP connector")
    trader.check("input[name=scopes][value='enterprise:read']")
    trader.click("button:has-text('Create the token')")
    token = trader.inner_text("#new-token").strip()

    request = urllib.request.Request(f"{live_site.url}/api/v1/enterprise",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
    assert body["credit_code"] == good_code
    assert body["status"] == "verified"


def test_the_site_speaks_chinese_by_default_and_switches_to_english(live_site, browser):
    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(live_site.url)
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert shows(page, "登录")

    page.click("button[name=locale][value=en]")

    assert shows(page, "Log in")
    assert page.get_attribute("html", "lang") == "en"
