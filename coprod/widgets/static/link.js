// The participant's personal link. Putting it in the address bar (replaceState, no reload)
// means a reload or a bookmark brings the person back to their own answers. It is also kept in
// this device's storage under the workshop's code (joinedKey, in common.js), so that the join
// link opened again on this device offers "Continue as <name>" instead of a new person.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-link");
  const url = new URL(window.location.href);
  url.search = model.get("query");
  url.hash = "";
  window.history.replaceState(null, "", url.toString());
  function remember() {
    const storage = deviceStorage();
    if (!storage || !model.get("code")) return;
    try {
      storage.setItem(joinedKey(model.get("code")),
        JSON.stringify({ name: model.get("name"), query: model.get("query") }));
    } catch {
      // storage full or refused: the personal link still works, only the offer is lost
    }
  }
  remember();
  model.on("change:name", remember);

  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Your personal link (to come back later, on any device)";
  const help = document.createElement("p");
  help.textContent = "Keep this link private: anyone who has it can see and change your answers.";
  const link = document.createElement("a");
  link.href = url.toString();
  link.textContent = url.toString();
  link.className = "coprod-link-url";
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "coprod-button coprod-secondary";
  copy.textContent = "Copy link";
  const said = document.createElement("span");
  said.setAttribute("role", "status");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(url.toString());
      said.textContent = "Copied.";
    } catch {
      // No clipboard over plain http on another machine: select the text for a manual copy.
      const range = document.createRange();
      range.selectNodeContents(link);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      said.textContent = "Selected: copy it with your device's copy command.";
    }
  });
  details.append(summary, help, link, document.createElement("br"), copy, said);
  root.append(details);
}

export default { render };
