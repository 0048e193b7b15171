"""createteacher: makes a staff user in the Teachers group, with clear errors."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


def create(*args, **kwargs) -> str:
    out = StringIO()
    call_command("createteacher", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_a_staff_teacher_from_the_option():
    assert "Teacher 'sato' created" in create(
        "sato", "--email", "sato@example.org", "--password", "kanade-sensei-2024!"
    )
    user = User.objects.get(username="sato")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Teachers"]
    assert user.check_password("kanade-sensei-2024!")
    assert user.has_perm("courses.change_lesson") and not user.has_perm("auth.view_user")


@pytest.mark.django_db
def test_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("KANADE_TEACHER_PASSWORD", "from-the-environment-77")
    create("suzuki")
    assert User.objects.get(username="suzuki").check_password("from-the-environment-77")


@pytest.mark.django_db
def test_without_password_or_terminal_it_explains(monkeypatch):
    monkeypatch.delenv("KANADE_TEACHER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="No password given"):
        create("tanaka")
    assert not User.objects.filter(username="tanaka").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weak", "--password", "123"], "Password rejected"),
        (
            ["bademail", "--email", "not-an-email", "--password", "kanade-sensei-2024!"],
            "not a valid e-mail",
        ),
    ],
)
def test_bad_input_is_refused(args, message):
    with pytest.raises(CommandError, match=message):
        create(*args)
    assert not User.objects.filter(username=args[0]).exists()


@pytest.mark.django_db
def test_existing_username_is_refused(teacher):
    with pytest.raises(CommandError, match="already exists"):
        create("teacher", "--password", "kanade-sensei-2024!")
