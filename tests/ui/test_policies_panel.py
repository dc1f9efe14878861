"""Pilot tests of the lab's Policies panel: it appears for NetworkPolicies, the matrix
follows the text as it is typed, cells the last edit changed are marked with a symbol,
the port can be chosen, the cell under the cursor says why, and it reads Korean."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from ktui_helpers import settle, widget_text
from tutor import i18n
from tutor.ui.app import KTutorApp, LabFiles, load_all_lessons
from tutor.ui.lab import LabScreen
from tutor.ui.policies import ConnectivityMatrix, PoliciesPanel, PortChoice

LESSONS = Path(__file__).parent / "lessons"
SIZE = (120, 40)

PODS = """\
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  nodeName: node-a
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, labels: {app: web}}
spec:
  nodeName: node-b
  containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: node-b
  containers: [{name: c, image: curl}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, labels: {app: db}}
spec:
  nodeName: node-a
  containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]
"""

POLICY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-client
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: client
      ports:
        - port: 8080
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
"""


def make_app(text: str, pods: str = PODS) -> KTutorApp:
    files = LabFiles(text=text, pods_text=pods, service_path=None, pods_paths=["pods.yaml"])
    return KTutorApp(load_all_lessons(LESSONS), lab=files)


def matrix_rows(lab: LabScreen) -> list[str]:
    """The matrix as drawn: the header, then one line per Pod."""
    matrix = lab.query_one(ConnectivityMatrix)
    return [line for line in widget_text(matrix).splitlines() if line.strip()]


def cells(lab: LabScreen) -> dict[str, str]:
    """``{row name: the row's cells}`` (``✓``/``✗``, a ``*`` after a changed cell)."""
    out = {}
    for line in matrix_rows(lab)[1:]:
        _n, name, rest = line.split(None, 2)
        out[name] = rest.replace(" ", "")
    return out


async def counted(pilot, lab: LabScreen) -> None:
    """Wait until the worker has counted the whole matrix and the panel shows it."""
    panel = lab.query_one(PoliciesPanel)
    for _ in range(500):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if panel._counts is not None:
            return
    raise AssertionError("the matrix was never counted")


def text_of(lab: LabScreen, selector: str) -> str:
    """A Static's text, its wrapped lines joined again."""
    return " ".join(line.strip() for line in widget_text(lab.query_one(selector, Static)).splitlines())


async def replace_line(pilot, lab: LabScreen, row: int, text: str) -> None:
    line = lab.editor.document.get_line(row)
    lab.editor.move_cursor((row, len(line)))
    lab.editor.replace(text, (row, 0), (row, len(line)))
    await settle(pilot)


async def test_the_panel_appears_for_policies_only():
    app = make_app(SERVICE)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert isinstance(lab, LabScreen)
        panel = lab.query_one(PoliciesPanel)
        assert not panel.display and not lab.check_action("policy_port", ())
        lab.editor.move_cursor(lab.editor.document.end)
        lab.editor.insert("---\n" + POLICY)
        await settle(pilot)
        assert panel.display and lab.check_action("policy_port", ())
        assert lab.query_one("#pods-panel").display  # a Service too: both panels
        summary = text_of(lab, "#policies-summary")
        assert "default/web-from-client" in summary
        assert "Isolated for ingress (2): web-1, web-2" in summary
        assert "admits: client [app=client]" in summary
        assert "db: default/db does not match podSelector app=client" in summary


async def test_the_matrix_follows_typing_and_marks_what_changed():
    app = make_app(POLICY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        assert lab.has_class("-policies")  # no Service: the Pods panel makes room
        assert matrix_rows(lab)[0].split()[-4:] == ["1", "2", "3", "4"]
        assert cells(lab) == {"web-1": "✓✗✓✓", "web-2": "✗✓✓✓", "client": "✓✓✓✓", "db": "✗✗✓✓"}
        await counted(pilot, lab)
        assert "8080/TCP: 4 of 12 connections denied" in text_of(lab, "#policy-counts")
        # admit the database instead of the client: those two rows change, and only those cells are marked
        await replace_line(pilot, lab, 12, "              app: db")
        assert cells(lab) == {"web-1": "✓✗✓✓", "web-2": "✗✓✓✓", "client": "✗*✗*✓✓", "db": "✓*✓*✓✓"}
        await counted(pilot, lab)
        counts = text_of(lab, "#policy-counts")
        assert "4 of 12 connections denied (✗)" in counts and "4 changed by your last edit (*)" in counts
        # an edit that changes nothing in the matrix (a comment) keeps the marks
        lab.editor.move_cursor((0, 0))
        lab.editor.insert("# allow the database\n")
        await settle(pilot)
        assert cells(lab)["db"] == "✓*✓*✓✓"
        # the next edit that changes the matrix marks only what it changed
        await replace_line(pilot, lab, 13, "              app: client")  # (one line lower now)
        assert cells(lab)["db"] == "✗*✗*✓✓" and cells(lab)["client"] == "✓*✓*✓✓"
        # a broken text keeps the panel (its policies are simply not applied)
        await replace_line(pilot, lab, 2, "kind: [")
        assert lab.query_one(PoliciesPanel).display
        assert "not valid YAML yet" in text_of(lab, "#policies-summary")
        assert cells(lab)["db"] == "✓*✓*✓✓"


async def test_choosing_the_port():
    app = make_app(POLICY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        choice = lab.query_one(PortChoice)
        assert choice.ports == [(5432, "TCP"), (8080, "TCP")]
        assert choice.port == (8080, "TCP")  # the policy's own port first
        assert "8080/TCP" in widget_text(choice)
        await pilot.press("f8")
        await pilot.pause()
        assert choice.port == (5432, "TCP")
        # on 5432 the rule admits nobody: web is isolated, so even the client is denied
        assert cells(lab)["client"] == "✗✗✓✓"
        await counted(pilot, lab)
        assert "5432/TCP: 6 of 12 connections denied" in text_of(lab, "#policy-counts")
        choice.focus()
        await pilot.press("right")
        assert choice.port == (8080, "TCP") and cells(lab)["client"] == "✓✓✓✓"
        # typing keeps the chosen port
        await pilot.press("f8")
        lab.editor.focus()
        lab.editor.move_cursor((0, 0))
        lab.editor.insert("# x\n")
        await settle(pilot)
        assert choice.port == (5432, "TCP")


async def test_the_cell_under_the_cursor_says_why():
    app = make_app(POLICY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        matrix = lab.query_one(ConnectivityMatrix)
        assert not lab.query_one("#policy-cell").display
        assert "Tab to the matrix" in str(matrix.tooltip)
        matrix.focus()
        await pilot.pause()
        assert matrix.cursor == (0, 1)
        cell = text_of(lab, "#policy-cell")
        assert cell.startswith("✗ web-1 → web-2: denied by ingress: default/web-2 is isolated for ingress")
        await pilot.press("down", "down", "left")
        await pilot.pause()
        assert matrix.cursor == (2, 0)
        assert text_of(lab, "#policy-cell").startswith("✓ client → web-1: allowed")
        assert "default/web-from-client rule 1" in text_of(lab, "#policy-cell")


async def test_korean():
    app = make_app(POLICY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        await pilot.press("f2")
        await settle(pilot)
        await counted(pilot, lab)
        assert i18n.get_language() == "ko"
        assert lab.query_one(PoliciesPanel).border_title == "네트워크 정책"
        summary = text_of(lab, "#policies-summary")
        assert "인그레스" in summary and "격리" in summary
        assert "거부" in text_of(lab, "#policy-counts")
        assert "포트" in widget_text(lab.query_one(PortChoice))
        assert "→" in matrix_rows(lab)[0]


async def test_many_pods_the_cells_on_screen_then_the_counts():
    """300 Pods in six classes: the window on screen is drawn at once, the counts of the
    whole matrix come from the worker, equal to the engine's full matrix."""
    pods = []
    for i in range(300):
        app_label = ["web", "client", "db"][i % 3]
        pods.append(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: {app_label}, "
                    f"shard: s{i % 2}}}}}\nspec:\n  containers: [{{name: c, image: x, ports: "
                    f"[{{containerPort: 8080}}]}}]\n")
    app = make_app(POLICY, "---\n".join(pods))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lab = app.screen
        matrix = lab.query_one(ConnectivityMatrix)
        assert len(matrix.pods) == 300
        assert len(matrix_rows(lab)) < 300  # only the window is drawn
        await counted(pilot, lab)
        view = lab.query_one(PoliciesPanel).view
        full = view.network.matrix(8080)
        denied = sum(1 for row in full.allowed for ok in row if not ok)
        assert f"{denied:,} of {300 * 299:,} connections denied" in text_of(lab, "#policy-counts")
        matrix.focus()
        await pilot.press("end")
        await pilot.pause()
        assert matrix.cursor == (299, 299)
        assert matrix_rows(lab)[-1].lstrip().startswith("300 p299")
