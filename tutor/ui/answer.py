"""The answer panel: an exercise's questions (its ``answer`` goals), answered with the keyboard.

One :class:`AnswerPanel` holds every question of the exercise. A question with
``choices`` is a :class:`ChoiceList` (↑/↓ or a digit moves, Space marks a choice of a
``multiple`` question, Enter answers); one without is a text field (Enter answers). The
panel posts :class:`AnswerPanel.Answered` (the goal id and the answer: a string, or a
list for ``multiple``); the lab checks it (``LabScreen.submit_answer``). Messages up,
attributes down: the lab tells the panel how each answer fared (:meth:`show_results`).

The panel scrolls (two questions with their choices rarely fit a short terminal): the
question with the focus is scrolled into view, an answer moves the focus on to the next
question not answered yet, and the border says which question of how many has the focus.

The question is lesson text (translated like every lesson text), the choices are shown
as written (Pod names, addresses), the rest follows F2 (:meth:`retranslate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tutor.i18n import N_, _
from tutor.ui.widgets import OrderedInput

if TYPE_CHECKING:
    from tutor.lessons.goals import Answer, AnswerGoal, ExerciseResult


class ChoiceList(OptionList):
    """The choices of one question. ↑/↓ or a digit only moves to a choice (looking at
    choice 2 never answers: a prediction is given once). ``multiple``: Space (or a
    click) marks a choice, Enter answers with the marked ones; otherwise Enter (or a
    click) answers with the highlighted choice."""

    BINDINGS = [
        Binding("space", "mark", N_("mark"), show=False),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    class Submitted(Message):
        """The learner answered: ``value`` is one choice, or a list of them."""

        def __init__(self, choices: ChoiceList, value: str | list[str]) -> None:
            super().__init__()
            self.choices = choices
            self.value = value

        @property
        def control(self) -> ChoiceList:
            return self.choices

    def __init__(self, choices: Sequence[str], *, multiple: bool, marked: Sequence[str] = (),
                 translate: bool = False, **kwargs: Any) -> None:
        self.choices = list(choices)
        self.multiple = multiple
        #: the choices are sentences, shown in the current language (the answer stays English)
        self.translate = translate
        self.marked: set[int] = {i for i, c in enumerate(self.choices) if c in marked}
        super().__init__(*[Option(self._prompt(i), id=f"c{i}") for i in range(len(self.choices))], **kwargs)

    def _prompt(self, index: int) -> Content:
        on_ = index in self.marked
        box = ("[x]" if on_ else "[ ]") if self.multiple else ("(•)" if on_ else "( )")
        number = f"{index + 1}. " if index < 9 else "   "
        return Content.assemble((number, "dim"), (box + " ", "bold" if on_ else ""), self.label(index))

    def label(self, index: int) -> str:
        choice = self.choices[index]
        if not self.translate:
            return choice
        from tutor.lessons.text import translate_markdown

        return translate_markdown(choice)

    def retranslate(self) -> None:
        if self.translate:
            for index in range(len(self.choices)):
                self._redraw(index)

    def _redraw(self, index: int) -> None:
        self.replace_option_prompt_at_index(index, self._prompt(index))

    def set_marked(self, values: Sequence[str]) -> None:
        """Show ``values`` as the marked choices (an answer restored or answered)."""
        before = set(self.marked)
        self.marked = {i for i, c in enumerate(self.choices) if c in values}
        for i in before ^ self.marked:
            self._redraw(i)

    def action_mark(self) -> None:
        index = self.highlighted
        if index is None:
            return
        if not self.multiple:
            self.action_select()
            return
        self.marked ^= {index}
        self._redraw(index)

    def action_pick(self, index: int) -> None:
        """A digit: move to that choice (Enter answers, Space marks)."""
        if 0 <= index < len(self.choices):
            self.highlighted = index

    def action_select(self) -> None:
        """Enter: answer."""
        if self.multiple:
            self.post_message(self.Submitted(self, [self.choices[i] for i in sorted(self.marked)]))
            return
        index = self.highlighted
        if index is None:
            return
        self.set_marked([self.choices[index]])
        self.post_message(self.Submitted(self, self.choices[index]))

    async def _on_click(self, event: Any) -> None:
        clicked = event.style.meta.get("option")
        if clicked is None:
            return
        self.highlighted = clicked
        if self.multiple:
            self.action_mark()
        else:
            self.action_select()


class AnswerPanel(Vertical):
    """Every question of an exercise, with its answer field and how the answer fared."""

    class Answered(Message):
        """The learner answered question ``goal_id`` (``answer``: a string, a list for
        ``multiple``, or None when a typed answer was emptied)."""

        def __init__(self, goal_id: str, answer: Answer | None) -> None:
            super().__init__()
            self.goal_id = goal_id
            self.answer = answer

    def __init__(self, questions: Sequence[AnswerGoal], answers: dict[str, Answer] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.questions = list(questions)
        self.answers: dict[str, Answer] = dict(answers or {})
        #: goal id -> passed (None: not checked yet)
        self.results: dict[str, bool | None] = {}
        #: the question whose field has the focus (None: the focus is elsewhere)
        self.current: int | None = None

    def compose(self) -> ComposeResult:
        for n, question in enumerate(self.questions):
            yield Static(id=f"question-{n}", classes="question")
            given = self.answers.get(question.id)
            if question.choices is not None:
                marked = [given] if isinstance(given, str) else list(given or [])
                yield ChoiceList(question.choices, multiple=question.multiple, marked=marked, id=f"answer-{n}",
                                 classes="choices", translate=question.translate)
            else:
                yield OrderedInput(value=given if isinstance(given, str) else "", id=f"answer-{n}", classes="typed")
            yield Static(id=f"state-{n}", classes="answer-state", markup=False)

    def on_mount(self) -> None:
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        from tutor.lessons.text import translate_markdown

        self.border_title = _("Your answer") if len(self.questions) == 1 else _("Your answers")
        for n, question in enumerate(self.questions):
            self.query_one(f"#question-{n}", Static).update(Content.styled(translate_markdown(question.question),
                                                                           "bold"))
            field = self.query_one(f"#answer-{n}")
            if isinstance(field, Input):
                field.placeholder = _("Type your answer, then Enter")
            elif isinstance(field, ChoiceList):
                field.retranslate()
            field.tooltip = self._keys_text(question)
        self._render_states()
        self._render_position()

    def _render_position(self) -> None:
        """Which question of how many (on the border): a second question may be below
        the panel's edge."""
        total = len(self.questions)
        if total < 2:
            self.border_subtitle = ""
        elif self.current is None:
            self.border_subtitle = _("{total} questions").format(total=total)
        else:
            self.border_subtitle = _("question {n} of {total}").format(n=self.current + 1, total=total)

    @staticmethod
    def _keys_text(question: AnswerGoal) -> str:
        if question.choices is None:
            return _("Type your answer, then press Enter.")
        if question.multiple:
            return _("↑↓ or a digit moves, Space marks every right choice, Enter answers.")
        return _("↑↓ or a digit moves to a choice, Enter answers with it.")

    def _render_states(self) -> None:
        for n, question in enumerate(self.questions):
            given = self.answers.get(question.id)
            passed = self.results.get(question.id)
            if given is None or given == [] or given == "":
                line = _("Not answered yet.") + " " + self._keys_text(question)
            else:
                values = [given] if isinstance(given, str) else [str(v) for v in given]
                shown = ", ".join(str(question.shown(v)) for v in values)
                line = _("Your answer: {answer}").format(answer=shown or "-")
                if passed is True:
                    line = "✓ " + line + " · " + _("right")
                elif passed is False:
                    line = "✗ " + line + " · " + _("not right yet")
            state = self.query_one(f"#state-{n}", Static)
            state.update(line)
            state.set_class(passed is True, "-right")
            state.set_class(passed is False, "-wrong")

    # ------------------------------------------------------------------ state (attributes down)
    @property
    def all_answered(self) -> bool:
        return all(self.answers.get(q.id) not in (None, "", []) for q in self.questions)

    def show_results(self, result: ExerciseResult | None) -> None:
        """Mark each answer right or not from the lab's latest check."""
        results: dict[str, bool | None] = {}
        if result is not None:
            for goal in result.goals:
                goal_id = getattr(goal.goal, "id", None)
                if goal.goal is not None and goal.goal.kind == "answer" and isinstance(goal_id, str):
                    results[goal_id] = goal.passed if self.answers.get(goal_id) not in (None, "", []) else None
        if results != self.results:
            self.results = results
            self._render_states()

    def set_answers(self, answers: dict[str, Answer]) -> None:
        """Show these answers (the solution's, or answers restored)."""
        self.answers.update(answers)
        for n, question in enumerate(self.questions):
            given = self.answers.get(question.id)
            field = self.query_one(f"#answer-{n}")
            if isinstance(field, ChoiceList):
                field.set_marked([given] if isinstance(given, str) else list(given or []))
            elif isinstance(field, Input) and isinstance(given, str):
                field.value = given
        self._render_states()

    def clear(self) -> None:
        """Forget every answer (the exercise starts over)."""
        self.answers.clear()
        self.results.clear()
        for n, _question in enumerate(self.questions):
            field = self.query_one(f"#answer-{n}")
            if isinstance(field, ChoiceList):
                field.set_marked([])
            elif isinstance(field, Input):
                field.value = ""
        self._render_states()

    def focus_first(self) -> None:
        """Focus the first question not answered yet (else the first)."""
        for n, question in enumerate(self.questions):
            if self.answers.get(question.id) in (None, "", []):
                self.query_one(f"#answer-{n}").focus()
                return
        if self.questions:
            self.query_one("#answer-0").focus()

    def _focus_next_unanswered(self, after: int) -> None:
        """An answer was given to question ``after``: on to the next one not answered yet
        (the focus stays when every question is answered)."""
        total = len(self.questions)
        for step in range(1, total):
            n = (after + step) % total
            if self.answers.get(self.questions[n].id) in (None, "", []):
                self.query_one(f"#answer-{n}").focus()
                return

    # ------------------------------------------------------------------ focus and scrolling
    def _index_of(self, widget: Any) -> int | None:
        widget_id = getattr(widget, "id", None) or ""
        if widget_id.startswith("answer-") and widget.parent is self:
            return int(widget_id[7:])
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        index = self._index_of(event.widget)
        if index is not None:
            self.current = index
            self._render_position()
            self.call_after_refresh(self._reveal, index)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self._index_of(event.widget) == self.current:
            self.current = None
            self._render_position()

    def _reveal(self, index: int) -> None:
        """Scroll question ``index`` into view: its text, its field and its state line
        (as much of it as fits, from the top)."""
        if not self.is_mounted or index >= len(self.questions):
            return
        top = self.query_one(f"#question-{index}").virtual_region_with_margin
        bottom = self.query_one(f"#state-{index}").virtual_region_with_margin
        self.scroll_to_region(top.union(bottom), animate=False, immediate=True)

    # ------------------------------------------------------------------ answering (messages up)
    def _question_of(self, widget_id: str | None) -> AnswerGoal | None:
        if not widget_id or not widget_id.startswith("answer-"):
            return None
        index = int(widget_id[7:])
        return self.questions[index] if 0 <= index < len(self.questions) else None

    @on(ChoiceList.Submitted)
    def _chosen(self, event: ChoiceList.Submitted) -> None:
        event.stop()
        question = self._question_of(event.choices.id)
        if question is not None:
            self._answer(question, event.value)
            self._focus_next_unanswered(self.questions.index(question))

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        question = self._question_of(event.input.id)
        if question is not None:
            self._answer(question, event.value.strip() or None)
            self._focus_next_unanswered(self.questions.index(question))

    def _answer(self, question: AnswerGoal, value: Answer | None) -> None:
        if value is None or value == []:
            self.answers.pop(question.id, None)
        else:
            self.answers[question.id] = value
        self.results.pop(question.id, None)
        self._render_states()
        self.post_message(self.Answered(question.id, value if value != [] else None))
