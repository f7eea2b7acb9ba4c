// One button: the kernel makes the file and sends it back as a binary buffer, which
// becomes a download here. The status line says when it is being made and when it is ready.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-download");
  const button = el("button", { type: "button", class: "coprod-button coprod-secondary" });
  const message = el("p", { class: "coprod-message", role: "status" });
  root.append(button, message);
  let nonce = 0;

  function draw() {
    button.textContent = model.get("label");
  }
  button.addEventListener("click", () => {
    nonce += 1;
    button.disabled = true;
    message.dataset.kind = "";
    message.textContent = "Making the file…";
    model.send({ action: "download", nonce });
  });
  model.on("msg:custom", (msg, buffers) => {
    if (!msg || msg.action !== "file" || !buffers || !buffers.length) return;
    const blob = new Blob([buffers[0]], { type: msg.type || "application/octet-stream" });
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: msg.name || "download" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
  model.on("change:status", () => {
    button.disabled = false;
  });
  model.on("change:label", draw);
  followStatus(model, message);
  draw();
}

export default { render };
