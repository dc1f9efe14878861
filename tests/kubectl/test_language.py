"""kubectl's output stays English; the console's help and explanations follow the language."""

from __future__ import annotations

from kubectl_helpers import run
from tutor import i18n


def test_output_english_explanation_korean(shop, korean):
    result = shop.run("kubectl get pods")
    assert result.stdout.startswith("NAME     READY   STATUS")
    assert "준비된 컨테이너" in str(result.explanation)


def test_explanation_follows_a_language_switch(shop):
    result = shop.run("kubectl exec client -- wget -qO- http://nope")
    english = str(result.explanation)
    assert "no Service nope" in english
    i18n.set_language("ko")
    try:
        assert str(result.explanation) != english and "[EN]" not in str(result.explanation)
    finally:
        i18n.set_language("en")


def test_help_in_korean(shop, korean):
    out, _err, code = run(shop, "help")
    assert code == 0
    assert "kubectl get pods|svc" in out and "오브젝트 목록을 봅니다" in out
    assert "[EN]" not in out


def test_errors_stay_english(shop, korean):
    assert run(shop, "kubectl get foo")[1] == 'error: the server doesn\'t have a resource type "foo"\n'
