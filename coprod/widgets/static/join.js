// Joining a workshop: the code (filled in from the link) and a name of the person's choice.


function joinedBefore(code) {
  const storage = code && deviceStorage();
  if (!storage) return null;
  try {
    const saved = JSON.parse(storage.getItem(joinedKey(code)) || "null");
    const ok = saved && typeof saved.name === "string" && saved.name
      && typeof saved.query === "string" && /^p=[A-Za-z0-9_-]+$/.test(saved.query);
    return ok ? saved : null;
  } catch {
    return null;
  }
}

function render({ model, el: root }) {
  const uid = uniqueId("coprod-join");
  root.classList.add("coprod-widget", "coprod-join");
  const form = el("form", { class: "coprod-join-form", novalidate: "" });
  const heading = el("h2", { id: `${uid}-h` }, "Join the workshop");
  form.setAttribute("aria-labelledby", `${uid}-h`);

  const codeLabel = el("label", { for: `${uid}-code` }, "Workshop code");
  const code = el("input", {
    type: "text", id: `${uid}-code`, autocomplete: "off", autocapitalize: "characters",
    spellcheck: "false", maxlength: "16",
  });
  code.value = model.get("code");

  const nameLabel = el("label", { for: `${uid}-name` }, "Your name (as others will see it)");
  const nameHelp = el("p", { id: `${uid}-name-help`, class: "coprod-help" },
    "Any name you like: a first name or a nickname is fine.");
  const name = el("input", {
    type: "text", id: `${uid}-name`, autocomplete: "nickname", maxlength: "60",
    "aria-describedby": `${uid}-name-help`,
  });

  const notice = el("div", { class: "coprod-notice" });
  notice.append(el("h3", {}, "What is stored, and who sees it"), el("p", {}, model.get("notice")));

  const button = el("button", { type: "submit", class: "coprod-button" }, "Join");
  const message = el("p", { class: "coprod-message", role: "alert" });

  form.append(heading, codeLabel, code, nameLabel, nameHelp, name, notice, button, message);
  root.append(form);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    message.textContent = "Joining…";
    message.dataset.kind = "pending";
    button.disabled = true;
    model.send({ action: "join", code: code.value, name: name.value });
  });

  model.on("change:status", () => {
    const status = model.get("status") || {};
    message.textContent = status.text || "";
    message.dataset.kind = status.kind || "";
    button.disabled = status.kind === "saved";
    if (status.kind === "error") (status.field === "code" ? code : name).focus();
  });

  // Someone who joined this workshop on this device before (and lost their personal link, or
  // opened the join link again) is offered to go back to their own answers, not to join anew.
  const before = joinedBefore(code.value);
  if (before) {
    const back = el("section", { class: "coprod-join-back", "aria-labelledby": `${uid}-back` });
    const continueLink = el("a", { class: "coprod-button coprod-join-continue" }, `Continue as ${before.name}`);
    const url = new URL(window.location.href);
    url.search = before.query;
    url.hash = "";
    continueLink.href = url.toString();
    const someoneElse = el("button", { type: "button", class: "coprod-button coprod-secondary" }, "I am someone else");
    back.append(
      el("h2", { id: `${uid}-back` }, "Welcome back"),
      el("p", {}, `Someone has joined this workshop on this device as ${before.name}.`),
      continueLink, someoneElse);
    form.hidden = true;
    root.prepend(back);
    someoneElse.addEventListener("click", () => {
      back.remove();
      form.hidden = false;
      (code.value ? name : code).focus();
    });
    focusWhenShown(continueLink);
  } else {
    focusWhenShown(code.value ? name : code);
  }
}

// The view is drawn before the page puts it in the document: focus once it is there.
function focusWhenShown(node, tries = 50) {
  if (node.isConnected) node.focus();
  else if (tries > 0) setTimeout(() => focusWhenShown(node, tries - 1), 50);
}

export default { render };
