package org.ser4j.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ser4j.audio.Resampler;
import org.ser4j.vad.RecordingCheck;
import org.ser4j.vad.SpeechActivity;
import org.ser4j.vad.VoiceActivityDetector;

/**
 * Live prediction over a stream of samples (a microphone, a WebSocket): {@link #push} samples as
 * they arrive; once a full window has been heard, every further hop of audio yields one
 * {@link Segment} for the latest window. Times are seconds since the first sample.
 *
 * <p>Samples are kept at the input rate and each window is resampled whole, so chunk boundaries
 * leave no trace. A window below the silence threshold is {@link Activity#SILENT}; with voice activity
 * detection on, a loud window is run through the {@link VoiceActivityDetector} on its own (at the
 * model's rate) and is {@link Activity#NO_SPEECH} when too little of it is speech. Neither is
 * classified. One stream serves one source and is not thread-safe; the recognizer behind it is.
 */
public final class EmotionStream {

    private final EmotionRecognizer recognizer;
    private final int inputRate;
    private final int window;
    private final int hop;
    private final PredictionSettings settings;
    private float[] buffer;
    private int buffered;
    /** Samples dropped from the front of the buffer so far: buffer[0] is sample number {@code dropped}. */
    private long dropped;
    /** Sample number at which the next window ends. */
    private long nextEnd;

    EmotionStream(EmotionRecognizer recognizer, int inputRate, double windowSeconds, double hopSeconds, PredictionSettings settings) {
        if (inputRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + inputRate);
        }
        this.recognizer = recognizer;
        this.inputRate = inputRate;
        this.window = Math.max(1, (int) Math.round(windowSeconds * inputRate));
        this.hop = Math.max(1, (int) Math.round(hopSeconds * inputRate));
        this.settings = settings;
        this.buffer = new float[window + hop];
        this.nextEnd = window;
    }

    public List<Segment> push(float[] samples) {
        return push(samples, 0, samples.length);
    }

    /**
     * Appends {@code samples[offset, offset + length)} (mono, [-1, 1], at the stream's rate) and
     * returns the segments completed by them, oldest first (usually none or one).
     */
    public List<Segment> push(float[] samples, int offset, int length) {
        List<float[]> windows = new ArrayList<>();
        List<RecordingCheck> checks = new ArrayList<>();
        List<long[]> spans = new ArrayList<>();
        List<Segment> out = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        int pos = offset;
        int end = offset + length;
        while (pos < end) {
            long total = dropped + buffered;
            int take = (int) Math.min(end - pos, nextEnd - total);
            ensureCapacity(buffered + take);
            for (int i = 0; i < take; i++) {
                float v = samples[pos + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("sample " + (total + i) + " of the stream is " + v + "; expected finite samples");
                }
                buffer[buffered + i] = v;
            }
            buffered += take;
            pos += take;
            if (dropped + buffered == nextEnd) {
                int from = (int) (nextEnd - window - dropped);
                long startSample = nextEnd - window;
                double start = (double) startSample / inputRate;
                double stop = (double) nextEnd / inputRate;
                float[] atModel = null;
                RecordingCheck check = null;
                Activity activity = Activity.SPEECH;
                if (Loudness.rmsDbfs(buffer, from, from + window) < settings.silenceThresholdDbfs()) {
                    activity = Activity.SILENT;
                } else {
                    atModel = atModel(from);
                    if (settings.voiceActivity()) {
                        SpeechActivity speech = VoiceActivityDetector.standard().detect(atModel, recognizer.sampleRate());
                        if (speech.speechFraction() < settings.minSpeechFraction()) {
                            activity = Activity.NO_SPEECH;
                        } else {
                            check = RecordingCheck.of(atModel, recognizer.sampleRate(), speech,
                                    RecordingCheck.clippedShare(buffer, from, from + window));
                        }
                    }
                }
                if (activity != Activity.SPEECH) {
                    out.add(Segment.unclassified(start, stop, recognizer.labels(), activity));
                } else {
                    windows.add(Arrays.copyOf(atModel, recognizer.modelWindowSamples()));
                    checks.add(check);
                    spans.add(new long[] {startSample, nextEnd});
                    slots.add(out.size());
                    out.add(null);
                }
                nextEnd += hop;
                compact();
            }
        }
        if (!windows.isEmpty()) {
            List<float[]> probs = recognizer.classifyChecked(windows);
            for (int j = 0; j < probs.size(); j++) {
                long[] sp = spans.get(j);
                out.set(slots.get(j), new Segment((double) sp[0] / inputRate, (double) sp[1] / inputRate,
                        recognizer.labels(), recognizer.normalised(probs.get(j)), Activity.SPEECH, checks.get(j)));
            }
        }
        return out;
    }

    /** The window of the buffer starting at {@code from}, at the model's rate. */
    private float[] atModel(int from) {
        float[] w = Arrays.copyOfRange(buffer, from, from + window);
        return inputRate == recognizer.sampleRate() ? w : Resampler.resample(w, inputRate, recognizer.sampleRate());
    }

    /** Seconds of audio pushed so far. */
    public double seconds() {
        return (double) (dropped + buffered) / inputRate;
    }

    public int sampleRate() {
        return inputRate;
    }

    /** Keeps only what the next window needs. */
    private void compact() {
        long keepFrom = nextEnd - window;
        int drop = (int) Math.max(0, Math.min(buffered, keepFrom - dropped));
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, buffered - drop);
            buffered -= drop;
            dropped += drop;
        }
    }

    private void ensureCapacity(int n) {
        if (n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(n, buffer.length * 2));
        }
    }
}
