// AudioWorklet processor: collects the microphone's mono input into chunks of CHUNK samples and
// posts them (as transferable Float32Arrays) to the page, which streams them to /api/stream.
const CHUNK = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = new Float32Array(CHUNK);
    this.filled = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0) {
      const channel = input[0];
      let pos = 0;
      while (pos < channel.length) {
        const n = Math.min(channel.length - pos, CHUNK - this.filled);
        this.buffer.set(channel.subarray(pos, pos + n), this.filled);
        this.filled += n;
        pos += n;
        if (this.filled === CHUNK) {
          this.port.postMessage(this.buffer, [this.buffer.buffer]);
          this.buffer = new Float32Array(CHUNK);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor('capture', CaptureProcessor);
