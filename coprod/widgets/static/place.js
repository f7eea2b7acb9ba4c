// Going to the top of an activity: the heading marked data-coprod-heading="<id>" is brought to
// the top of the screen and focused, so a screen reader starts there and the next Tab is inside
// the activity. The activity's widgets may be drawn a moment after this model changes: look for
// the heading on each frame for a few seconds.

// What stays at the top of the screen while it scrolls: the participant's timer. Its height
// grows with the text (three lines on a phone with its text at 200 %), past place.css's fixed
// scroll-margin: once the heading is brought up, what the timer still covers of it is added to
// its margin, and it is brought up again.
const STICKY = ".coprod-app-timer";
const GAP = 8;

function covered(heading) {
  let bottom = 0;
  for (const e of document.querySelectorAll(STICKY)) {
    const r = e.getBoundingClientRect();
    if (e.offsetParent !== null && r.height > 0) bottom = Math.max(bottom, r.bottom);
  }
  return bottom + GAP - heading.getBoundingClientRect().top;
}

function bringUp(heading) {
  heading.style.scrollMarginTop = "";
  heading.scrollIntoView({ block: "start", behavior: "instant" });
  const under = covered(heading);
  if (under > 0) {
    heading.style.scrollMarginTop = `${parseFloat(getComputedStyle(heading).scrollMarginTop) + under}px`;
    heading.scrollIntoView({ block: "start", behavior: "instant" });
  }
}

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
      bringUp(heading);
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
