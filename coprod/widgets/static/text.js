// One text, written alone or by a whole group at once. What the person types is saved a moment
// after they pause (and every two seconds while they keep typing) with the text it was written
// from; the kernel merges it with what others saved meanwhile and sends back the changes, which
// are folded into the box without moving the cursor or the selection. Nothing typed is lost:
// until the kernel has it, the text and its starting point stay in this device's storage.

const IDLE_MS = 600; // a pause in typing this long saves
const EVERY_MS = 2000; // while typing on, at most this long between saves
const GAP_MS = 1200; // and at least this long: a person's save budget refills at one a second
const TYPING_SHOWN_MS = 4000; // "Bo is typing…" stays this long after Bo's last save

const WORD_END = /[\p{L}\p{N}_]$/u;
const WORD_START = /^[\p{L}\p{N}_]/u;
const TYPING_MS = 3000; // someone who typed within this long is still typing

// Where position `p` of `text` goes when `edits` ([start, end, inserted], first to last, on
// that text) are applied. A cursor inside a replaced part goes after the replacement. Text
// inserted just at the cursor goes after the cursor when it starts with a space or a sign
// (the person goes on with their word or their line), and before it otherwise, so that the
// next word the person types is not glued to the start of someone else's.
function mapPosition(p, edits) {
  let shift = 0;
  for (const [a, b, ins] of edits) {
    if (b < p || (b === p && a < b)) shift += ins.length - (b - a);
    else if (a < p) return a + shift + ins.length;
    else if (a === p && b === p && WORD_START.test(ins)) shift += ins.length;
    else break;
  }
  return p + shift;
}

function applyEdits(text, edits) {
  let out = text;
  for (let i = edits.length - 1; i >= 0; i -= 1) {
    const [a, b, ins] = edits[i];
    out = out.slice(0, a) + ins + out.slice(b);
  }
  return out;
}

// The one change from `a` to `b` (what was typed between two moments), as an edit on `a`.
function oneEdit(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA -= 1; endB -= 1; }
  return [start, endA, b.slice(start, endB)];
}

function render({ model, el: root }) {
  const uid = uniqueId("coprod-text");
  root.classList.add("coprod-widget", "coprod-text");
  const label = el("label", { for: `${uid}-input`, class: "coprod-text-label" }, model.get("label"));
  const help = el("p", { id: `${uid}-help`, class: "coprod-help" }, model.get("help"));
  const textarea = el("textarea", {
    id: `${uid}-input`, rows: String(model.get("rows")), dir: "auto",
    "aria-describedby": `${uid}-help ${uid}-msg`,
  });
  const typingNote = el("p", { class: "coprod-typing" });
  const save = el("button", { type: "button", class: "coprod-button" }, "Save");
  save.setAttribute("aria-label", `Save: ${model.get("label")}`);
  const saved = el("p", { class: "coprod-saved-by" });
  const message = el("p", { id: `${uid}-msg`, class: "coprod-message", role: "status" });
  root.append(label, help.textContent ? help : "", textarea, typingNote, save, message, saved);

  // `base`: the text the box's content was written from, whose words the kernel already has.
  let base = model.get("value");
  let pending = null; // the save on its way: { nonce, text, loud }
  let nonce = 0;
  let lastSent = 0;
  let lastInput = 0;
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

  // Put `text` in the box, moving the cursor and selection through `edits` (on the box's
  // current content); focus and scrolling are left as they are. Where someone's word now
  // touches the cursor, a space is put between them, as the person would: their next word is
  // not glued to someone else's (the space is theirs, saved with their next save).
  function setBox(text, edits) {
    if (textarea.value === text) return;
    const focused = document.activeElement === textarea;
    const old = textarea.value;
    const p = textarea.selectionStart;
    const collapsed = p === textarea.selectionEnd;
    let start = mapPosition(p, edits);
    let end = mapPosition(textarea.selectionEnd, edits);
    const direction = textarea.selectionDirection;
    const top = textarea.scrollTop;
    if (focused && collapsed) {
      const midWord = WORD_END.test(old.slice(0, p));
      if (!midWord && WORD_END.test(text.slice(0, start))) {
        text = `${text.slice(0, start)} ${text.slice(start)}`;
        start = end = start + 1;
      } else if (midWord && WORD_START.test(text.slice(start)) && !WORD_START.test(old.slice(p))) {
        text = `${text.slice(0, start)} ${text.slice(start)}`;
      }
    }
    textarea.value = text;
    if (focused) textarea.setSelectionRange(start, end, direction);
    textarea.scrollTop = top;
  }

  // The kernel's text `to` holds the words of `from` and others' changes (`edits` on `from`).
  // Fold them into what is in the box now, which may have more typing than `from`. Returns
  // false when the person's latest typing and the others' changes touch the same place: the box
  // then stays as it is, and the next save lets the kernel merge them.
  function fold(from, to, edits) {
    const now = textarea.value;
    if (now === from) {
      setBox(to, edits);
      base = to;
      settle();
      return true;
    }
    const [ls, le, typed] = oneEdit(from, now);
    const shift = typed.length - (le - ls);
    const moved = [];
    // A change right against the person's latest typing waits too: folded in here it could glue
    // their half-typed word to someone else's.
    for (const [a, b, ins] of edits) {
      if (a > le) moved.push([a + shift, b + shift, ins]);
      else if (b < ls) moved.push([a, b, ins]);
      else return false;
    }
    setBox(applyEdits(now, moved), moved);
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
    const waited = Date.now() - lastSent;
    schedule(Math.max(GAP_MS - waited, Math.min(IDLE_MS, EVERY_MS - waited)));
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
      schedule(Math.max(GAP_MS - (Date.now() - lastSent), IDLE_MS));
    }
  });

  // "Bo is typing…": who else saved this text in the last few seconds.
  const seen = new Map();
  let typingTimer = null;
  function showTyping() {
    const now = Date.now();
    for (const [name, at] of seen) if (now - at > TYPING_SHOWN_MS) seen.delete(name);
    const names = [...seen.keys()];
    typingNote.textContent = names.length === 0 ? ""
      : names.length === 1 ? `${names[0]} is typing…`
        : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are typing…`;
    clearTimeout(typingTimer);
    if (names.length) typingTimer = setTimeout(showTyping, 1000);
  }
  model.on("change:typing", () => {
    for (const name of (model.get("typing") || {}).names || []) seen.set(String(name), Date.now());
    showTyping();
  });
  showSavedBy();
  if (textarea.value !== base) schedule(0);
}

export default { render };
