// A dot vote: for each option its text, a "−" and a "+" button named for the option, and the
// dots on it drawn and said in words. Under them, kept at the bottom of the screen while the
// options are in view (twelve of them are several screens of a phone), how many dots are left,
// announced politely, and the kernel's word on the last tap: a refusal is seen beside the count,
// not a screen away from the button. Buttons that cannot act now are marked aria-disabled, not
// disabled, so that focus stays on them after the last dot; the kernel then says why.

function dotWords(n) {
  return n === 0 ? "No dots" : n === 1 ? "1 dot" : `${n} dots`;
}

function render({ model, el: root }) {
  const uid = uniqueId("coprod-dots");
  root.classList.add("coprod-widget", "coprod-dots");
  const group = el("div", { class: "coprod-dots-set", role: "group", "aria-label": model.get("label") });
  const left = el("p", { class: "coprod-dots-left", "aria-live": "polite", "aria-atomic": "true" });
  const closed = el("p", { class: "coprod-dots-closed" });
  const list = el("ul", { class: "coprod-dots-options" });
  const message = el("p", { class: "coprod-message", role: "status" });
  const footer = el("div", { class: "coprod-dots-footer" });
  footer.append(left, message);
  group.append(closed, list, footer);
  root.append(group);

  const rows = model.get("options").map((option, index) => {
    const textId = `${uid}-${index}`;
    const item = el("li", { class: "coprod-dots-option" });
    const text = el("p", { class: "coprod-dots-text", id: textId, dir: "auto" }, option.text);
    const controls = el("div", { class: "coprod-dots-controls" });
    const minus = el("button", { type: "button", class: "coprod-button coprod-secondary coprod-dots-minus",
                                 "aria-label": `Take a dot off ${option.text}` }, "−");
    const plus = el("button", { type: "button", class: "coprod-button coprod-dots-plus",
                                "aria-label": `Add a dot to ${option.text}` }, "+");
    const count = el("p", { class: "coprod-dots-count" });
    const drawn = el("span", { class: "coprod-dots-drawn", "aria-hidden": "true" });
    const words = el("span", { class: "coprod-dots-words" });
    count.append(drawn, words);
    minus.addEventListener("click", () => model.send({ action: "change", option: option.id, delta: -1 }));
    plus.addEventListener("click", () => model.send({ action: "change", option: option.id, delta: 1 }));
    controls.append(minus, count, plus);
    item.append(text, controls);
    list.append(item);
    return { option, minus, plus, drawn, words };
  });

  function draw() {
    const value = model.get("value") || {};
    const dots = model.get("dots");
    const locked = model.get("locked");
    const used = Object.values(value).reduce((a, b) => a + b, 0);
    left.textContent = `${Math.max(0, dots - used)} of ${dots} ${dots === 1 ? "dot" : "dots"} left`;
    closed.textContent = locked ? "The facilitator has closed this activity: your dots stay as they are." : "";
    for (const row of rows) {
      const n = value[row.option.id] || 0;
      row.drawn.textContent = "●".repeat(n);
      row.words.textContent = dotWords(n);
      const full = used >= dots || (model.get("one_per_option") && n >= 1);
      row.plus.setAttribute("aria-disabled", String(locked || full));
      row.minus.setAttribute("aria-disabled", String(locked || n === 0));
    }
  }
  model.on("change:value", draw);
  model.on("change:locked", draw);
  followStatus(model, message, draw);
  draw();
}

export default { render };
