// The list of activities: where the participant is, what they have done, what is locked.
// Buttons in a nav landmark; the current one carries aria-current, so a screen reader says
// where you are; a locked one says so in its name, and the kernel refuses to open it.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-nav");
  // On a phone the list would push the activity far down: it folds away, showing where
  // you are, and folds again after a choice. On a wider screen it stays open.
  const narrow = window.matchMedia("(max-width: 640px)").matches;
  const box = el("details", { class: "coprod-nav-box" });
  box.open = !narrow;
  const summary = el("summary", { class: "coprod-nav-summary" });
  const nav = el("nav", { "aria-label": model.get("title") });
  const list = el("ol", { class: "coprod-nav-list" });
  const message = el("p", { class: "coprod-message", role: "status" });
  nav.append(list);
  box.append(summary, nav);
  root.append(box, message);

  function draw() {
    const current = model.get("value");
    const here = model.get("items").find((item) => item.id === current);
    const title = model.get("title");
    summary.textContent = here ? `${title}: now ${here.label}` : title;
    list.replaceChildren();
    for (const item of model.get("items")) {
      const li = el("li");
      const button = el("button", { type: "button", class: "coprod-nav-item" });
      button.dataset.state = item.state;
      const badge = { done: "Done", locked: "Locked", open: "" }[item.state] || "";
      button.append(el("span", { class: "coprod-nav-label" }, item.label));
      if (badge) button.append(el("span", { class: "coprod-nav-badge" }, badge));
      button.setAttribute("aria-label", badge ? `${item.label} (${badge.toLowerCase()})` : item.label);
      if (item.id === current) button.setAttribute("aria-current", "page");
      button.addEventListener("click", () => {
        model.send({ action: "open", id: item.id });
        if (narrow && item.state !== "locked") box.open = false;
      });
      li.append(button);
      list.append(li);
    }
  }
  model.on("change:value", draw);
  model.on("change:items", draw);
  followStatus(model, message);
  draw();
}

export default { render };
