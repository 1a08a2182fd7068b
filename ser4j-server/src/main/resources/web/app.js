// ser4j web page: upload a recording or stream the microphone, show probabilities, waveform and timeline.
// Plain browser JavaScript, no build step and no external resources.
'use strict';

// The model's labels replace these once /api/model answers: a model may have any label set.
let EMOTIONS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const COLORS = {
  neutral: '#9aa5b1', calm: '#4fb3bf', happy: '#f7b32b', sad: '#3d6fb6',
  angry: '#e4572e', fearful: '#8e6cc1', disgust: '#6a994e', surprised: '#f28482'
};
const SPARE_COLORS = ['#2a9d8f', '#b5838d', '#e9c46a', '#577590', '#bc6c25', '#7209b7', '#90be6d', '#f94144',
  '#43aa8b', '#9c6644'];
/** Uses the model's labels; a label without a colour of its own gets the next spare one. */
function setLabels(labels) {
  if (!Array.isArray(labels) || labels.length === 0) return;
  EMOTIONS = labels.map(String);
  let spare = 0;
  for (const l of EMOTIONS) {
    if (!Object.prototype.hasOwnProperty.call(COLORS, l)) COLORS[l] = SPARE_COLORS[spare++ % SPARE_COLORS.length];
  }
  drawLegend();
}
const SILENT_COLOR = '#dfe3ea';
const NO_SPEECH_COLOR = '#b9c0cb';

/** Why a prediction or segment has no emotion ('silence', 'no speech'), or null when it has one. */
function noEmotion(p) {
  if (p.status === 'no-speech') return 'no speech';
  return p.silent ? 'silence' : null;
}
const LIVE_SECONDS_SHOWN = 60;     // live timeline: the last minute
const LIVE_WAVE_SECONDS = 8;       // live waveform: the last seconds
const $ = (id) => document.getElementById(id);

const state = { window: 3, hop: 1.5, live: null, liveSegments: [], livePeaks: [] };

// ---------- helpers ----------
function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = false;
  status(null);
}
function clearError() { $('error').hidden = true; }
function status(message) {
  const s = $('status');
  s.hidden = !message;
  s.textContent = message || '';
}
function pct(p) { return (100 * p).toFixed(1) + '%'; }
function bump(el) { el.dataset.updates = String(Number(el.dataset.updates || 0) + 1); }

/** Sizes a canvas to its CSS box at the device pixel ratio and returns a context in CSS pixels. */
function prepare(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '12px system-ui, sans-serif';
  return { ctx, w, h };
}

// ---------- model info ----------
async function loadModel() {
  try {
    const res = await fetch('/api/model');
    const m = await res.json();
    setLabels(m.labels);
    state.window = m.window;
    state.hop = m.hop;
    state.sampleRate = m.sampleRate;
    $('window-seconds').textContent = +m.window.toFixed(2);
    $('hop-seconds').textContent = +m.hop.toFixed(2);
    const d = m.model || {};
    const parts = [];
    if (d.architecture) parts.push('<b>' + escapeHtml(d.architecture) + '</b>');
    if (d.preset) parts.push('preset ' + escapeHtml(d.preset));
    // The figure that matters to a user: accuracy on held-out test clips (speakers never heard in
    // training, under a speaker protocol), not the training loss.
    const metrics = d.metrics || {};
    const split = d.split || {};
    if (typeof metrics.test_unweighted_accuracy === 'number') {
      let held = 'test unweighted accuracy ' + metrics.test_unweighted_accuracy.toFixed(3);
      if (Array.isArray(split.testSpeakers) && split.testSpeakers.length) {
        held += ' on unseen speakers ' + split.testSpeakers.map((x) => escapeHtml(String(x))).join(', ');
      }
      parts.push(held);
    } else if (typeof metrics.validation_unweighted_accuracy === 'number') {
      // a model trained without a test part (every speaker but the validation ones): its validation
      // speakers were never trained on, but they chose the kept epoch, so say which figure it is
      parts.push('validation unweighted accuracy ' + metrics.validation_unweighted_accuracy.toFixed(3)
          + ' (speakers not trained on, who chose the kept epoch; no test part)');
    }
    parts.push(m.labels.length + ' classes · ' + m.sampleRate / 1000 + ' kHz');
    $('model-info').innerHTML = parts.join(' · ');
  } catch (e) {
    $('model-info').textContent = 'model information unavailable';
  }
}
function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// ---------- drawing ----------
function drawBars(probabilities) {
  const { ctx, w, h } = prepare($('bars'));
  const labelW = 78, valueW = 52, rowH = h / EMOTIONS.length;
  const top = EMOTIONS.reduce((a, b) => (probabilities[b] > probabilities[a] ? b : a), EMOTIONS[0]);
  EMOTIONS.forEach((e, i) => {
    const p = probabilities[e] || 0;
    const y = i * rowH;
    const barH = Math.min(18, rowH * 0.62);
    const by = y + (rowH - barH) / 2;
    ctx.fillStyle = e === top ? '#1d2430' : '#6b7482';
    ctx.font = (e === top ? '600 ' : '') + '13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(e, 0, y + rowH / 2);
    ctx.fillStyle = '#eef0f4';
    roundRect(ctx, labelW, by, w - labelW - valueW, barH, 4);
    ctx.fill();
    ctx.fillStyle = COLORS[e];
    roundRect(ctx, labelW, by, Math.max(2, (w - labelW - valueW) * p), barH, 4);
    ctx.fill();
    ctx.fillStyle = '#1d2430';
    ctx.textAlign = 'right';
    ctx.fillText(pct(p), w, y + rowH / 2);
  });
}

function roundRect(ctx, x, y, w, h, r) {
  r = Math.min(r, w / 2, h / 2);
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** peaks: array of [min, max] per column-ish bucket spanning the whole canvas. */
function drawWave(peaks, note) {
  const { ctx, w, h } = prepare($('waveform'));
  ctx.fillStyle = '#f7f8fb';
  ctx.fillRect(0, 0, w, h);
  ctx.strokeStyle = '#e3e6ec';
  ctx.beginPath();
  ctx.moveTo(0, h / 2);
  ctx.lineTo(w, h / 2);
  ctx.stroke();
  if (!peaks || peaks.length === 0) {
    ctx.fillStyle = '#6b7482';
    ctx.textAlign = 'center';
    ctx.fillText(note || 'no waveform', w / 2, h / 2 - 8);
    return;
  }
  let max = 0.05;
  for (const [lo, hi] of peaks) max = Math.max(max, -lo, hi);
  ctx.fillStyle = '#3557d6';
  const colW = w / peaks.length;
  peaks.forEach(([lo, hi], i) => {
    const y1 = h / 2 - (hi / max) * (h / 2 - 4);
    const y2 = h / 2 - (lo / max) * (h / 2 - 4);
    ctx.fillRect(i * colW, y1, Math.max(1, colW - 0.3), Math.max(1, y2 - y1));
  });
}

function peaksOf(samples, buckets) {
  const out = [];
  const per = Math.max(1, Math.floor(samples.length / buckets));
  for (let b = 0; b + per <= samples.length; b += per) {
    let lo = 0, hi = 0;
    for (let i = b; i < b + per; i++) {
      const v = samples[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.push([lo, hi]);
  }
  return out;
}

/** Stacked class probabilities per segment along time; silent segments light grey, segments without speech darker grey. */
function drawTimeline(segments, from, to) {
  const { ctx, w, h } = prepare($('timeline'));
  const axisH = 18, plotH = h - axisH;
  const x = (t) => ((t - from) / Math.max(1e-9, to - from)) * w;
  const centres = segments.map((s) => (s.start + s.end) / 2);
  segments.forEach((s, i) => {
    const left = i === 0 ? s.start : (centres[i - 1] + centres[i]) / 2;
    const right = i === segments.length - 1 ? s.end : (centres[i] + centres[i + 1]) / 2;
    if (right < from) return;
    const x0 = x(Math.max(from, left)), x1 = x(right);
    const bw = Math.max(1, x1 - x0 - 1);
    if (noEmotion(s)) {
      ctx.fillStyle = s.silent ? SILENT_COLOR : NO_SPEECH_COLOR;
      ctx.fillRect(x0, 0, bw, plotH);
    } else {
      let y = plotH;
      for (const e of EMOTIONS) {
        const hh = (s.probabilities[e] || 0) * plotH;
        ctx.fillStyle = COLORS[e];
        ctx.fillRect(x0, y - hh, bw, hh);
        y -= hh;
      }
    }
    if (bw > 46) {
      ctx.fillStyle = 'rgba(255,255,255,0.92)';
      const label = noEmotion(s) || s.emotion;
      const tw = ctx.measureText(label).width + 8;
      ctx.fillRect(x0 + bw / 2 - tw / 2, 6, tw, 17);
      ctx.fillStyle = '#1d2430';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(label, x0 + bw / 2, 15);
    }
  });
  // time axis
  ctx.fillStyle = '#6b7482';
  ctx.textBaseline = 'top';
  const span = to - from;
  const step = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300].find((s) => span / s <= 12) || 600;
  for (let t = Math.ceil(from / step) * step; t <= to + 1e-9; t += step) {
    const px = x(t);
    ctx.fillRect(px, plotH, 1, 4);
    ctx.textAlign = px < 12 ? 'left' : px > w - 12 ? 'right' : 'center';
    ctx.fillText(formatTime(t), px, plotH + 5);
  }
}
function formatTime(t) {
  return t >= 60 ? Math.floor(t / 60) + ':' + String(Math.round(t % 60)).padStart(2, '0') : (+t.toFixed(1)) + ' s';
}

function drawLegend() {
  $('legend').innerHTML = EMOTIONS.map((e) => '<span><i style="background:' + COLORS[e] + '"></i>' + escapeHtml(e) + '</span>').join('')
    + '<span><i style="background:' + SILENT_COLOR + '"></i>silence</span>'
    + '<span><i style="background:' + NO_SPEECH_COLOR + '"></i>no speech</span>';
}

// ---------- results ----------
function showVerdict(p, source, detail) {
  $('result').hidden = false;
  $('result-source').textContent = source;
  const el = $('result-emotion');
  const none = noEmotion(p);
  el.textContent = none || p.emotion;
  el.style.color = none ? '#6b7482' : COLORS[p.emotion];
  $('result-confidence').textContent = none === 'silence' ? 'too quiet to classify'
    : none ? 'no speech heard (noise, music or hum): not classified'
    : 'confidence ' + pct(p.confidence) + (detail ? ' · ' + detail : '');
  const warnings = (p.recording && p.recording.warnings) || [];
  $('result-warnings').textContent = warnings.join(' · ');
  $('result-warnings').hidden = warnings.length === 0;
  const heard = heardOf(p.recording);
  $('result-heard').textContent = heard;
  $('result-heard').hidden = !heard;
  drawBars(p.probabilities);
  bump(el);
}

/** What the recording check measured, in a line: speech level, SNR, speech share, reverberation. */
function heardOf(r) {
  if (!r) return '';
  const parts = [];
  const num = (v) => typeof v === 'number' && isFinite(v);
  if (num(r.speech_level_dbfs)) parts.push('speech level ' + Math.round(r.speech_level_dbfs) + ' dBFS');
  if (num(r.snr_db)) parts.push('SNR ' + Math.round(r.snr_db) + ' dB');
  if (num(r.speech_share)) parts.push('speech ' + Math.round(100 * r.speech_share) + '% of the time');
  if (num(r.reverberation_s)) parts.push('reverberation ' + r.reverberation_s.toFixed(1) + ' s');
  return parts.length ? 'heard: ' + parts.join(' · ') : '';
}

function showPrediction(p, name, samples) {
  status(null);
  const detail = p.duration.toFixed(1) + ' s' + (p.segments.length > 1 ? ' · ' + p.segments.length + ' windows' : '');
  showVerdict(p, name, detail);
  $('wave-title').textContent = 'Waveform';
  drawWave(samples ? peaksOf(samples, 520) : null, 'this browser cannot draw the waveform of this format');
  const long = p.segments.length > 1;
  $('timeline-block').hidden = !long;
  if (long) {
    $('timeline-hint').textContent = '(windows of ' + +state.window.toFixed(2) + ' s every ' + +state.hop.toFixed(2) + ' s)';
    drawTimeline(p.segments, 0, Math.max(p.duration, p.segments[p.segments.length - 1].end));
  }
}

// ---------- upload ----------
async function post(blob, name, eachChannel) {
  const form = new FormData();
  form.append('audio', blob, name);
  const res = await fetch('/api/predict' + (eachChannel ? '?channels=each' : ''), { method: 'POST', body: form });
  return { res, body: await res.json() };
}

/**
 * A verdict per channel (a call with one speaker per channel): a tab per channel, each showing that
 * channel's verdict, probabilities, waveform and timeline; the first is shown.
 */
function showChannels(body, name, planes) {
  const tabs = $('channel-tabs');
  tabs.innerHTML = '';
  const select = (i) => {
    tabs.querySelectorAll('button').forEach((b, j) => b.setAttribute('aria-selected', String(i === j)));
    const c = body.channels[i];
    showPrediction(c, name + ' · channel ' + c.channel, planes ? planes[i] : null);
  };
  body.channels.forEach((c, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'tab');
    b.dataset.channel = String(c.channel);
    const none = noEmotion(c);
    b.textContent = 'Channel ' + c.channel + ': ' + (none || c.emotion + ' ' + pct(c.confidence));
    b.addEventListener('click', () => select(i));
    tabs.appendChild(b);
  });
  tabs.hidden = false;
  select(0);
}

// The file as the browser decodes it (any format it plays: M4A, Ogg Opus, WebM, ...), as 16-bit WAV
// at the model's sample rate with its channels (for a 16 kHz model a sixth of float WAV at 48 kHz, so
// that long memos stay within the upload limit); null where the browser cannot decode it either.
async function decodedAsWav(buffer) {
  let audio;
  try {
    audio = await new OfflineAudioContext(1, 1, state.sampleRate || 48000).decodeAudioData(buffer.slice(0));
  } catch (e) {
    return null;
  }
  const channels = audio.numberOfChannels, frames = audio.length, rate = audio.sampleRate;
  const data = channels * frames * 2;
  const view = new DataView(new ArrayBuffer(44 + data));
  const text = (at, s) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF'); view.setUint32(4, 36 + data, true); text(8, 'WAVE');
  text(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, channels, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * channels * 2, true); view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data'); view.setUint32(40, data, true);
  const planes = [];
  for (let c = 0; c < channels; c++) planes.push(audio.getChannelData(c));
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++, at += 2) {
      view.setInt16(at, Math.round(Math.max(-1, Math.min(1, planes[c][i])) * 32767), true);
    }
  }
  return new Blob([view.buffer], { type: 'audio/wav' });
}

async function analyse(file) {
  if (state.live) stopRecording();
  clearError();
  status('Analysing ' + file.name + ' …');
  let buffer;
  try {
    buffer = await file.arrayBuffer();
  } catch (e) {
    showError(file.name + ': cannot be read by the browser');
    return;
  }
  const eachChannel = $('each-channel').checked;
  let res, body;
  try {
    ({ res, body } = await post(new Blob([buffer], { type: file.type || 'application/octet-stream' }), file.name, eachChannel));
    // a format the server does not read (it runs without ffmpeg): send what the browser decodes of it
    if (res.status === 415) {
      const wav = await decodedAsWav(buffer);
      if (wav) {
        status('Analysing ' + file.name + ' (decoded by this browser) …');
        ({ res, body } = await post(wav, file.name + '.wav', eachChannel));
      }
    }
  } catch (e) {
    showError('The server did not answer: ' + e);
    return;
  }
  // a long analysis answers 200 early (heartbeats) and then its result, or an error object with its status
  if (!res.ok || (body && body.error)) {
    showError((body && body.message) || ('HTTP ' + res.status));
    return;
  }
  let planes = null;
  try {
    const ctx = new OfflineAudioContext(1, 1, 44100);
    const audio = await ctx.decodeAudioData(buffer.slice(0));
    planes = [];
    for (let c = 0; c < audio.numberOfChannels; c++) planes.push(audio.getChannelData(c));
  } catch (e) {
    planes = null;
  }
  if (Array.isArray(body.channels)) {
    showChannels(body, file.name, planes && planes.length === body.channels.length ? planes : null);
  } else {
    $('channel-tabs').hidden = true;
    showPrediction(body, file.name, planes ? planes[0] : null);
  }
}

function setUpUpload() {
  const input = $('file-input');
  const zone = $('drop-zone');
  input.addEventListener('change', () => {
    if (input.files.length > 0) analyse(input.files[0]);
    input.value = '';
  });
  ['dragenter', 'dragover'].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add('over'); }));
  ['dragleave', 'drop'].forEach((t) => zone.addEventListener(t, () => zone.classList.remove('over')));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer.files.length > 0) analyse(e.dataTransfer.files[0]);
  });
}

// ---------- live microphone ----------
async function startRecording() {
  clearError();
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    showError('This browser offers no microphone access here (a secure origin such as http://127.0.0.1 is needed).');
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false }
    });
  } catch (e) {
    showError('No microphone: ' + (e.message || e.name));
    return;
  }
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
  const ws = new WebSocket(proto + location.host + '/api/stream');
  ws.binaryType = 'arraybuffer';
  const live = { stream, ctx, ws, node: null, ready: false, seconds: 0 };
  state.live = live;
  state.liveSegments = [];
  state.livePeaks = [];
  ws.onopen = () => ws.send(JSON.stringify({ sampleRate: ctx.sampleRate, format: 'f32' }));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'ready') {
      live.ready = true;
      status('Listening at ' + m.sampleRate + ' Hz — first verdict after ' + +m.window.toFixed(2) + ' s');
    } else if (m.type === 'segment') {
      onLiveSegment(m);
    } else if (m.type === 'error') {
      showError(m.message);
      stopRecording();
    }
  };
  ws.onclose = () => { if (state.live === live) stopRecording(); };
  const onSamples = (chunk) => {
    if (ws.readyState === WebSocket.OPEN && live.ready) ws.send(chunk.buffer);
    live.seconds += chunk.length / ctx.sampleRate;
    showLevel(chunk);
    const per = Math.max(1, Math.round(ctx.sampleRate / 50));
    for (let i = 0; i + per <= chunk.length; i += per) state.livePeaks.push(peaksOf(chunk.subarray(i, i + per), 1)[0]);
    const keep = LIVE_WAVE_SECONDS * 50;
    if (state.livePeaks.length > keep) state.livePeaks.splice(0, state.livePeaks.length - keep);
  };
  try {
    if (ctx.audioWorklet) {
      await ctx.audioWorklet.addModule('capture-worklet.js');
      const node = new AudioWorkletNode(ctx, 'capture', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1 });
      node.port.onmessage = (e) => onSamples(e.data);
      live.node = node;
    } else {
      const node = ctx.createScriptProcessor(4096, 1, 1);
      node.onaudioprocess = (e) => onSamples(new Float32Array(e.inputBuffer.getChannelData(0)));
      live.node = node;
    }
    source.connect(live.node);
    live.node.connect(ctx.destination); // keeps the graph pulling; the node outputs silence
  } catch (e) {
    showError('Cannot process microphone audio: ' + e);
    stopRecording();
    return;
  }
  $('record-button').classList.add('on');
  $('record-label').textContent = 'Stop';
  $('result').hidden = false;
  $('channel-tabs').hidden = true;
  $('result-source').textContent = 'live microphone';
  $('wave-title').textContent = 'Microphone (last ' + LIVE_WAVE_SECONDS + ' s)';
  $('timeline-block').hidden = false;
  $('timeline-hint').textContent = '(live, last ' + LIVE_SECONDS_SHOWN + ' s)';
  requestAnimationFrame(drawLive);
}

function drawLive() {
  if (!state.live) return;
  drawWave(state.livePeaks.length ? state.livePeaks : null, 'waiting for audio…');
  requestAnimationFrame(drawLive);
}

function showLevel(chunk) {
  let sum = 0;
  for (let i = 0; i < chunk.length; i++) sum += chunk[i] * chunk[i];
  const db = 10 * Math.log10(sum / chunk.length + 1e-12);
  $('level').style.width = Math.max(0, Math.min(100, ((db + 60) / 60) * 100)) + '%';
}

function onLiveSegment(s) {
  state.liveSegments.push(s);
  const el = $('live-emotion');
  const none = noEmotion(s);
  el.textContent = none || s.emotion + ' ' + pct(s.confidence);
  el.style.color = none ? '#6b7482' : COLORS[s.emotion];
  bump(el);
  $('live-count').textContent = state.liveSegments.length + ' verdicts · ' + s.end.toFixed(1) + ' s';
  status(null);
  showVerdict(s, 'live microphone · ' + formatTime(s.start) + ' – ' + formatTime(s.end), null);
  const end = s.end;
  drawTimeline(state.liveSegments, Math.max(0, end - LIVE_SECONDS_SHOWN), Math.max(end, state.window));
}

function stopRecording() {
  const live = state.live;
  if (!live) return;
  state.live = null;
  try { live.stream.getTracks().forEach((t) => t.stop()); } catch (e) { /* already stopped */ }
  try { live.ctx.close(); } catch (e) { /* already closed */ }
  try { if (live.ws.readyState <= WebSocket.OPEN) live.ws.close(1000, 'stopped'); } catch (e) { /* closed */ }
  $('record-button').classList.remove('on');
  $('record-label').textContent = 'Start recording';
  $('level').style.width = '0';
}

$('record-button').addEventListener('click', () => (state.live ? stopRecording() : startRecording()));
setUpUpload();
drawLegend();
loadModel();
