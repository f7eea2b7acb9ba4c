// Text size and contrast, for this participant: a class on the page's root element, so
// that every part of the page (and every widget) follows.

const SIZES = ["standard", "large", "larger"];

function apply(size, contrast) {
  const root = document.documentElement;
  for (const s of SIZES) root.classList.toggle(`coprod-size-${s}`, s === size);
  root.classList.toggle("coprod-contrast-high", contrast === "high");
}

function render({ model, el: root }) {
  const uid = uniqueId("coprod-comfort");
  root.classList.add("coprod-widget", "coprod-comfort");
  const box = el("details", { class: "coprod-comfort-box" });
  box.append(el("summary", {}, "Text size and contrast"));
  const sizes = el("fieldset");
  sizes.append(el("legend", {}, "Text size"));
  for (const s of SIZES) {
    const id = `${uid}-${s}`;
    const input = el("input", { type: "radio", name: `${uid}-size`, id, value: s });
    input.addEventListener("change", () => model.send({ action: "set", size: s }));
    const option = el("div", { class: "coprod-comfort-option" });
    option.append(input, el("label", { for: id }, s[0].toUpperCase() + s.slice(1)));
    sizes.append(option);
  }
  const contrastId = `${uid}-contrast`;
  const contrast = el("input", { type: "checkbox", id: contrastId });
  contrast.addEventListener("change", () => model.send({ action: "set", contrast: contrast.checked ? "high" : "standard" }));
  const contrastRow = el("div", { class: "coprod-comfort-option" });
  contrastRow.append(contrast, el("label", { for: contrastId }, "High contrast"));
  box.append(sizes, contrastRow);
  root.append(box);

  // Each control is drawn from its own trait only: the kernel's answer to a change of size
  // must not undo a contrast box ticked meanwhile (its own answer is on its way).
  function drawSize() {
    const size = model.get("size");
    for (const input of sizes.querySelectorAll("input")) input.checked = input.value === size;
    apply(size, model.get("contrast"));
  }
  function drawContrast() {
    contrast.checked = model.get("contrast") === "high";
    apply(model.get("size"), model.get("contrast"));
  }
  model.on("change:size", drawSize);
  model.on("change:contrast", drawContrast);
  drawSize();
  drawContrast();
}

export default { render };
