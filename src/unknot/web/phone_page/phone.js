// The phone page: shows the session the terminal app runs, plays its cues, and sends taps back as the
// runner's controls. State is pushed by the server on every change; between messages the countdown runs
// here from the time left, so a slow message never freezes it. A lost connection is retried for ever.
"use strict";

const CUES = ["start", "halfway", "tick", "switch", "end", "finish", "phase"];
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.search).get("token");

let socket = null;
let state = null;
let deadline = 0;      // performance.now() at which the current phase ends (while running)
let tickTimer = null;
let retryDelay = 500;
let audio = null;      // AudioContext, made on the first tap (browsers allow sound only after one)
let gain = null;
let volume = 1;
const buffers = {};
let wakeLock = null;

function format(seconds) {
  // As the app shows it: M:SS, H:MM:SS from an hour, part seconds rounded up.
  const whole = Math.max(0, Math.ceil(seconds - 1e-6));
  const h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
  const ss = String(s).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function showCountdown() {
  const el = $("countdown");
  if (!state || !state.active) { el.textContent = ""; return; }
  const left = state.running ? Math.max(0, (deadline - performance.now()) / 1000) : state.remaining;
  const text = format(left);
  el.textContent = text;
  el.className = text.length > 5 ? "hours" : text.length > 4 ? "long" : "";
  clearTimeout(tickTimer);
  if (state.running && left > 0) {
    const untilNext = ((left % 1) || 1) * 1000 + 5;   // just after the next whole second
    tickTimer = setTimeout(showCountdown, untilNext);
  }
}

function render() {
  const s = state;
  document.body.classList.toggle("paused", !!s.paused);
  document.body.classList.toggle("now", s.phase === "segment" && !s.paused);
  $("label").textContent = s.label;
  $("title").textContent = s.title;
  $("how").textContent = s.how;
  $("stop").textContent = s.stop || "";
  $("where").textContent = s.active ? `Step ${s.step} of ${s.steps} · ${s.routine}` : "";
  $("next").textContent = s.next;
  $("pause").textContent = s.paused ? "Resume" : "Pause";
  for (const b of document.querySelectorAll("#controls button")) b.disabled = !s.active;
  if ("mediaSession" in navigator) {
    navigator.mediaSession.playbackState = s.paused ? "paused" : "playing";
    if (window.MediaMetadata && s.active) {
      navigator.mediaSession.metadata = new MediaMetadata({ title: s.title, artist: s.label, album: s.routine });
    }
  }
  showCountdown();
}

function onState(s) {
  if (typeof s.volume === "number") volume = s.volume;
  state = s;
  deadline = performance.now() + s.remaining * 1000;
  render();
  if (s.cues && s.cues.length) {
    for (const cue of s.cues) play(cue);
    flash();
  }
  if (s.notice) say(s.notice);
}

function say(text) {
  // A short note in the status line (e.g. after "This hurts"), then back to the connection's state.
  const line = $("link");
  const before = line.textContent;
  line.textContent = text;
  setTimeout(() => { if (line.textContent === text) line.textContent = before; }, 4000);
}

function flash() {
  document.body.classList.add("flash");
  setTimeout(() => document.body.classList.remove("flash"), 400);
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = token ? `?token=${encodeURIComponent(token)}` : "";
  socket = new WebSocket(`${scheme}://${location.host}/ws${query}`);
  socket.onopen = () => { retryDelay = 500; $("link").textContent = "Connected · same Wi-Fi only"; };
  socket.onmessage = (event) => onState(JSON.parse(event.data));
  socket.onclose = () => {
    // The session goes on in the terminal; this page only lost sight of it. Try again, a little slower
    // each time, up to every 5 s.
    $("link").textContent = "Connection lost · reconnecting…";
    socket = null;
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  };
}

function send(control) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ control }));
}

async function enableSound() {
  // One tap: sound, the screen kept awake, and the media keys.
  $("sound").hidden = true;
  keepAwake();
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  audio = new Context();
  gain = audio.createGain();
  gain.connect(audio.destination);
  await audio.resume();
  await Promise.all(CUES.map(async (cue) => {
    try {
      const response = await fetch(`/sounds/${cue}.wav`, { credentials: "same-origin" });
      buffers[cue] = await audio.decodeAudioData(await response.arrayBuffer());
    } catch (err) { /* that cue stays silent; the flash still shows it */ }
  }));
}

function play(cue) {
  if (!audio || !buffers[cue]) return;
  const source = audio.createBufferSource();
  source.buffer = buffers[cue];
  gain.gain.value = volume;
  source.connect(gain);
  source.start();
}

async function keepAwake() {
  if (!("wakeLock" in navigator)) return;
  try {
    wakeLock = await navigator.wakeLock.request("screen");
    wakeLock.addEventListener("release", () => { wakeLock = null; });
  } catch (err) { wakeLock = null; }
}

document.addEventListener("visibilitychange", () => {
  // The browser drops the wake lock when the page is hidden; take it again when it comes back.
  if (document.visibilityState === "visible" && audio && !wakeLock) keepAwake();
  if (document.visibilityState === "visible" && !socket) connect();
});

$("sound").addEventListener("click", enableSound);
for (const button of document.querySelectorAll("#controls button")) {
  button.addEventListener("click", () => send(button.dataset.control));
}
if ("mediaSession" in navigator) {
  const actions = { play: "toggle_pause", pause: "toggle_pause", nexttrack: "next", previoustrack: "previous" };
  for (const [action, control] of Object.entries(actions)) {
    try { navigator.mediaSession.setActionHandler(action, () => send(control)); } catch (err) { /* unsupported */ }
  }
}
connect();
