"""A user's tests of code that manages Security Hub members, against the mock's fixture."""
import json

import pytest
from botocore.exceptions import ClientError

from securityhub_mock import FixtureError, fixture_path

ADMIN, MEMBER = "111111111111", "222222222222"


def invite_and_accept(admin, member):
    """The code under test: an administrator brings a member account in."""
    admin.create_members(AccountDetails=[{"AccountId": MEMBER, "Email": "member@example.com"}])
    admin.invite_members(AccountIds=[MEMBER])
    invitation = member.list_invitations()["Invitations"][0]
    member.accept_administrator_invitation(AdministratorId=ADMIN,
                                           InvitationId=invitation["InvitationId"])


def test_invite_and_accept(securityhub_mock):
    admin, member = securityhub_mock.client(ADMIN), securityhub_mock.client(MEMBER)
    admin.enable_security_hub()
    member.enable_security_hub()
    invite_and_accept(admin, member)
    assert admin.get_members(AccountIds=[MEMBER])["Members"][0]["MemberStatus"] == "Enabled"
    assert [(c["operation"], c["account"], c["status"]) for c in securityhub_mock.log] == [
        ("EnableSecurityHub", ADMIN, 200), ("EnableSecurityHub", MEMBER, 200),
        ("CreateMembers", ADMIN, 200), ("InviteMembers", ADMIN, 200),
        ("ListInvitations", MEMBER, 200), ("AcceptAdministratorInvitation", MEMBER, 200),
        ("GetMembers", ADMIN, 200)]


def test_each_test_starts_empty(securityhub_mock):
    # Whatever ran before on this server (test_invite_and_accept, without xdist) is gone.
    assert securityhub_mock.state() == {"accessKeys": {}, "hubs": [], "members": []}
    assert securityhub_mock.log == []
    with pytest.raises(ClientError) as e:
        securityhub_mock.client(ADMIN).list_members()
    assert e.value.response["Error"]["Code"] == "BadRequestException"  # no hub: AWS's answer
    assert [(c["operation"], c["error"]) for c in securityhub_mock.log] == [
        ("ListMembers", "BadRequestException")]


@pytest.mark.securityhub_fixtures("walkthrough-mid-flow")
def test_marker_loads_a_shipped_fixture(securityhub_mock):
    with open(fixture_path("walkthrough-mid-flow")) as f:
        assert securityhub_mock.state() == json.load(f)
    members = securityhub_mock.client(ADMIN).list_members(OnlyAssociated=False)["Members"]
    assert sorted((m["AccountId"], m["MemberStatus"]) for m in members) == [  # Deleted: not listed
        ("222222222222", "Enabled"), ("333333333333", "Invited"), ("444444444444", "Created"),
        ("555555555555", "Removed"), ("666666666666", "Resigned"), ("888888888888", "Invited")]


@pytest.mark.securityhub_fixtures("walkthrough-start")
class TestFromTheWalkthroughStart:
    def test_class_marker(self, securityhub_mock):
        hubs = securityhub_mock.state()["hubs"]
        assert [h["accountId"] for h in hubs] == [ADMIN, MEMBER]

    @pytest.mark.securityhub_fixtures({"members": [{
        "region": "us-east-1", "administratorId": ADMIN, "accountId": MEMBER,
        "memberStatus": "Created", "updatedAt": "2026-11-02T10:00:00.000Z"}]})
    def test_class_then_own_marker(self, securityhub_mock):
        members = securityhub_mock.client(ADMIN).list_members(OnlyAssociated=False)["Members"]
        assert [(m["AccountId"], m["MemberStatus"]) for m in members] == [(MEMBER, "Created")]


def test_load_refused_changes_nothing(securityhub_mock):
    securityhub_mock.load("walkthrough-start")
    before = securityhub_mock.state()
    with pytest.raises(FixtureError, match=r"/hubs/0/accountId: '1' is not a 12-digit account ID"):
        securityhub_mock.load({"hubs": [{"accountId": "1", "region": "us-east-1"}]})
    assert securityhub_mock.state() == before


def test_faults(securityhub_mock):
    admin = securityhub_mock.client(ADMIN)
    admin.enable_security_hub()
    rule = securityhub_mock.faults.arm("ListMembers", account=ADMIN, count=1, error={
        "status": 429, "code": "LimitExceededException", "message": "Rate exceeded"})
    assert rule["remaining"] == 1
    with pytest.raises(ClientError) as e:
        admin.list_members()
    assert e.value.response["Error"]["Code"] == "LimitExceededException"
    assert admin.list_members()["Members"] == []
    assert [(r["matched"], r["applied"]) for r in securityhub_mock.faults.list()] == [(2, 1)]
    securityhub_mock.faults.clear()
    assert securityhub_mock.faults.list() == []
    assert [c["status"] for c in securityhub_mock.log] == [200, 429, 200]
