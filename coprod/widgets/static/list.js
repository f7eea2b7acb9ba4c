// A shared list (a group's glossary, ground rules, stakeholders, commitments): each entry
// is one or more short texts. Everyone in the group adds, edits and removes; every entry
// shows who wrote it. The toolkit's examples can be added with one tap, then edited.
//
// An entry being edited is written together as a group text is (together.js): its boxes save
// as the person types, with the texts they started from, and what others change in the same
// entry is folded into them without taking the focus or moving the cursor. Entries nobody is
// editing on this page are redrawn when they change; an entry being edited is never taken out
// of the page.

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

  // The form that adds an entry.
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
  let addNonce = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(fields.map((f, i) => [f.id, inputs[i].value]));
    nonce += 1;
    addNonce = nonce;
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

  const editors = new Map(); // entry id -> the editor open on this page
  const shown = new Map(); // entry id -> { li, key }: entries drawn, not being edited
  const typing = new Map(); // entry id -> its "… is typing" line's note
  const empty = el("li", { class: "coprod-empty" }, "Nothing here yet.");

  function typingFor(id) {
    if (!typing.has(id)) {
      const line = el("p", { class: "coprod-typing" });
      typing.set(id, { line, note: typingNote(line) });
    }
    return typing.get(id);
  }

  function entryItem(entry) {
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
    li.append(typingFor(entry.id).line);
    const actions = el("div", { class: "coprod-actions" });
    const summary = (entry.values[fields[0].id] || "").slice(0, 50);
    const edit = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Edit");
    edit.setAttribute("aria-label", `Edit: ${summary}`);
    edit.addEventListener("click", () => startEdit(entry));
    const remove = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Remove");
    remove.setAttribute("aria-label", `Remove: ${summary}`);
    remove.addEventListener("click", () => model.send({ action: "remove", id: entry.id }));
    actions.append(edit, remove);
    li.append(actions);
    return li;
  }

  // The list as the kernel has it. Only entries that changed are drawn again (a button someone
  // is on keeps the focus), and an entry being edited here stays where it is, as it is.
  function draw() {
    const entries = model.get("value");
    const ids = new Set(entries.map((e) => e.id));
    const wanted = [];
    for (const entry of entries) {
      const editor = editors.get(entry.id);
      if (editor) {
        editor.arrived(entry);
        wanted.push(editor.li);
        continue;
      }
      const key = JSON.stringify([entry.values, entry.author]);
      let drawn = shown.get(entry.id);
      if (!drawn || drawn.key !== key) {
        drawn = { li: entryItem(entry), key };
        shown.set(entry.id, drawn);
      }
      wanted.push(drawn.li);
    }
    for (const [id, editor] of editors) {
      if (!ids.has(id)) {
        editor.removed();
        wanted.push(editor.li); // removed by someone else meanwhile: kept here until saved or closed
      }
    }
    for (const id of [...shown.keys()]) if (!ids.has(id) || editors.has(id)) shown.delete(id);
    if (!wanted.length) wanted.push(empty);
    for (const child of [...list.children]) if (!wanted.includes(child)) child.remove();
    wanted.forEach((li, i) => {
      if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
    });
  }

  // What is typed into an entry's boxes stays in this device's storage until the kernel has it,
  // with the texts it was written from: after a reload or a lost connection, the entry opens
  // again as it was left and merges with what others saved meanwhile.
  const draftKey = model.get("draft_key") ? `coprod-list-draft:${model.get("draft_key")}` : null;
  const store = deviceStorage();
  function drafts() {
    try {
      const raw = draftKey && store ? JSON.parse(store.getItem(draftKey) || "{}") : {};
      return raw && typeof raw === "object" ? raw : {};
    } catch { return {}; }
  }
  function keepDraft(id, draft) {
    if (!draftKey || !store) return;
    try {
      const all = drafts();
      if (draft) all[id] = draft;
      else delete all[id];
      if (Object.keys(all).length) store.setItem(draftKey, JSON.stringify(all));
      else store.removeItem(draftKey);
    } catch { /* storage full or refused: the text still lives in the page */ }
  }

  // Editing an entry: its boxes are saved as they are typed into, as a group text's box is.
  // `draft`: what this device kept of an edit not saved (its texts and their base).
  function startEdit(entry, draft = null) {
    const editor = {};
    const summary = (entry.values[fields[0].id] || "").slice(0, 50);
    const editForm = el("form", { class: "coprod-entry-form", novalidate: "", "aria-label": `Editing: ${summary}` });
    const boxes = fields.map((f) => {
      const id = `${uid}-edit-${entry.id}-${f.id}`;
      // A box that wraps, even for a one-line text: a text several people write grows, and a
      // one-line box would hide most of it on a phone. Enter still saves a one-line text.
      const box = el("textarea", { id, dir: "auto", rows: f.multiline ? "3" : "2" });
      if (!f.multiline) {
        box.addEventListener("keydown", (event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            editForm.requestSubmit();
          }
        });
      }
      box.value = entry.values[f.id] || "";
      // Named apart from the add form's box and from another entry being edited, unseen.
      const label = el("label", { for: id }, f.label);
      label.append(el("span", { class: "coprod-visually-hidden" }, ` (editing: ${summary})`));
      editForm.append(label, box);
      return box;
    });
    const said = el("p", { class: "coprod-message", role: "status" });
    const ok = el("button", { type: "submit", class: "coprod-button" }, "Save changes");
    ok.setAttribute("aria-label", `Save changes: ${summary}`);
    editForm.append(typingFor(entry.id).line, ok, said);
    const li = el("li", { class: "coprod-entry coprod-entry-editing" });
    li.append(editForm);

    // `base`: the texts the boxes were written from, which the kernel has.
    let base = Object.fromEntries(fields.map((f) => [f.id, entry.values[f.id] || ""]));
    if (draft) {
      base = Object.fromEntries(fields.map((f) => [f.id, String(draft.base[f.id] ?? "")]));
      fields.forEach((f, i) => { boxes[i].value = String(draft.values[f.id] ?? ""); });
    }
    let pending = null; // the save on its way: { nonce, values, loud, again }
    let lastSent = 0;
    let wordDone = false;
    let since = 0; // when the first key not yet sent was typed
    let closing = false;
    let gone = false; // removed by someone else: the next save puts it back
    let timer = null;
    const now = () => Object.fromEntries(fields.map((f, i) => [f.id, boxes[i].value]));
    const dirty = () => fields.some((f, i) => boxes[i].value !== base[f.id]);
    // Each box grows with its text, so that what everyone wrote stays in sight, cursor included.
    const fit = () => boxes.forEach((box) => {
      box.style.height = "auto";
      box.style.height = `${box.scrollHeight + box.offsetHeight - box.clientHeight}px`;
    });
    const remember = () => keepDraft(entry.id, dirty() ? { base: { ...base }, values: now() } : null);

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(() => flush(false), Math.max(0, delay));
    }

    function flush(loud) {
      clearTimeout(timer);
      if (pending) {
        pending.again = true;
        if (loud) pending.loud = true;
        return;
      }
      if (!dirty() && !gone) {
        if (loud) close();
        return;
      }
      nonce += 1;
      pending = { nonce, values: now(), loud };
      lastSent = Date.now();
      wordDone = false;
      since = 0;
      if (loud) {
        ok.disabled = true;
        said.textContent = "Saving…";
        said.dataset.kind = "pending";
      }
      model.send({ action: "edit", id: entry.id, values: pending.values, base_values: base, nonce });
      const sent = nonce;
      setTimeout(() => {
        if (!pending || pending.nonce !== sent) return;
        pending = null;
        ok.disabled = false;
        said.textContent = "Not saved yet: the connection to the workshop seems lost. Please try again in a moment.";
        said.dataset.kind = "error";
      }, ACK_TIMEOUT_MS);
    }

    // The kernel's texts `to` hold `from`'s words and others' changes: fold them into each box.
    // A box where they touch the person's latest typing keeps `from` as its base, so that its
    // next save lets the kernel merge them.
    function fold(from, to) {
      fields.forEach((f, i) => {
        const a = from[f.id] || "", b = to[f.id] || "";
        if (a === b) {
          base[f.id] = a;
          return;
        }
        base[f.id] = foldInto(boxes[i], a, b, [oneEdit(a, b)]) ? b : a;
      });
      fit();
      remember();
      if (dirty() && !pending) schedule(saveDelay(lastSent, wordDone, since || Date.now()));
    }

    function close() {
      closing = true;
      clearTimeout(timer);
      editors.delete(entry.id);
      const inside = li.contains(document.activeElement);
      draw();
      // Back to the entry's own Edit button, so that keyboard users keep their place.
      const drawn = shown.get(entry.id);
      const button = drawn && drawn.li.querySelector("button");
      if (button && inside) button.focus();
    }

    editor.li = li;
    // Someone's save of this entry reached the page.
    editor.arrived = (fresh) => {
      gone = false;
      if (pending || closing) return; // the kernel's answer to our save brings the newest texts
      const incoming = Object.fromEntries(fields.map((f) => [f.id, fresh.values[f.id] || ""]));
      if (fields.some((f) => incoming[f.id] !== base[f.id])) fold(base, incoming);
    };
    editor.removed = () => {
      if (gone) return;
      gone = true;
      said.textContent = "Someone removed this entry meanwhile. Save changes to put it back.";
      said.dataset.kind = "error";
    };
    editor.answered = (status) => {
      if (!pending || status.nonce !== pending.nonce) return false;
      const { values, loud, again } = pending;
      pending = null;
      ok.disabled = false;
      if (loud || status.kind === "error") {
        said.textContent = status.text || "";
        said.dataset.kind = status.kind || "";
      }
      if (status.kind !== "saved") return true;
      gone = false;
      if (status.values && typeof status.values === "object") fold(values, status.values);
      // A newer save by someone else may have arrived while ours was on its way.
      const fresh = model.get("value").find((e) => e.id === entry.id);
      if (fresh) editor.arrived(fresh);
      if (loud && (again || dirty())) flush(true); // "Save changes" saves what was typed since, then closes
      else if (again || dirty()) schedule(saveDelay(lastSent, wordDone, since || Date.now()));
      else if (loud) {
        close();
        message.textContent = status.text || "";
        message.dataset.kind = status.kind || "";
      }
      return true;
    };

    boxes.forEach((box) => box.addEventListener("input", () => {
      fit();
      remember();
      if (finishedWord(box)) wordDone = true;
      if (!since) since = Date.now();
      schedule(saveDelay(lastSent, wordDone, since));
    }));
    editForm.addEventListener("submit", (event) => {
      event.preventDefault();
      flush(true);
    });
    editors.set(entry.id, editor);
    draw();
    fit();
    if (draft) schedule(0);
    else boxes[0].focus();
  }

  // Edits left on this device by a reload or a lost connection open again and are saved.
  for (const [id, draft] of Object.entries(drafts())) {
    const entry = model.get("value").find((e) => e.id === id);
    if (draft && typeof draft === "object" && draft.base && draft.values && !editors.has(id)) {
      startEdit(entry || { id, values: draft.values }, draft);
    }
  }
  model.on("change:value", draw);
  model.on("change:typing", () => {
    const entries = (model.get("typing") || {}).entries || {};
    for (const [id, names] of Object.entries(entries)) typingFor(id).note.see(names);
  });
  model.on("change:status", () => {
    const status = model.get("status") || {};
    for (const editor of editors.values()) if (editor.answered(status)) return;
    message.textContent = status.text || "";
    message.dataset.kind = status.kind || "";
    if (status.nonce === addNonce) {
      addButton.disabled = false;
      if (status.kind === "saved") inputs.forEach((input) => { input.value = ""; });
    }
  });
  draw();
}

export default { render };
