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
