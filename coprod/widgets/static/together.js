// Texts written together (a group text, a shared list's entry): what text.js and list.js share.
// A box saves a moment after its person pauses, and as soon as a word is finished; the kernel
// merges it with what others saved meanwhile; others' changes are folded into the box without
// moving the cursor or the selection, and "Bo is typing…" says who else is at it.

const IDLE_MS = 600; // a pause in typing this long saves
const EVERY_MS = 2000; // typing on, at most this long from the first key not saved to its save
const GAP_MS = 1200; // and at least this long between saves: a person's save budget refills at one a second
// A word just finished (a space, a sign or a new line typed after it) is saved as soon as the
// gap allows, not after a pause: the others see whole words about a second sooner, for about
// as many saves (bench/writing_together.py measures both). Half-typed words are saved only on
// a pause or after EVERY_MS: two people's half-words that look alike ("t", "th") would be taken
// by the merge for one, and the rest of one of them could lose its start.
const TYPING_SHOWN_MS = 4000; // "Bo is typing…" stays this long after Bo's last save

const WORD_END = /[\p{L}\p{N}_]$/u;
const WORD_START = /^[\p{L}\p{N}_]/u;
const TYPING_MS = 3000; // someone who typed within this long is still typing

// How long to wait before saving, after a key: `lastSent` when the last save went out,
// `wordDone` whether a word was finished since, `since` when the first key not saved was typed.
function saveDelay(lastSent, wordDone, since) {
  const waited = Date.now() - lastSent;
  return wordDone ? GAP_MS - waited : Math.max(GAP_MS - waited, Math.min(IDLE_MS, EVERY_MS - (Date.now() - since)));
}

// Whether the key just typed into `box` finished a word: a sign or a space right after one.
function finishedWord(box) {
  const p = box.selectionStart;
  return p === box.selectionEnd && p > 0 && !WORD_END.test(box.value.slice(p - 1, p))
    && WORD_END.test(box.value.slice(0, p - 1));
}

// Where position `p` of `text` goes when `edits` ([start, end, inserted], first to last, on
// that text) are applied. A cursor inside a replaced part goes after the replacement. Text
// inserted just at the cursor goes after the cursor when it starts with a space or a sign
// (the person goes on with their word or their line), and before it otherwise, so that the
// next word the person types is not glued to the start of someone else's.
function mapPosition(p, edits) {
  let shift = 0;
  for (const [a, b, ins] of edits) {
    if (b < p || (b === p && a < b)) shift += ins.length - (b - a);
    else if (a < p) return a + shift + ins.length;
    else if (a === p && b === p && WORD_START.test(ins)) shift += ins.length;
    else break;
  }
  return p + shift;
}

function applyEdits(text, edits) {
  let out = text;
  for (let i = edits.length - 1; i >= 0; i -= 1) {
    const [a, b, ins] = edits[i];
    out = out.slice(0, a) + ins + out.slice(b);
  }
  return out;
}

// The one change from `a` to `b` (what was typed between two moments), as an edit on `a`.
function oneEdit(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA -= 1; endB -= 1; }
  return [start, endA, b.slice(start, endB)];
}

// Put `text` in `box` (a textarea or a text input), moving the cursor and selection through
// `edits` (on the box's current content); focus and scrolling are left as they are. Where
// someone's word now touches the cursor, a space is put between them, as the person would:
// their next word is not glued to someone else's (the space is theirs, saved with their next save).
function setBox(box, text, edits) {
  if (box.value === text) return;
  const focused = document.activeElement === box;
  const old = box.value;
  const p = box.selectionStart;
  const collapsed = p === box.selectionEnd;
  let start = mapPosition(p, edits);
  let end = mapPosition(box.selectionEnd, edits);
  const direction = box.selectionDirection;
  const top = box.scrollTop;
  if (focused && collapsed) {
    const midWord = WORD_END.test(old.slice(0, p));
    if (!midWord && WORD_END.test(text.slice(0, start))) {
      text = `${text.slice(0, start)} ${text.slice(start)}`;
      start = end = start + 1;
    } else if (midWord && WORD_START.test(text.slice(start)) && !WORD_START.test(old.slice(p))) {
      text = `${text.slice(0, start)} ${text.slice(start)}`;
    }
  }
  box.value = text;
  if (focused) box.setSelectionRange(start, end, direction);
  box.scrollTop = top;
}

// The kernel's text `to` holds the words of `from` and others' changes (`edits` on `from`).
// Fold them into what is in `box` now, which may have more typing than `from`. Returns false
// when the person's latest typing and the others' changes touch the same place: the box then
// stays as it is, and the next save lets the kernel merge them.
function foldInto(box, from, to, edits) {
  const now = box.value;
  if (now === from) {
    setBox(box, to, edits);
    return true;
  }
  const [ls, le, typed] = oneEdit(from, now);
  const shift = typed.length - (le - ls);
  const moved = [];
  // A change right against the person's latest typing waits too: folded in here it could glue
  // their half-typed word to someone else's.
  for (const [a, b, ins] of edits) {
    if (a > le) moved.push([a + shift, b + shift, ins]);
    else if (b < ls) moved.push([a, b, ins]);
    else return false;
  }
  setBox(box, applyEdits(now, moved), moved);
  return true;
}

// "Bo is typing…" in `note`: `see(names)` when their saves arrive; each name stays
// TYPING_SHOWN_MS after its last save.
function typingNote(note) {
  const seen = new Map();
  let timer = null;
  function show() {
    const now = Date.now();
    for (const [name, at] of seen) if (now - at > TYPING_SHOWN_MS) seen.delete(name);
    const names = [...seen.keys()];
    note.textContent = names.length === 0 ? ""
      : names.length === 1 ? `${names[0]} is typing…`
        : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are typing…`;
    clearTimeout(timer);
    if (names.length) timer = setTimeout(show, 1000);
  }
  return {
    see(names) {
      for (const name of names || []) seen.set(String(name), Date.now());
      show();
    },
  };
}
