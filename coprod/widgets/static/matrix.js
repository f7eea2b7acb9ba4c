// Ratings in a table: a row per stakeholder group, a column per question ("now", "should"),
// each cell a labelled select, so a tap or the keyboard chooses; the kernel validates.

function render({ model, el: root }) {
  const uid = uniqueId("coprod-matrix");
  root.classList.add("coprod-widget", "coprod-matrix");
  // coprod-stack: one card per stakeholder group on a narrow screen (coprod.css), each select
  // under its column's heading (data-label), so "Should hold" is never off the side of a phone.
  const table = el("table", { class: "coprod-table coprod-matrix-table coprod-stack" });
  const caption = el("caption", {}, model.get("caption"));
  const message = el("p", { class: "coprod-message", role: "status" });
  root.append(table, message);

  function draw() {
    const value = model.get("value");
    const columns = model.get("columns");
    const scale = model.get("scale");
    table.replaceChildren(caption);
    const head = el("tr");
    head.append(el("th", { scope: "col" }, model.get("row_heading")));
    for (const c of columns) head.append(el("th", { scope: "col" }, c.label));
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    for (const row of model.get("rows")) {
      const tr = el("tr");
      tr.append(el("th", { scope: "row", "data-label": model.get("row_heading") }, row.label));
      for (const c of columns) {
        const td = el("td", { "data-label": c.label });
        const id = `${uid}-${row.id}-${c.id}`;
        const select = el("select", { id, "aria-label": `${row.label}: ${c.label} (${model.get("caption")})` });
        select.append(el("option", { value: "" }, "Choose"));
        scale.forEach((label, index) => {
          const option = el("option", { value: String(index) }, label);
          select.append(option);
        });
        const current = (value[row.id] || {})[c.id];
        select.value = current === undefined ? "" : String(current);
        select.addEventListener("change", () => {
          if (select.value === "") return;
          model.send({ action: "rate", row: row.id, column: c.id, choice: Number(select.value) });
        });
        td.append(select);
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(thead, tbody);
  }
  model.on("change:value", draw);
  followStatus(model, message, draw);
  draw();
}

export default { render };
