// Questions with free-text responses, and a choice of responses to post to the board.
// Everything a person typed is set with textContent: it is shown as text, never as HTML.
// The kernel validates and stores; this view only asks (model.send) and shows the result.

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

let counter = 0;
const ACK_TIMEOUT_MS = 10000;

// Drafts live in this device's storage until the kernel confirms the save, so a lost
// connection, a culled kernel or a reload never loses what someone was typing.
function draftKey(model, qid) {
  return `coprod-draft:${model.get("draft_key")}:${qid}`;
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage can be disabled (private browsing): drafts then live in the page only
  }
}

function render({ model, el: root }) {
  const uid = `coprod-notes-${++counter}`;
  const sections = new Map(); // question id -> {list, textarea, message, addButton}
  let nonce = 0;
  const pending = new Map(); // nonce -> question id

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

    const store = storage();
    const key = draftKey(model, q.id);
    if (store && store.getItem(key)) textarea.value = store.getItem(key);
    textarea.addEventListener("input", () => {
      if (!store) return;
      if (textarea.value) store.setItem(key, textarea.value);
      else store.removeItem(key);
    });

    const submit = () => {
      const text = textarea.value;
      if (!text.trim()) {
        message.textContent = "Please write something first.";
        message.dataset.kind = "error";
        textarea.focus();
        return;
      }
      nonce += 1;
      pending.set(nonce, q.id);
      message.textContent = "Saving…";
      message.dataset.kind = "pending";
      model.send({ action: "add", question: q.id, text, nonce });
      const sent = nonce;
      setTimeout(() => {
        if (!pending.has(sent)) return;
        pending.delete(sent);
        message.textContent =
          "Not saved yet: the connection to the workshop seems lost. Your text is kept on this device: reload the page and add it again.";
        message.dataset.kind = "error";
      }, ACK_TIMEOUT_MS);
    };
    addButton.addEventListener("click", submit);
    textarea.addEventListener("keydown", (event) => {
      // Ctrl+Enter (or Cmd+Enter) adds, as in chat apps; Enter alone is a new line.
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit();
      }
    });
    sections.set(q.id, { list, textarea, message, choice, question: q, key, store });
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
        if (qid === goals) text += ` The ones you post here are your personal goals for the training.`;
        s.choice.textContent = mine.length ? text : "";
      }
      if (!mine.length) {
        s.list.append(el("li", { class: "coprod-empty" }, "No responses yet."));
      }
      for (const r of mine) {
        const li = el("li", { class: "coprod-response" });
        const p = el("p", { dir: "auto", class: "coprod-response-text" }, r.text);
        li.append(p);
        const actions = el("div", { class: "coprod-actions" });
        if (limit > 0) {
          const cbId = `${uid}-post-${r.id}`;
          const cb = el("input", { type: "checkbox", id: cbId });
          cb.checked = !!r.posted;
          cb.disabled = !r.posted && posted >= limit;
          const cbLabel = el("label", { for: cbId, class: "coprod-post" }, "Post to the board");
          cb.addEventListener("change", () => {
            model.send({ action: "post", id: r.id, posted: cb.checked });
          });
          actions.append(cb, cbLabel);
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
    const qid = status.question || pending.get(status.nonce);
    const s = sections.get(qid);
    if (!s) return;
    s.message.textContent = status.text || "";
    s.message.dataset.kind = status.kind || "";
    if (status.kind === "saved" && pending.has(status.nonce)) {
      // Clear the box (and the draft) only once the kernel says the text is stored.
      s.textarea.value = "";
      if (s.store) s.store.removeItem(s.key);
    }
    pending.delete(status.nonce);
  }

  renderResponses();
  model.on("change:value", renderResponses);
  model.on("change:post_limit", renderResponses);
  model.on("change:status", renderStatus);
}

export default { render };
