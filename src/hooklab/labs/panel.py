"""The progress panel for a notebook: the same table as `hooklab labs progress`, with buttons."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from hooklab.labs import progress as store
from hooklab.labs.board import STATE_KO, board_frame, progress_frame

_COLOUR = {"done": "#d9f2d9", "in progress": "#fff5cc", "stuck": "#f8d7da", "bad flag": "#f8d7da"}


def _table_html(frame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = str(row[col])
            style = f' style="background:{_COLOUR[value]}"' if value in _COLOUR else ""
            cells.append(f"<td{style}>{html.escape(STATE_KO.get(value, value))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="hooklab-progress"><tr>{head}</tr>{"".join(rows)}</table>'


def progress_panel() -> widgets.VBox:
    """This learner's labs, a refresh button and an export button."""
    table = widgets.HTML()
    status = widgets.HTML()
    refresh = widgets.Button(description="새로 고침", icon="refresh")
    export = widgets.Button(description="진행 상황 내보내기", icon="download")
    refreshed = [0]

    def show(_: object = None) -> None:
        refreshed[0] += 1
        table.value = _table_html(progress_frame())
        status.value = f"<small>{store.learner_name()} · 새로 고침 {refreshed[0]}회</small>"

    def do_export(_: object) -> None:
        path = store.export()
        status.value = (
            f"<small>내보냈습니다: {html.escape(path.name)} (강사에게 전달하세요)</small>"
        )

    refresh.on_click(show)
    export.on_click(do_export)
    show()
    title = widgets.HTML("<b>hooklab 실습 진행 상황</b>")
    panel = widgets.VBox([title, table, widgets.HBox([refresh, export]), status])
    panel.add_class("hooklab-progress-panel")
    return panel


def board_panel(folder: Path | str) -> widgets.VBox:
    """The trainer's view of a folder of exported progress files, with a refresh button."""
    table = widgets.HTML()
    refresh = widgets.Button(description="새로 고침", icon="refresh")

    def show(_: object = None) -> None:
        table.value = _table_html(board_frame(Path(folder)))

    refresh.on_click(show)
    show()
    return widgets.VBox([widgets.HTML("<b>강사 보드</b>"), table, refresh])
