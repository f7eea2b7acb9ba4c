// Shared by every coprod widget: Python puts this before each widget's own module.

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text; // text, never HTML
  return node;
}

let coprodCounter = 0;
function uniqueId(prefix) {
  coprodCounter += 1;
  return `${prefix}-${coprodCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

// Show the kernel's word on the last request in `message`; `onError` redraws what it refused.
function followStatus(model, message, onError) {
  model.on("change:status", () => {
    const status = model.get("status") || {};
    message.textContent = status.text || "";
    message.dataset.kind = status.kind || "";
    if (status.kind === "error" && onError) onError();
  });
}

// How long to wait for the kernel to confirm a save: longer than the store's busy timeout
// (30 s), so a save that waited on a lock is not reported lost and then made twice.
const ACK_TIMEOUT_MS = 45000;

// Drafts live in this device's storage until the kernel confirms the save, so a lost
// connection, a culled kernel or a reload never loses what someone was typing.
function deviceStorage() {
  try {
    return window.localStorage;
  } catch {
    return null; // storage can be disabled (private browsing): drafts then live in the page only
  }
}

// Where this device keeps the personal link of the person who joined a workshop (by its code).
function joinedKey(code) {
  return `coprod-joined:${String(code).replace(/\s+/g, "").toUpperCase()}`;
}

// Ctrl+Enter (or Cmd+Enter) submits, as in chat apps; Enter alone is a new line.
function submitOnCtrlEnter(textarea, submit) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  });
}
