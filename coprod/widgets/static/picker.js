// Choosing a set number of items (two problems to work on) with checkboxes. A choice past
// the limit is refused by the kernel with a message, and the box is unticked again.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-picker");
  root.classList.add("coprod-widget", "coprod-picker");
  const fieldset = el("fieldset", { class: "coprod-picker-set" });
  const legend = el("legend", {}, model.get("legend"));
  const list = el("div", { class: "coprod-picker-options" });
  const message = el("p", { class: "coprod-message", role: "status" });
  fieldset.append(legend, list);
  root.append(fieldset, message);

  function draw() {
    const chosen = new Set(model.get("value"));
    list.replaceChildren();
    const options = [...model.get("options")];
    for (const id of chosen) {
      if (!options.some((o) => o.id === id)) options.push({ id, text: "(removed from the list)" });
    }
    for (const option of options) {
      const id = `${uid}-${option.id}`;
      const box = el("input", { type: "checkbox", id });
      box.checked = chosen.has(option.id);
      box.addEventListener("change", () => model.send({ action: "pick", id: option.id, picked: box.checked }));
      const row = el("div", { class: "coprod-picker-option" });
      row.append(box, el("label", { for: id, dir: "auto" }, option.text));
      list.append(row);
    }
  }
  model.on("change:value", draw);
  model.on("change:options", draw);
  followStatus(model, message, draw);
  draw();
}

export default { render };
