// Questions with free-text responses, and a choice of responses to post to the board.
// Everything a person typed is set with textContent: it is shown as text, never as HTML.
// The kernel validates and stores; this view only asks (model.send) and shows the result.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-notes");
  const sections = new Map(); // question id -> its elements
  const pending = new Map(); // nonce -> {qid, text}
  let nonce = 0;
  const store = deviceStorage();

  root.classList.add("coprod-widget", "coprod-notes");

  for (const q of model.get("questions")) {
    const section = el("section", { class: "coprod-question", "aria-labelledby": `${uid}-${q.id}-h` });
    section.append(el("h3", { id: `${uid}-${q.id}-h` }, q.text));
    if (q.examples) section.append(el("p", { class: "coprod-examples" }, q.examples));
    if (q.hint_intro) section.append(el("p", { class: "coprod-hint-intro" }, q.hint_intro));
    if (q.hints && q.hints.length) {
      const ul = el("ul", { class: "coprod-hints" });
      for (const h of q.hints) ul.append(el("li", {}, h));
      section.append(ul);
    }
    const field = el("div", { class: "coprod-add" });
    const taId = `${uid}-${q.id}-input`;
    const label = el("label", { for: taId }, "Add a response");
    // Said, unseen: every question has a box, and each box's name says which.
    label.append(el("span", { class: "coprod-visually-hidden" }, ` to: ${q.text}`));
    const textarea = el("textarea", { id: taId, rows: "3", "aria-describedby": `${uid}-${q.id}-msg` });
    const addButton = el("button", { type: "button", class: "coprod-button" }, "Add");
    addButton.setAttribute("aria-label", `Add response to: ${q.text}`);
    const message = el("p", { id: `${uid}-${q.id}-msg`, class: "coprod-message", role: "status" });
    field.append(label, textarea, addButton, message);
    section.append(field);

    const listHeading = el("h4", { id: `${uid}-${q.id}-list` }, "My responses");
    const choice = el("p", { class: "coprod-choice" });
    const list = el("ul", { class: "coprod-responses", "aria-labelledby": `${uid}-${q.id}-list` });
    section.append(listHeading, choice, list);
    root.append(section);

    const key = `coprod-draft:${model.get("draft_key")}:${q.id}`;
    if (store && store.getItem(key)) textarea.value = store.getItem(key);
    textarea.addEventListener("input", () => {
      if (!store) return;
      if (textarea.value) store.setItem(key, textarea.value);
      else store.removeItem(key);
    });

    const submit = () => {
      const text = textarea.value;
      if (!text.trim()) {
        say(q.id, "error", "Please write something first.");
        textarea.focus();
        return;
      }
      nonce += 1;
      const sent = nonce;
      pending.set(sent, { qid: q.id, text });
      addButton.disabled = true; // one save at a time: a double click must not add twice
      say(q.id, "pending", "Saving…");
      model.send({ action: "add", question: q.id, text, nonce: sent });
      setTimeout(() => {
        if (!pending.has(sent)) return;
        addButton.disabled = false;
        say(q.id, "error",
          "Not saved yet: the connection to the workshop seems lost. Your text is kept on this device: " +
          "reload the page, then add it again.");
      }, ACK_TIMEOUT_MS);
    };
    addButton.addEventListener("click", submit);
    submitOnCtrlEnter(textarea, submit);
    sections.set(q.id, { list, textarea, message, choice, addButton, key });
  }

  function say(qid, kind, text) {
    const s = sections.get(qid);
    if (!s) return;
    s.message.textContent = text;
    s.message.dataset.kind = kind;
  }

  function renderResponses() {
    const limit = model.get("post_limit");
    const goals = model.get("goals_question");
    const responses = model.get("value");
    for (const [qid, s] of sections) {
      const mine = responses.filter((r) => r.question === qid);
      const posted = mine.filter((r) => r.posted).length;
      s.list.replaceChildren();
      if (limit > 0) {
        let text = `Choose ${limit} to post to the board: ${posted} of ${limit} chosen.`;
        if (qid === goals) text += " The ones you post here are your personal goals for the training.";
        s.choice.textContent = mine.length ? text : "";
      }
      if (!mine.length) s.list.append(el("li", { class: "coprod-empty" }, "No responses yet."));
      for (const r of mine) {
        const li = el("li", { class: "coprod-response" });
        li.append(el("p", { dir: "auto", class: "coprod-response-text" }, r.text));
        if (r.by) li.append(el("p", { dir: "auto", class: "coprod-response-by" }, `Added by ${r.by}`));
        const actions = el("div", { class: "coprod-actions" });
        if (limit > 0) {
          const cbId = `${uid}-post-${r.id}`;
          const cb = el("input", { type: "checkbox", id: cbId });
          cb.checked = !!r.posted;
          cb.disabled = !r.posted && posted >= limit;
          cb.addEventListener("change", () => model.send({ action: "post", id: r.id, posted: cb.checked }));
          const label = el("label", { for: cbId, class: "coprod-post" }, "Post to the board");
          // Each response's box says which response it posts, unseen.
          label.append(el("span", { class: "coprod-visually-hidden" }, `: ${r.text.slice(0, 60)}`));
          actions.append(cb, label);
          if (cb.disabled) {
            // A greyed-out box says why, beside it and to a screen reader.
            const why = el("p", { id: `${cbId}-why`, class: "coprod-disabled-reason" },
              `You have chosen ${limit} already: untick one to post this one instead.`);
            cb.setAttribute("aria-describedby", why.id);
            actions.append(why);
          }
        }
        const remove = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "Remove");
        remove.setAttribute("aria-label", `Remove response: ${r.text.slice(0, 60)}`);
        remove.addEventListener("click", () => model.send({ action: "remove", id: r.id }));
        actions.append(remove);
        li.append(actions);
        s.list.append(li);
      }
    }
  }

  function renderStatus() {
    const status = model.get("status") || {};
    const request = pending.get(status.nonce);
    const qid = status.question || (request && request.qid);
    say(qid, status.kind || "", status.text || "");
    if (status.kind === "error") renderResponses(); // put back a checkbox the kernel refused
    if (!request) return;
    pending.delete(status.nonce);
    const s = sections.get(request.qid);
    s.addButton.disabled = false;
    // Clear the box (and the draft) once the kernel says the text is stored, unless the
    // person has typed something else meanwhile.
    if (status.kind === "saved" && s.textarea.value === request.text) {
      s.textarea.value = "";
      if (store) store.removeItem(s.key);
    }
  }

  renderResponses();
  model.on("change:value", renderResponses);
  model.on("change:post_limit", renderResponses);
  model.on("change:status", renderStatus);
}

export default { render };
