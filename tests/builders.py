"""Test builders: people and enterprises made through the platform's own services."""
import itertools

from stdnum.cn import uscc

from marketplace.accounts import services
from marketplace.extensions import db

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def owner_of(enterprise):
    """The enterprise's (first) owner."""
    return next(m.user for m in services.members_of(enterprise) if m.role == "owner")


def credit_code(number):
    """A valid unified social credit code for a Binhai (120116) enterprise, distinct per number."""
    body = f"91120116MA{number:07d}"
    return body + uscc.calc_check_digit(body)


class World:
    def __init__(self, app):
        self.app = app

    def person(self, email=None, name="Zhang Wei", platform_role=None, password=PASSWORD):
        n = next(_numbers)
        user = services.sign_up(email or f"person{n}@example.cn", name, password)
        if platform_role:
            services.grant_platform_role(user.email, platform_role)
        return user

    def operator(self):
        return self.person(name="Operator", platform_role="operator")

    def regulator(self):
        return self.person(name="Regulator", platform_role="regulator")

    def enterprise(self, owner=None, verified=True, kinds=("supplier",), region="teda", code=None):
        n = next(_numbers)
        owner = owner or self.person()
        enterprise = services.register_enterprise(
            owner, code or credit_code(n), list(kinds),
            name_zh=f"天津滨海测试贸易有限公司{n}", name_en=f"Tianjin Binhai Test Trading Co. {n}",
            region=region, address=f"天津市滨海新区第{n}大街1号", contact_name="王芳",
            contact_phone="022-6620-0000", contact_email=f"contact{n}@example.cn",
        )
        if verified:
            services.change_enterprise_status(self._operator(), enterprise.public_id, "verified")
        return enterprise

    def _operator(self):
        from sqlalchemy import select

        from marketplace.accounts.models import User

        found = db.session.scalar(select(User).where(User.platform_role == "operator"))
        return found or self.operator()

    def member(self, enterprise, role, email=None):
        """A person who joined ``enterprise`` with ``role`` by accepting an owner's invitation."""
        person = self.person(email=email)
        owner = next(m.user for m in services.members_of(enterprise) if m.role == "owner")
        _invitation, secret = services.invite_member(owner, enterprise, person.email, role)
        services.accept_invitation(person, secret)
        return person

    def token(self, user, enterprise, scopes=("enterprise:read",), name="ERP connector"):
        return services.create_api_token(user, enterprise, name, list(scopes))[1]

    @staticmethod
    def login(client, user, password=PASSWORD):
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return response
