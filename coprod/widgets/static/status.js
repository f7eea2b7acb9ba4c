// One live region for a page part's news: created once, its text changed in place, so a
// screen reader announces each message. Errors use the same region, marked for sight.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-status");
  const line = el("p", { class: "coprod-status-line", role: "status" });
  root.append(line);

  function draw() {
    line.replaceChildren();
    line.dataset.kind = model.get("kind") || "";
    const text = model.get("text") || "";
    if (text) line.append(document.createTextNode(text));
    const link = model.get("link") || {};
    // Only links to this server's pages: a crafted kernel value cannot point elsewhere or run script.
    if (link.href && link.text && /^(\.\/|\/|https?:\/\/)/.test(link.href)) {
      line.append(document.createTextNode(" "));
      const a = el("a", { href: link.href, target: "_blank", rel: "noopener" }, link.text);
      line.append(a);
    }
  }
  model.on("change:text", draw);
  model.on("change:kind", draw);
  model.on("change:link", draw);
  draw();
}

export default { render };
