// The time left, counted down in the browser. The page's clock may be wrong: the offset
// between the kernel's clock and this device's is taken whenever the kernel sends its time.
// Screen readers hear the time once when a timer starts (or the page opens), then only the last
// minute and the end, through a polite status that is always in the page (a live region that
// appears with its text is often not announced): a count read out every minute, let alone every
// second, talks over the person's own reading.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-timer");
  const clock = el("p", { class: "coprod-timer-clock", role: "timer" });
  const spoken = el("p", { class: "coprod-visually-hidden", role: "status" });
  root.append(clock, spoken);
  let offset = 0;
  let tick = null;
  let lastSpoken = null;
  let told = false; // the time left, said once per timer

  function text(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const minutes = Math.floor(total / 60);
    const seconds = String(total % 60).padStart(2, "0");
    return `${minutes}:${seconds}`;
  }

  function say(words) {
    if (words !== lastSpoken) {
      lastSpoken = words;
      spoken.textContent = words;
    }
  }

  function stop() {
    if (tick) clearInterval(tick);
    tick = null;
  }

  function draw() {
    const endsAt = model.get("ends_at");
    if (!endsAt) {
      clock.hidden = true;
      clock.textContent = "";
      stop();
      return;
    }
    clock.hidden = false;
    const left = endsAt - (Date.now() + offset);
    const label = model.get("label");
    if (left <= 0) {
      clock.textContent = `Time is up for ${label}`;
      clock.dataset.state = "up";
      say(`Time is up for ${label}`);
      stop();
      return;
    }
    clock.textContent = `Time left for ${label}: ${text(left)}`;
    clock.dataset.state = left <= 60000 ? "last-minute" : "running";
    const minutes = Math.ceil(left / 60000);
    if (!told || minutes === 1) say(`${minutes} minute${minutes === 1 ? "" : "s"} left for ${label}`);
    told = true;
  }

  function restart() {
    offset = model.get("server_now") ? model.get("server_now") - Date.now() : 0;
    lastSpoken = null;
    told = false;
    stop();
    if (model.get("ends_at")) tick = setInterval(draw, 500);
    draw();
  }
  model.on("change:ends_at", restart);
  model.on("change:server_now", restart);
  model.on("change:label", draw);
  restart();
  return stop;
}

export default { render };
