"""The progress panel for a notebook: the same table as `hooklab labs progress`, with buttons."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from hooklab.labs import progress as store
from hooklab.labs.board import STATE_WORDS, board_frame, progress_frame
from hooklab.lang import Catalogue, current_lang, say

TEXT: Catalogue = {
    "refresh": {"ko": "새로 고침", "en": "Refresh"},
    "export": {"ko": "진행 상황 내보내기", "en": "Export progress"},
    "refreshed": {"ko": "새로 고침 {n}회", "en": "refreshed {n}×"},
    "exported": {
        "ko": "내보냈습니다: {name} (강사에게 전달하세요)",
        "en": "Exported: {name} (hand it to your trainer)",
    },
    "title": {"ko": "hooklab 실습 진행 상황", "en": "hooklab lab progress"},
    "board": {"ko": "강사 보드", "en": "Trainer's board"},
}

_COLOUR = {"done": "#d9f2d9", "in progress": "#fff5cc", "stuck": "#f8d7da", "bad flag": "#f8d7da"}


def _table_html(frame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = str(row[col])
            style = f' style="background:{_COLOUR[value]}"' if value in _COLOUR else ""
            if value in STATE_WORDS:
                value = say(STATE_WORDS, value)
            cells.append(f"<td{style}>{html.escape(value)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="hooklab-progress"><tr>{head}</tr>{"".join(rows)}</table>'


def progress_panel() -> widgets.VBox:
    """This learner's labs, a refresh button and an export button."""
    lang = current_lang()
    table = widgets.HTML()
    status = widgets.HTML()
    refresh = widgets.Button(description=say(TEXT, "refresh", lang), icon="refresh")
    export = widgets.Button(description=say(TEXT, "export", lang), icon="download")
    refreshed = [0]

    def show(_: object = None) -> None:
        refreshed[0] += 1
        table.value = _table_html(progress_frame())
        times = say(TEXT, "refreshed", lang, n=refreshed[0])
        status.value = f"<small>{html.escape(store.learner_name())} · {times}</small>"

    def do_export(_: object) -> None:
        path = store.export()
        status.value = f"<small>{say(TEXT, 'exported', lang, name=html.escape(path.name))}</small>"

    refresh.on_click(show)
    export.on_click(do_export)
    show()
    title = widgets.HTML(f"<b>{say(TEXT, 'title', lang)}</b>")
    panel = widgets.VBox([title, table, widgets.HBox([refresh, export]), status])
    panel.add_class("hooklab-progress-panel")
    return panel


def board_panel(folder: Path | str) -> widgets.VBox:
    """The trainer's view of a folder of exported progress files, with a refresh button."""
    lang = current_lang()
    table = widgets.HTML()
    refresh = widgets.Button(description=say(TEXT, "refresh", lang), icon="refresh")

    def show(_: object = None) -> None:
        table.value = _table_html(board_frame(Path(folder)))

    refresh.on_click(show)
    show()
    return widgets.VBox([widgets.HTML(f"<b>{say(TEXT, 'board', lang)}</b>"), table, refresh])
