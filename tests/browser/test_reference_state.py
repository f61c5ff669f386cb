"""The reference editor in Chromium keeps its state: after a page switch and back, workshop mode on
and off, and a browser reload every slider equals its caption, the lock holds (its box is ticked and
its slider disabled) and the total is unchanged; a burst of key presses moves the slider it was
pressed on; after each move the sliders show what lib's capped move computes."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from lib import domain
from lib.i18n import fmt_pct, t
from lib.workload import reference
from lib.workload import reference_view as view
from tests.browser.harness import wait_idle

HOME_VISITS = "Mājas vizītes"
D = domain.load()
SLOTS = view.slots(D)


def _editor(page, url: str | None = None, tab: str = "Dienesta etalons") -> None:
    if url:
        page.goto(url)
        wait_idle(page)
    page.get_by_role("tab", name=tab, exact=True).click()
    wait_idle(page)
    expect(page.get_by_test_id("refSliderRow")).to_have_count(len(SLOTS))  # the sliders draw after the run


def _pairs(page) -> list[tuple[str, str]]:
    """Each slider's value (what the browser shows, at once on a key press) against its caption (what
    the server stored)."""
    main = page.get_by_test_id("stMain")
    thumbs = [x.strip().replace(".", ",").replace(" ", "\u00a0")
              for x in main.get_by_test_id("refSliderValue").all_inner_texts()]
    captions = [c.split(" · ")[0].replace(".", ",").replace(" ", "\u00a0")
                for c in main.get_by_test_id("refSliderCaption").all_inner_texts()]
    return list(zip(thumbs, captions, strict=True))


def _settled(page) -> None:
    """The run is over and the server has answered every press: every slider shows its caption's
    value (a slider that stays off its caption fails here after 5 s)."""
    wait_idle(page)
    deadline = time.monotonic() + 5
    while any(a != b for a, b in _pairs(page)) and time.monotonic() < deadline:
        time.sleep(0.1)
        wait_idle(page)


def _press(page, name: str, key: str, times: int = 1, gap_ms: int = 0) -> None:
    page.get_by_role("slider", name=name).focus()
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(gap_ms)
    _settled(page)


def _state(page) -> dict:
    """Each slider's shown value against its caption, the locks, and the total."""
    _settled(page)
    main = page.get_by_test_id("stMain")
    pairs = _pairs(page)
    assert len(pairs) == 15 and all(a == b for a, b in pairs), pairs
    thumbs = [a for a, _ in pairs]
    boxes = main.get_by_role("checkbox", name="slēgt")
    locked = [i for i in range(boxes.count()) if boxes.nth(i).is_checked()]
    total = main.get_by_test_id("stMetric").filter(has_text="Kopā").first.inner_text()
    return {"thumbs": thumbs, "locked": locked, "total": total}


def test_page_switch_workshop_toggle_and_reload_keep_the_editor(service_server, page, shots):
    url = f"{service_server.url}/reference"
    _editor(page, url)
    page.get_by_text("samazināt pārējās neslēgtās funkcijas proporcionāli", exact=True).click()
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_role("checkbox", name="slēgt").nth(4).click()  # the 5th function
    _settled(page)
    for _ in range(2):
        _press(page, HOME_VISITS, "ArrowRight")
    before = _state(page)
    assert before["locked"] == [4] and before["thumbs"][2] == "4,0\u00a0%"
    shots("edited")

    page.get_by_test_id("stSidebar").get_by_role("link", name="Sākums").click()
    wait_idle(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name="Slodzes etalons").click()
    wait_idle(page)
    _editor(page)
    assert _state(page) == before  # no slider at 0.0 %, the lock and the total as they were
    assert page.get_by_test_id("stMain").get_by_role("slider").nth(4).is_disabled()

    page.get_by_text("Darbnīcas režīms (projektoram)").click()
    wait_idle(page)
    expect(page.locator(".workshop-total")).to_contain_text(before["total"].split("\n")[-1])
    shots("workshop")
    page.get_by_text("Darbnīcas režīms (projektoram)").click()
    wait_idle(page)
    _editor(page)
    assert _state(page) == before

    page.reload()
    wait_idle(page)
    _editor(page)
    assert _state(page) == before
    shots("after-reload")

    _press(page, HOME_VISITS, "ArrowRight", times=6, gap_ms=100)  # a burst at ~10 presses a second
    after = _state(page)
    assert after["thumbs"][2] == "7,0\u00a0%", after["thumbs"]
    assert after["locked"] == [4] and after["thumbs"][4] == before["thumbs"][4]
    _press(page, HOME_VISITS, "ArrowLeft", times=6)  # as fast as keys go: back to where it was
    back = _state(page)
    assert back["thumbs"][2] == "4,0\u00a0%", back["thumbs"]
    assert back["locked"] == [4] and back["thumbs"][4] == before["thumbs"][4]
    assert page.get_by_test_id("stException").count() == 0


def test_a_language_switch_rewrites_the_slider_numbers_and_moves_nothing(service_server, page, shots):
    """Thumbs read '9,0 %' in Latvian and '9.0 %' in English; switching there and back keeps every
    value, lock and the total (each language has its own sliders: a thumb's browser state is its
    label, which the other language would not recognise)."""
    _editor(page, f"{service_server.url}/reference")
    _press(page, HOME_VISITS, "ArrowLeft", 2)  # 3,0 → 2,0
    before = _state(page)
    assert before["thumbs"][2] == "2,0\u00a0%"
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    wait_idle(page)
    _editor(page, tab="Service reference")
    english = [x.replace("\u00a0", " ").strip() for x in
               page.get_by_test_id("stMain").get_by_test_id("refSliderValue").all_inner_texts()]
    assert english == [x.replace(",", ".").replace("\u00a0", " ") for x in before["thumbs"]]
    shots("english")
    page.get_by_test_id("stSidebar").get_by_text("Latviešu", exact=True).click()
    wait_idle(page)
    _editor(page)
    assert _state(page) == before


def test_after_each_move_the_sliders_show_what_lib_computes(service_server, page):
    """The cap is lib's (reference.move): after each key press, under each rule and with a lock, every
    slider the browser shows and every caption equal lib's move of the values before it."""
    _editor(page, f"{service_server.url}/reference")
    in_page_order = [s for g in D.reference.groups for s in SLOTS if s.group_id == g.id]
    name = {s.id: s.name("lv") for s in SLOTS}
    values, locked = reference.national(SLOTS), frozenset()
    steps = [(reference.PROPORTIONAL, "client_consultation", "End", reference.MAX_PCT),
             (reference.PROPORTIONAL, "home_visits", "ArrowRight", 0.5),
             (reference.REDUCE_FIRST, "case_documentation", "ArrowRight", 0.5),
             (reference.BLOCK, "preparation", "ArrowRight", 0.5),
             (reference.PROPORTIONAL, "client_consultation", "Home", -reference.MAX_PCT),
             (reference.PROPORTIONAL, "other_tasks", "ArrowLeft", -0.5)]
    for n, (rule, slot, key, change) in enumerate(steps):
        page.get_by_text(t(f"reference.rule.{rule}", lang="lv"), exact=True).click()
        wait_idle(page)
        if n == 4:  # lock one function: the next proportional move leaves it alone
            page.get_by_test_id("stMain").get_by_role("checkbox", name=f"slēgt: {name['preparation']}").click()
            locked = frozenset({"preparation"})
        _press(page, name[slot], key)
        values = reference.move(values, slot, values[slot] + change, rule, locked,
                                reference.reduce_first_order(D, SLOTS)).values
        assert [a for a, _ in _pairs(page)] == [fmt_pct(values[s.id], lang="lv") for s in in_page_order], (rule, slot)
        assert reference.total(values) <= reference.MAX_PCT
