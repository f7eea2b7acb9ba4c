// One text, written alone or by a whole group at once (together.js: the pace of its saves and
// how others' changes are folded in). What the person types is saved a moment after they pause,
// when they finish a word, and every two seconds while they keep typing, with the text it was
// written from; the kernel merges it with what others saved meanwhile and sends back the changes, which
// are folded into the box without moving the cursor or the selection. Nothing typed is lost:
// until the kernel has it, the text and its starting point stay in this device's storage.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-text");
  root.classList.add("coprod-widget", "coprod-text");
  const label = el("label", { for: `${uid}-input`, class: "coprod-text-label" }, model.get("label"));
  const help = el("p", { id: `${uid}-help`, class: "coprod-help" }, model.get("help"));
  const textarea = el("textarea", {
    id: `${uid}-input`, rows: String(model.get("rows")), dir: "auto",
    "aria-describedby": `${uid}-help ${uid}-msg`,
  });
  const typingLine = el("p", { class: "coprod-typing" });
  const save = el("button", { type: "button", class: "coprod-button" }, "Save");
  save.setAttribute("aria-label", `Save: ${model.get("label")}`);
  const saved = el("p", { class: "coprod-saved-by" });
  const message = el("p", { id: `${uid}-msg`, class: "coprod-message", role: "status" });
  root.append(label, help.textContent ? help : "", textarea, typingLine, save, message, saved);

  // `base`: the text the box's content was written from, whose words the kernel already has.
  let base = model.get("value");
  let pending = null; // the save on its way: { nonce, text, loud }
  let nonce = 0;
  let lastSent = 0;
  let lastInput = 0;
  let wordDone = false; // a word was finished since the last save
  let since = 0; // when the first key not yet sent was typed (0: none)
  let timer = null;
  const key = model.get("draft_key") ? `coprod-draft:${model.get("draft_key")}` : null;
  const store = deviceStorage();
  textarea.value = base;

  function keepDraft() {
    if (!key || !store) return;
    try {
      if (textarea.value !== base) store.setItem(key, JSON.stringify({ base, text: textarea.value }));
      else store.removeItem(key);
    } catch { /* storage full or refused: the text still lives in the page */ }
  }

  // A draft left by a reload or a lost connection is merged as soon as the page is back.
  try {
    const raw = key && store ? store.getItem(key) : null;
    if (raw) {
      let draft;
      try { draft = JSON.parse(raw); } catch { draft = null; }
      // An older page kept the text alone: merged from nothing, so that no word of it is lost.
      if (!draft || typeof draft !== "object") draft = { base: "", text: raw };
      if (typeof draft.text === "string" && typeof draft.base === "string" && draft.text !== draft.base
          && draft.text !== base) {
        base = draft.base;
        textarea.value = draft.text;
      }
    }
  } catch { /* storage refused */ }

  // Fold the kernel's text `to` (`edits` on `from`) into the box: see foldInto.
  function fold(from, to, edits) {
    if (!foldInto(textarea, from, to, edits)) return false;
    base = to;
    settle();
    return true;
  }

  function settle() {
    keepDraft();
    if (textarea.value !== base && !pending) schedule(Math.max(GAP_MS - (Date.now() - lastSent), IDLE_MS));
  }

  // What waited for the person to finish a word is shown once they stop typing for a moment.
  let catchUp = null;
  function later() {
    clearTimeout(catchUp);
    catchUp = setTimeout(() => {
      const newest = model.get("value");
      if (pending || newest === base) return;
      if (Date.now() - lastInput < TYPING_MS) later();
      else if (textarea.value === base) fold(base, newest, [oneEdit(base, newest)]);
      else schedule(0);
    }, TYPING_MS);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, delay));
  }

  function flush(loud = false) {
    clearTimeout(timer);
    if (pending) {
      pending.again = true;
      if (loud) pending.loud = true;
      return;
    }
    if (textarea.value === base && !loud) return;
    nonce += 1;
    pending = { nonce, text: textarea.value, loud };
    lastSent = Date.now();
    wordDone = false;
    since = 0;
    if (loud) {
      save.disabled = true;
      message.textContent = "Saving…";
      message.dataset.kind = "pending";
    }
    model.send({ action: "save", text: textarea.value, base, nonce });
    const sent = nonce;
    setTimeout(() => {
      if (!pending || pending.nonce !== sent) return;
      pending = null; // the next save sends the same words again: the merge writes them once
      save.disabled = false;
      message.textContent =
        "Not saved yet: the connection to the workshop seems lost. Your text is kept on this device: reload the page, then save again.";
      message.dataset.kind = "error";
    }, ACK_TIMEOUT_MS);
  }

  textarea.addEventListener("input", () => {
    lastInput = Date.now();
    keepDraft();
    if (finishedWord(textarea)) wordDone = true;
    if (!since) since = Date.now();
    schedule(saveDelay(lastSent, wordDone, since));
  });
  save.addEventListener("click", () => flush(true));
  submitOnCtrlEnter(textarea, () => flush(true));

  function showSavedBy() {
    const who = model.get("author");
    saved.textContent = who ? `Last saved by ${who}.` : "";
  }

  // Someone else's save reached this page.
  let lastValue = model.get("value"); // the kernel's previous text, which its `edits` are on
  model.on("change:value", () => {
    const previous = lastValue;
    const incoming = (lastValue = model.get("value"));
    if (pending) return; // the kernel's answer to our save brings the newest text
    if (incoming === base) return;
    const edits = base === previous ? model.get("edits") || [] : [oneEdit(base, incoming)];
    // Folded in or not, the person's own typing is saved on its usual schedule (their save
    // budget refills at one a second): the kernel merges it then.
    if (!fold(base, incoming, edits)) later();
  });
  model.on("change:author", showSavedBy);
  model.on("change:status", () => {
    const status = model.get("status") || {};
    const ours = pending && status.nonce === pending.nonce;
    if (!ours || pending.loud || status.kind === "error") {
      message.textContent = status.text || "";
      message.dataset.kind = status.kind || "";
    }
    if (!ours) return;
    const { text, again } = pending;
    pending = null;
    save.disabled = false;
    if (status.kind === "saved" && Array.isArray(status.edits)) {
      const merged = applyEdits(text, status.edits);
      if (!fold(text, merged, status.edits)) {
        base = text;
        later();
      }
      // A newer text may have arrived while the save was on its way.
      const newest = model.get("value");
      if (newest !== base && textarea.value === base) fold(base, newest, [oneEdit(base, newest)]);
    }
    // After a refusal (the save budget, a text too long) the next key or the Save button tries
    // again, not a timer: the message says why.
    if (status.kind === "saved" && (again || textarea.value !== base)) {
      schedule(wordDone ? saveDelay(lastSent, true, since) : Math.max(GAP_MS - (Date.now() - lastSent), IDLE_MS));
    }
  });

  // "Bo is typing…": who else saved this text in the last few seconds.
  const typing = typingNote(typingLine);
  model.on("change:typing", () => typing.see((model.get("typing") || {}).names));
  showSavedBy();
  if (textarea.value !== base) schedule(0);
}

export default { render };
