// The reference editor's sliders (lib/ui/reference_editor.py, `sliders`): one row per function under
// its group's heading: the name, a slider over the 0–100 % grid, its value and hours as the server
// wrote them, and a lock box. Drawn in the browser so a key press shows at once and the page's rerun
// redraws one element instead of 15 sliders, captions and boxes.
//
// Every change the user makes is an edit with a number that grows (`seq`, per mount of this
// element); the sliders' state `edits` holds each slider's and box's latest one. The server applies
// the edits it has not applied yet, in order, and sends back the last one it applied (`applied`).
// Until then a slider or box the user changed keeps what the user set: a redraw that left before the
// server saw the change must not undo it (a burst of key presses would lose some).

const mounts = new WeakMap(); // parentElement → this mount's state and rows

export default function ({ data, parentElement, setStateValue }) {
  let ui = mounts.get(parentElement);
  if (!ui) {
    ui = {
      mount: Math.random().toString(36).slice(2),
      seq: 0,
      edits: { moves: {}, locks: {} },
      rows: new Map(),
      root: document.createElement("div"),
    };
    ui.root.className = "ref-sliders";
    parentElement.appendChild(ui.root);
    mounts.set(parentElement, ui);
  }
  const send = (kind, slot, value) => {
    ui.seq += 1;
    ui.edits[kind][slot] = [value, ui.seq];
    setStateValue("edits", { mount: ui.mount, seq: ui.seq, moves: ui.edits.moves, locks: ui.edits.locks });
  };
  if (ui.shape !== shape(data)) build(ui, data, send);
  show(ui, data);
}

function shape(data) {
  return JSON.stringify([data.groups.map((g) => g.rows.map((r) => r.slot)), Boolean(data.lock)]);
}

function element(tag, className, parent) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (parent) parent.appendChild(e);
  return e;
}

function build(ui, data, send) {
  ui.root.replaceChildren();
  ui.rows.clear();
  ui.groups = [];
  for (const group of data.groups) {
    const heading = element("div", "group", ui.root);
    ui.groups.push({ name: element("strong", "", heading), total: element("span", "", heading) });
    for (const { slot } of group.rows) {
      const row = element("div", "row", ui.root);
      row.dataset.testid = "refSliderRow";
      const main = element("div", "main", row);
      const head = element("div", "head", main);
      const r = { slot, label: element("span", "name", head), value: element("span", "value", head) };
      r.value.dataset.testid = "refSliderValue";
      r.input = element("input", "", main);
      Object.assign(r.input, { type: "range", min: 0, step: 1 });
      r.caption = element("div", "caption", main);
      r.caption.dataset.testid = "refSliderCaption";
      r.input.addEventListener("input", () => shown(ui, r, Number(r.input.value)));
      r.input.addEventListener("change", () => send("moves", slot, Number(r.input.value)));
      if (data.lock) {
        const box = element("label", "lock", row);
        r.box = element("input", "", box);
        r.box.type = "checkbox";
        r.lockText = element("span", "", box);
        r.box.addEventListener("change", () => {
          r.input.disabled = r.box.checked;
          send("locks", slot, r.box.checked);
        });
      }
      ui.rows.set(slot, r);
    }
  }
  ui.shape = shape(data);
}

function shown(ui, r, point) {
  r.value.textContent = ui.points[point];
  r.input.setAttribute("aria-valuetext", ui.points[point]);
}

function show(ui, data) {
  const [mount, seq] = data.applied || ["", 0];
  const applied = mount === ui.mount ? seq : 0;
  const waiting = (kind, slot) => (ui.edits[kind][slot]?.[1] ?? 0) > applied;
  ui.points = data.points;
  ui.root.classList.toggle("big", Boolean(data.big));
  data.groups.forEach((group, n) => {
    ui.groups[n].name.textContent = group.name;
    ui.groups[n].total.textContent = ` — ${group.total}`;
    for (const row of group.rows) {
      const r = ui.rows.get(row.slot);
      r.label.textContent = row.hint ? `${row.label} ▲` : row.label;
      r.label.classList.toggle("hinted", Boolean(row.hint));
      r.label.title = row.hint;
      r.input.setAttribute("aria-label", row.label);
      r.input.max = data.points.length - 1;
      r.caption.textContent = row.caption;
      if (!waiting("moves", row.slot)) {
        r.input.value = row.point;
        shown(ui, r, row.point);
      }
      if (r.box) {
        r.lockText.textContent = data.lock.label;
        r.box.parentElement.title = data.lock.help;
        r.box.setAttribute("aria-label", `${data.lock.label}: ${row.label}`);
        if (!waiting("locks", row.slot)) r.box.checked = row.locked;
      }
      if (!waiting("locks", row.slot)) r.input.disabled = row.locked;
    }
  });
}
