// A shared list (a group's glossary, ground rules, stakeholders, commitments): each entry
// is one or more short texts. Everyone in the group adds, edits and removes; every entry
// shows who wrote it. The toolkit's examples can be added with one tap, then edited.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-list");
  root.classList.add("coprod-widget", "coprod-list");
  const fields = model.get("fields");
  const title = model.get("title");
  if (title) root.append(el("h3", { id: `${uid}-h` }, title));
  const intro = model.get("intro");
  if (intro) root.append(el("p", { class: "coprod-list-intro" }, intro));

  const list = el("ul", { class: "coprod-entries" });
  if (title) list.setAttribute("aria-labelledby", `${uid}-h`);
  else list.setAttribute("aria-label", model.get("add_label"));
  const message = el("p", { class: "coprod-message", role: "status" });

  // The form that adds an entry, also used to edit one.
  const form = el("form", { class: "coprod-entry-form", novalidate: "" });
  const inputs = fields.map((f) => {
    const id = `${uid}-add-${f.id}`;
    const input = el(f.multiline ? "textarea" : "input", { id, dir: "auto" });
    if (!f.multiline) input.type = "text";
    else input.rows = 3;
    const label = el("label", { for: id }, f.label);
    // Two lists on one page may ask for the same thing ("Your answer"): their boxes are told
    // apart by what follows, unseen.
    if (model.get("context")) label.append(el("span", { class: "coprod-visually-hidden" }, `: ${model.get("context")}`));
    form.append(label, input);
    return input;
  });
  const addButton = el("button", { type: "submit", class: "coprod-button" }, model.get("add_label"));
  // Every list's button says which list it adds to (its visible words first).
  if (title) addButton.setAttribute("aria-label", `${model.get("add_label")}: ${title}`);
  form.append(addButton);
  let nonce = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(fields.map((f, i) => [f.id, inputs[i].value]));
    nonce += 1;
    addButton.disabled = true;
    message.textContent = "Saving…";
    model.send({ action: "add", values, nonce });
  });

  // Ready-made entries, added with one tap; they can arrive later (members' answers).
  const exampleBox = el("details", { class: "coprod-examples-box" });
  exampleBox.append(el("summary", {}, model.get("examples_intro") || "Examples"));
  const exampleList = el("ul", { class: "coprod-example-list" });
  exampleBox.append(exampleList);
  function drawExamples() {
    const examples = model.get("examples");
    exampleBox.hidden = !examples.length;
    exampleList.replaceChildren();
    for (const ex of examples) {
      const li = el("li");
      li.append(el("span", { dir: "auto" }, ex.text));
      const add = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Add to our list");
      add.setAttribute("aria-label", `Add to our list: ${ex.text}`);
      add.addEventListener("click", () => model.send({ action: "add_example", id: ex.id }));
      li.append(add);
      exampleList.append(li);
    }
  }
  drawExamples();
  model.on("change:examples", drawExamples);
  root.append(exampleBox);
  root.append(list, form, message);

  function draw() {
    list.replaceChildren();
    const entries = model.get("value");
    if (!entries.length) list.append(el("li", { class: "coprod-empty" }, "Nothing here yet."));
    for (const entry of entries) {
      const li = el("li", { class: "coprod-entry" });
      for (const f of fields) {
        const text = entry.values[f.id] || "";
        if (!text) continue;
        const p = el("p", { class: `coprod-entry-${f.id}`, dir: "auto" });
        if (fields.length > 1) p.append(el("strong", {}, `${f.label}: `));
        p.append(document.createTextNode(text));
        li.append(p);
      }
      if (entry.author) li.append(el("p", { class: "coprod-entry-author", dir: "auto" }, `Added by ${entry.author}`));
      const actions = el("div", { class: "coprod-actions" });
      const summary = (entry.values[fields[0].id] || "").slice(0, 50);
      const edit = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Edit");
      edit.setAttribute("aria-label", `Edit: ${summary}`);
      edit.addEventListener("click", () => startEdit(li, entry));
      const remove = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Remove");
      remove.setAttribute("aria-label", `Remove: ${summary}`);
      remove.addEventListener("click", () => model.send({ action: "remove", id: entry.id }));
      actions.append(edit, remove);
      li.append(actions);
      list.append(li);
    }
  }

  function startEdit(li, entry) {
    const editForm = el("form", { class: "coprod-entry-form", novalidate: "",
      "aria-label": `Editing: ${(entry.values[fields[0].id] || "").slice(0, 50)}` });
    const editInputs = fields.map((f) => {
      const id = `${uid}-edit-${entry.id}-${f.id}`;
      const input = el(f.multiline ? "textarea" : "input", { id, dir: "auto" });
      if (!f.multiline) input.type = "text";
      input.value = entry.values[f.id] || "";
      editForm.append(el("label", { for: id }, f.label), input);
      return input;
    });
    const ok = el("button", { type: "submit", class: "coprod-button" }, "Save changes");
    const cancel = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Cancel");
    cancel.addEventListener("click", draw);
    editForm.append(ok, cancel);
    editForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = Object.fromEntries(fields.map((f, i) => [f.id, editInputs[i].value]));
      model.send({ action: "edit", id: entry.id, values, base: entry.version });
    });
    li.replaceChildren(editForm);
    editInputs[0].focus();
  }

  model.on("change:value", draw);
  model.on("change:status", () => {
    const status = model.get("status") || {};
    message.textContent = status.text || "";
    message.dataset.kind = status.kind || "";
    if (status.nonce === nonce) {
      addButton.disabled = false;
      if (status.kind === "saved") inputs.forEach((input) => { input.value = ""; });
    }
  });
  draw();
}

export default { render };
