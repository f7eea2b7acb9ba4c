// Statements rated on an ordered scale, as native radio groups: each statement is a
// fieldset whose legend is the statement, so keyboard (arrows, space) and screen readers
// work as with any form, and the checked state is exposed by the browser itself.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-scale");
  root.classList.add("coprod-widget", "coprod-scale");
  const intro = model.get("intro");
  if (intro) root.append(el("p", { class: "coprod-scale-intro" }, intro));
  const labels = model.get("labels");
  const message = el("p", { class: "coprod-message", role: "status" });
  const radios = new Map(); // statement id -> inputs

  for (const statement of model.get("statements")) {
    const fieldset = el("fieldset", { class: "coprod-scale-item" });
    fieldset.append(el("legend", {}, statement.text));
    const note = model.get("notes")[statement.id];
    if (note && note.length) {
      const box = el("div", { class: "coprod-scale-note" });
      box.append(el("p", {}, model.get("notes_intro")));
      const ul = el("ul");
      for (const line of note) ul.append(el("li", { dir: "auto" }, line));
      box.append(ul);
      fieldset.append(box);
    }
    const options = el("div", { class: "coprod-scale-options" });
    const inputs = labels.map((label, index) => {
      const id = `${uid}-${statement.id}-${index}`;
      const input = el("input", { type: "radio", id, name: `${uid}-${statement.id}`, value: String(index) });
      input.addEventListener("change", () => {
        if (input.checked) model.send({ action: "choose", statement: statement.id, choice: index });
      });
      const option = el("div", { class: "coprod-scale-option" });
      option.append(input, el("label", { for: id }, label));
      options.append(option);
      return input;
    });
    fieldset.append(options);
    radios.set(statement.id, inputs);
    root.append(fieldset);
  }
  root.append(message);

  function draw() {
    const value = model.get("value");
    for (const [sid, inputs] of radios) {
      inputs.forEach((input, index) => { input.checked = value[sid] === index; });
    }
  }
  model.on("change:value", draw);
  followStatus(model, message, draw);
  draw();
}

export default { render };
