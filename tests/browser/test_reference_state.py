"""The reference editor in Chromium keeps its state: after a page switch and back, workshop mode on
and off, and a browser reload every slider equals its caption, the lock holds (its box is ticked and
its slider disabled) and the total is unchanged; a burst of key presses moves the slider it was
pressed on."""

from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.browser.harness import wait_idle

HOME_VISITS = "Mājas vizītes"


def _editor(page, url: str | None = None) -> None:
    if url:
        page.goto(url)
        wait_idle(page)
    page.get_by_role("tab", name="Dienesta etalons", exact=True).click()
    wait_idle(page)


def _pairs(page) -> list[tuple[str, str]]:
    main = page.get_by_test_id("stMain")
    thumbs = [x.strip().replace(".", ",").replace(" ", "\u00a0")
              for x in main.get_by_test_id("stSliderThumbValue").all_inner_texts()]
    captions = [c.split(" · ")[0] for c in main.get_by_test_id("stCaptionContainer").all_inner_texts()
                if re.match(r"^\d+,\d\u00a0% · ", c)]
    return list(zip(thumbs, captions, strict=True))


def _settled(page) -> None:
    """The run is over and the slider's own commit delay has passed: every slider shows its caption's
    value (a slider that stays off its caption fails here after 5 s)."""
    wait_idle(page)
    deadline = time.monotonic() + 5
    while any(a != b for a, b in _pairs(page)) and time.monotonic() < deadline:
        time.sleep(0.1)
        wait_idle(page)


def _press(page, name: str, key: str, times: int = 1, gap_ms: int = 0) -> None:
    page.get_by_role("slider", name=name).last.focus()
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(gap_ms)
    page.wait_for_timeout(600)  # the slider commits a change ~300 ms after the last press
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
    page.get_by_test_id("stMain").get_by_test_id("stCheckbox").filter(has_text="slēgt").nth(4).click()  # 5th
    wait_idle(page)
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
    assert page.get_by_test_id("stMain").get_by_test_id("stSlider").nth(4).get_by_role("slider").is_disabled()

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
    page.get_by_role("tab", name="Service reference", exact=True).click()
    wait_idle(page)
    english = [x.replace("\u00a0", " ").strip() for x in
               page.get_by_test_id("stMain").get_by_test_id("stSliderThumbValue").all_inner_texts()]
    assert english == [x.replace(",", ".").replace("\u00a0", " ") for x in before["thumbs"]]
    shots("english")
    page.get_by_test_id("stSidebar").get_by_text("Latviešu", exact=True).click()
    wait_idle(page)
    _editor(page)
    assert _state(page) == before
