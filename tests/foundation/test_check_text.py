"""`ktutor check` text output explains the unselected Pods and aligns status words by cell."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

from tutor import check, i18n
from tutor.i18n import cell_width

MANIFEST = """\
apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  selector: {app: MyApp}
  ports: [{port: 80, targetPort: 9376}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: MyApp}}
spec: {containers: [{name: app, image: nginx, ports: [{containerPort: 9376}]}]}
"""


def _run(tmp_path, text: str) -> str:
    path = tmp_path / "svc.yaml"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    code = check.run(SimpleNamespace(paths=[str(path)], pods=[], format="text"), stdout=out, stderr=io.StringIO())
    assert code == 0
    return out.getvalue()


def test_unselected_pods_are_explained_and_capped(tmp_path):
    pods = "".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: db-{i}, labels: {{app: db}}}}\n"
        f"spec: {{containers: [{{name: db, image: pg}}]}}\n" for i in range(8)
    )
    text = _run(tmp_path, MANIFEST + pods)
    lines = [line.strip() for line in text.splitlines()]
    assert "not selected: db-0 (app: db ≠ MyApp)" in lines
    assert sum(line.startswith("not selected:") for line in lines) == check.UNSELECTED_SHOWN
    assert "… and 3 more Pods not selected" in lines


def test_status_words_align_by_cells_in_korean(tmp_path, korean):
    text = _run(tmp_path, MANIFEST)
    firsts = [line for line in text.splitlines() if line.startswith(("✓", "✗", "-"))]
    # The name after the status word starts at the same terminal column on every line.
    columns = {cell_width(re.split(r" (?:Service|Pod) default/", line)[0]) for line in firsts}
    assert len(columns) == 1, firsts
    assert i18n.get_language() == "ko"


BAD_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {ver: 1}}
spec: {containers: [{name: app, image: nginx}]}
"""


def test_status_words_align_by_cells_with_mixed_results_in_korean(tmp_path, korean):
    path = tmp_path / "svc.yaml"
    path.write_text(MANIFEST + "---\n" + BAD_POD, encoding="utf-8")
    out = io.StringIO()
    check.run(SimpleNamespace(paths=[str(path)], pods=[], format="text"), stdout=out, stderr=io.StringIO())
    firsts = [line for line in out.getvalue().splitlines() if line.startswith(("✓", "✗", "-"))]
    assert any(line.startswith("✓") for line in firsts) and any(line.startswith("✗") for line in firsts)
    columns = {cell_width(re.split(r" (?:Service|Pod) default/", line)[0]) for line in firsts}
    assert len(columns) == 1, firsts
    # type words inside Korean sentences are Korean too
    assert "값은 숫자입니다" in out.getvalue() and "number입니다" not in out.getvalue()


def test_pods_file_problems_are_translated(tmp_path, korean):
    pods = tmp_path / "pods.yaml"
    pods.write_text(BAD_POD, encoding="utf-8")
    svc = tmp_path / "svc.yaml"
    svc.write_text(MANIFEST.split("---")[0], encoding="utf-8")
    err = io.StringIO()
    code = check.run(SimpleNamespace(paths=[str(svc)], pods=[str(pods)], format="text"), stdout=io.StringIO(),
                     stderr=err)
    assert code == 2
    line = err.getvalue().strip()
    assert line.startswith("ktutor check: --pods: ")
    assert "metadata.labels.ver: 레이블 값은 문자열이어야 하는데 ver의 값은 숫자입니다" in line, line
    i18n.set_language("en")
    err = io.StringIO()
    check.run(SimpleNamespace(paths=[str(svc)], pods=[str(pods)], format="text"), stdout=io.StringIO(), stderr=err)
    assert "label values must be strings, but ver is a number" in err.getvalue()
