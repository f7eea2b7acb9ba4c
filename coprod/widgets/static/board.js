// The facilitator's board: posted notes collated in columns. Text is set with textContent.


function render({ model, el: root }) {
  const uid = uniqueId("coprod-board");
  root.classList.add("coprod-widget", "coprod-board");
  const summary = el("p", { class: "coprod-board-summary", role: "status", "aria-live": "polite" });
  const grid = el("div", { class: "coprod-board-columns" });
  root.append(summary, grid);

  function draw() {
    const columns = model.get("value");
    grid.replaceChildren();
    let total = 0;
    columns.forEach((column, i) => {
      const section = el("section", { class: "coprod-board-column", "aria-labelledby": `${uid}-${i}` });
      section.append(el("h3", { id: `${uid}-${i}` }, column.heading));
      const list = el("ul", { class: "coprod-board-notes", "aria-labelledby": `${uid}-${i}` });
      for (const note of column.notes) {
        const li = el("li", { class: "coprod-board-note" });
        li.append(el("p", { dir: "auto", class: "coprod-board-text" }, note.text));
        if (note.author) li.append(el("p", { dir: "auto", class: "coprod-board-author" }, note.author));
        list.append(li);
      }
      if (!column.notes.length) list.append(el("li", { class: "coprod-empty" }, "Nothing posted yet."));
      total += column.notes.length;
      section.append(list);
      grid.append(section);
    });
    summary.textContent = `${total} ${total === 1 ? "note" : "notes"} posted.`;
  }

  draw();
  model.on("change:value", draw);
}

export default { render };
