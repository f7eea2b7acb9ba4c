// Going to the top of an activity: the heading marked data-coprod-heading="<id>" is brought to
// the top of the screen and focused, so a screen reader starts there and the next Tab is inside
// the activity. The activity's widgets may be drawn a moment after this model changes: look for
// the heading on each frame for a few seconds.

function render({ model, el: root }) {
  root.classList.add("coprod-widget", "coprod-place");
  let seen = model.get("seq");
  let frame = null;

  function go() {
    const target = model.get("target");
    const until = Date.now() + 5000;
    if (frame) cancelAnimationFrame(frame);
    const look = () => {
      const heading = [...document.querySelectorAll("[data-coprod-heading]")]
        .find((h) => h.dataset.coprodHeading === target && h.offsetParent !== null);
      if (!heading) {
        if (Date.now() < until) frame = requestAnimationFrame(look);
        return;
      }
      frame = null;
      heading.setAttribute("tabindex", "-1");
      heading.scrollIntoView({ block: "start", behavior: "instant" });
      heading.focus({ preventScroll: true });
    };
    look();
  }

  model.on("change:seq", () => {
    if (model.get("seq") !== seen) {
      seen = model.get("seq");
      go();
    }
  });
  return () => frame && cancelAnimationFrame(frame);
}

export default { render };
