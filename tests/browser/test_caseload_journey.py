"""Journey: a quick what-if user enters "24 active cases at 0.8 FTE with 35 children under 12" and reads
the answer lines with their reasons and sources; then types 0,75 with the real keyboard, the Latvian
way, and the answer divides by 0,75; a value out of range is explained in Latvian under the field; then asks how
many social workers the service's active cases need."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.harness import choose, wait_idle


def _set(page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")
    wait_idle(page)


def test_what_if_answer_in_the_browser(server, page, shots):
    page.goto(f"{server.url}/caseload")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text("Klientu lietas")
    _set(page, "Slodze", "0.80")
    _set(page, "Aktīvās klientu lietas", "24")
    choose(page, page.get_by_label("Mērķa grupa", exact=True), "ģimenes ar bērniem")
    _set(page, "Bērni līdz 12 gadiem ģimeņu lietās (kopā)", "35")
    answer = page.get_by_test_id("stVerticalBlock").filter(has_text="Atbilde").last
    expect(page.get_by_text("(24 lietas ÷ 0,80 slodzes) — virs optimālā diapazona 10–20.")).to_be_visible()
    expect(page.get_by_text("Bērni līdz 12 gadiem uz pilnu slodzi: 43,8 — vairāk nekā 30")).to_be_visible()
    expect(page.get_by_text("Politikas mērķis 2024. gadam (≤ 20 aktīvās lietas uz darbinieku): virs mērķa")
           ).to_be_visible()
    expect(page.get_by_text("Avots: slodzes etalona ziņojums (2023): 4.1. nodaļa „Optimālais klientu lietu skaits"
                            " vienam sociālajam darbiniekam”; 1.5. nodaļa", exact=False).first).to_be_visible()
    text = answer.inner_text().lower()
    assert "maksimāl" not in text and "maximum" not in text
    shots("what-if-answer")

    fte = page.get_by_label("Slodze", exact=True)
    fte.select_text()
    page.keyboard.type("0,75")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(fte).to_have_value("0,75")
    expect(page.get_by_text("Aktīvās lietas uz pilnu slodzi: 32,0 (24 lietas ÷ 0,75 slodzes)")).to_be_visible()
    fte.select_text()
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("Skaitlim jābūt no 0,05 līdz 1,50.")).to_be_visible()
    expect(page.get_by_text("Aktīvās lietas uz pilnu slodzi: 32,0 (24 lietas ÷ 0,75 slodzes)")).to_be_visible()
    assert "Press Enter" not in page.get_by_test_id("stMain").inner_text()
    shots("latvian-decimal-comma")

    # the day-one question: how many social workers do 45 active cases need, against 2,5 FTE?
    page.get_by_role("tab", name="Cik darbinieku vajag", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Ierakstiet dienesta aktīvo klientu lietu skaitu", exact=False)).to_be_visible()
    for label, typed in (("Aktīvās klientu lietas dienestā (kopā)", "45"),
                         ("Sociālo darbinieku slodzes (kopā)", "2,5")):
        page.get_by_label(label, exact=True).click()
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        wait_idle(page)
    expect(page.get_by_text("45 aktīvajām lietām pēc metodikas vajag 2,25–4,50 sociālo darbinieku slodzes."
                            " Dienestā ir 2,50 slodzes — diapazonā; uz slodzi iznāk 18,0 aktīvās lietas.")
           ).to_be_visible()
    expect(page.get_by_role("tab", selected=True)).to_have_text("Cik darbinieku vajag")
    shots("staffing-need")


def test_on_a_phone_the_answer_follows_the_inputs(server, browser, tmp_path):
    """390×844 (a phone): the columns stack, and the answer starts within a screen of the last field
    a service head must fill (the fields with defaults are folded under it)."""
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/caseload")
    wait_idle(page)
    _set(page, "Aktīvās klientu lietas", "24")
    target = page.get_by_label("Mērķa grupa", exact=True).bounding_box()
    answer = page.get_by_role("heading", name="Atbilde").bounding_box()
    gap = answer["y"] - (target["y"] + target["height"])
    page.screenshot(path=str(tmp_path / "phone-caseload.png"), full_page=True)
    assert 0 < gap < 844 / 2, gap  # it was ~1,300 px before the folding
    expect(page.get_by_text("Aktīvās lietas uz pilnu slodzi: 24,0", exact=False)).to_be_visible()
