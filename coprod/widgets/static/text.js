// One text, written alone or by a whole group. The kernel keeps every version; when someone
// else saved while this person was writing, both texts are shown and nothing is lost.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-text");
  root.classList.add("coprod-widget", "coprod-text");
  const label = el("label", { for: `${uid}-input`, class: "coprod-text-label" }, model.get("label"));
  const help = el("p", { id: `${uid}-help`, class: "coprod-help" }, model.get("help"));
  const textarea = el("textarea", {
    id: `${uid}-input`, rows: String(model.get("rows")), dir: "auto",
    "aria-describedby": `${uid}-help ${uid}-msg`,
  });
  const save = el("button", { type: "button", class: "coprod-button" }, "Save");
  save.setAttribute("aria-label", `Save: ${model.get("label")}`);
  const saved = el("p", { class: "coprod-saved-by" });
  const message = el("p", { id: `${uid}-msg`, class: "coprod-message", role: "status" });
  const other = el("div", { class: "coprod-other", hidden: "" });
  const otherHeading = el("p", { class: "coprod-other-heading" });
  const otherText = el("p", { class: "coprod-other-text", dir: "auto" });
  const useOther = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Add their text to mine");
  other.append(otherHeading, otherText, useOther);
  root.append(label, help.textContent ? help : "", textarea, save, message, saved, other);

  let known = model.get("value"); // the text as last saved, which the box started from
  let pending = null;
  let nonce = 0;
  const key = model.get("draft_key") ? `coprod-draft:${model.get("draft_key")}` : null;
  const store = deviceStorage();
  textarea.value = (key && store && store.getItem(key)) || known;

  textarea.addEventListener("input", () => {
    if (!key || !store) return;
    if (textarea.value !== known) store.setItem(key, textarea.value);
    else store.removeItem(key);
  });

  function showSavedBy() {
    const who = model.get("author");
    saved.textContent = who ? `Last saved by ${who}.` : "";
  }

  function submit() {
    nonce += 1;
    pending = { nonce, text: textarea.value };
    save.disabled = true;
    message.textContent = "Saving…";
    message.dataset.kind = "pending";
    model.send({ action: "save", text: textarea.value, base: model.get("version"), nonce });
    const sent = nonce;
    setTimeout(() => {
      if (!pending || pending.nonce !== sent) return;
      save.disabled = false;
      message.textContent =
        "Not saved yet: the connection to the workshop seems lost. Your text is kept on this device: reload the page, then save again.";
      message.dataset.kind = "error";
    }, ACK_TIMEOUT_MS);
  }
  save.addEventListener("click", submit);
  submitOnCtrlEnter(textarea, submit);
  useOther.addEventListener("click", () => {
    textarea.value = `${textarea.value}\n\n${otherText.textContent}`.trim();
    textarea.dispatchEvent(new Event("input"));
    other.hidden = true;
    textarea.focus();
  });

  model.on("change:value", () => {
    const incoming = model.get("value");
    if (textarea.value === known) {
      textarea.value = incoming; // nothing unsaved here: show the newest text
    } else if (incoming !== textarea.value && !(pending && pending.text === incoming)) {
      otherHeading.textContent = `${model.get("author") || "Someone"} saved a new version while you were writing:`;
      otherText.textContent = incoming;
      other.hidden = false;
    }
    known = incoming;
    showSavedBy();
  });
  model.on("change:author", showSavedBy);
  model.on("change:status", () => {
    const status = model.get("status") || {};
    message.textContent = status.text || "";
    message.dataset.kind = status.kind || "";
    if (!pending || status.nonce !== pending.nonce) return;
    save.disabled = false;
    if (status.kind === "saved" && key && store && textarea.value === pending.text) store.removeItem(key);
    pending = null;
    const clash = model.get("conflict") || {};
    if (clash.text !== undefined) {
      otherHeading.textContent = `${clash.author} saved a different version while you were writing. Yours is saved; theirs was:`;
      otherText.textContent = clash.text;
      other.hidden = false;
    }
  });
  showSavedBy();
}

export default { render };
