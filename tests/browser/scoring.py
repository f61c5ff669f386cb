"""Scoring in the self-assessment grid the way a member does: click the first score cell, type the
scores at a human pace with Enter between them (the grid moves down a row), save once."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from lib.quality.scoring_grid import SCORE
from lib.ui.self_assessment.individual import GRID_HEAD_PX, GRID_ROW_PX, GRID_WIDTHS
from tests.browser.harness import grid_text, wait_idle

SCORE_COLUMN = list(GRID_WIDTHS).index(SCORE)
WIDTHS = list(GRID_WIDTHS.values())  # the grid stretches the columns alike
SCORE_AT = (sum(WIDTHS[:SCORE_COLUMN]) + WIDTHS[SCORE_COLUMN] / 2) / sum(WIDTHS)  # the middle of the score column
KEY_DELAY_MS = 120  # a person types ~8 keys a second; the grid opens its cell editor on the first key


def open_scoring(browser, url: str, service_id: int, viewport: tuple[int, int]):
    """A member's browser on the self-assessment page's individual-scoring tab (one user action:
    the tab click)."""
    page = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{url}/self_assessment?svc={service_id}")
    wait_idle(page)
    page.get_by_role("tab", name="Individuālā vērtēšana", exact=True).click()
    wait_idle(page)
    return page


def grid(page):
    return page.get_by_role("tabpanel").get_by_test_id("stDataFrame").first


def type_scores(page, scores: list[int | str]) -> int:
    """A click on the first score cell, then one typed run of scores; returns the user actions it
    took (a grid that already had a selection, e.g. after a refused save, may need a second click,
    as a person would give it when the first did not move the selection)."""
    page.bring_to_front()  # a background tab's animation frames are throttled: the grid's editor waits on them
    box = grid(page)
    box.scroll_into_view_if_needed()
    frame = box.bounding_box()
    selected = box.locator("td[aria-selected='true']")
    first = f"glide-cell-{SCORE_COLUMN}-0"
    for clicks in (1, 2):
        page.mouse.click(frame["x"] + frame["width"] * SCORE_AT, frame["y"] + GRID_HEAD_PX + GRID_ROW_PX / 2)
        try:  # as a person looks before typing: the first score cell is selected
            expect(selected).to_have_attribute("id", first, timeout=2_000)
            break
        except AssertionError:
            if clicks == 2:
                raise
    page.keyboard.type("".join(f"{s}\n" for s in scores), delay=KEY_DELAY_MS)
    # as a person sees the last score in its cell before reaching for Save: the grid commits an edit in
    # an animation frame after Enter, and a click in the same instant saved the criterion without it
    expect(box.locator(f"td#glide-cell-{SCORE_COLUMN}-{len(scores) - 1}")).to_have_text(str(scores[-1]))
    return clicks + 1


def save(page, label: str = "Saglabāt") -> None:
    page.get_by_role("tabpanel").get_by_role("button", name=label, exact=True).click()
    wait_idle(page)


def grid_cells(page, until: Callable[[list[list[str]]], bool] = lambda rows: True) -> list[list[str]]:
    """The scoring grid's cells as text (header row first), read again until `until` holds."""
    return grid_text(grid(page), until)
