package org.ser4j.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.audio.Resampler;
import org.ser4j.vad.RecordingCheck;
import org.ser4j.vad.SpeechActivity;
import org.ser4j.vad.VoiceActivityDetector;

/**
 * The one entry point for applying a trained model: any recording (WAV, AIFF, FLAC, MP3; any rate or
 * channel count; any length) or a live stream in, {@link Prediction}s out.
 *
 * <p>Input is downmixed and resampled to the model's rate. A recording no longer than the model's
 * training crop (preset offset + duration, 3.5 s for the sec-pytorch preset) is analysed as one window,
 * cut exactly as the training clips were. Longer recordings are analysed in overlapping windows
 * ({@link PredictionSettings}: by default the model's input length and half of it as hop) from the
 * preset offset on (see {@link #windowStarts}), which gives an emotion timeline; the overall
 * verdict is the mean of the windows that hold speech. Windows quieter than the silence threshold are
 * reported {@link Activity#SILENT}; with voice activity detection on (the default), a loud window of
 * which less than {@link PredictionSettings#minSpeechFraction()} is speech by the
 * {@link VoiceActivityDetector} (traffic, a drill, music, hum) is reported {@link Activity#NO_SPEECH};
 * neither is classified.
 *
 * <p>Safe for concurrent callers: features are computed on the callers' threads and the forward
 * passes run on one inference thread (batched across concurrent requests on a GPU).
 * {@link #close()} releases the engine.
 */
public final class EmotionRecognizer implements AutoCloseable {

    /** Windows sent to the classifier in one call at most, bounding memory for long recordings. */
    private static final int MAX_WINDOWS_PER_CALL = 32;

    private final WindowClassifier classifier;
    private final PredictionSettings settings;
    private final List<String> labels;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmotionRecognizer(WindowClassifier classifier, PredictionSettings settings) {
        this.classifier = classifier;
        this.settings = settings;
        this.labels = List.copyOf(classifier.labels());
        resolve(settings); // validates the window against the model
    }

    /** Loads a model bundle (a directory or a zip archive) with the default settings. */
    public static EmotionRecognizer load(Path bundleDirOrZip) throws IOException {
        return load(bundleDirOrZip, PredictionSettings.DEFAULT);
    }

    /** Loads a model bundle (a directory or a zip archive). */
    public static EmotionRecognizer load(Path bundleDirOrZip, PredictionSettings settings) throws IOException {
        return of(BundleClassifier.load(bundleDirOrZip), settings);
    }

    /**
     * A recognizer over any window classifier; it is closed with the recognizer, or at once when the
     * settings do not fit it (so a refused window leaks no engine).
     */
    public static EmotionRecognizer of(WindowClassifier classifier, PredictionSettings settings) {
        try {
            return new EmotionRecognizer(classifier, settings);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Decodes {@code file} and predicts; throws {@link AudioDecodeException} for undecodable input. */
    public Prediction predict(Path file) throws IOException {
        return predict(file, settings);
    }

    public Prediction predict(Path file, PredictionSettings s) throws IOException {
        return predict(file, s, DecodeLimits.NONE);
    }

    /**
     * Decodes {@code file} within {@code limits} and predicts: a recording over them is refused with
     * {@link org.ser4j.audio.AudioLimitException} before its samples are allocated. The channels are
     * mixed while the file is read where it can be ({@link AudioDecoder#decodeDownmixed}: a long WAV, AIFF,
     * FLAC or MP3 file), so that a long recording does not hold its channels beside the mix.
     */
    public Prediction predict(Path file, PredictionSettings s, DecodeLimits limits) throws IOException {
        return predictDecoded(AudioDecoder.decodeDownmixed(file, limits), file.toString(), s);
    }

    /**
     * Decodes a recording held in memory (a WAV, AIFF, FLAC or MP3 file's bytes, e.g. a row of Spark's
     * {@code binaryFile} source) within {@code limits} and predicts exactly as {@link #predict(Path,
     * PredictionSettings, DecodeLimits)} does for the same file; {@code sourceName} names it in errors.
     */
    public Prediction predict(byte[] data, String sourceName, PredictionSettings s, DecodeLimits limits)
            throws AudioDecodeException {
        return predictDecoded(AudioDecoder.decode(data, sourceName, limits), sourceName, s);
    }

    /**
     * Decodes {@code file} within {@code limits} and predicts each channel on its own: a call recorded
     * with the agent on one channel and the caller on the other gets one verdict per speaker, not one
     * for the mix. A mono file gives one prediction, the one {@link #predict(Path, PredictionSettings,
     * DecodeLimits)} gives. A long WAV or FLAC file is read once per channel
     * ({@link AudioDecoder#forEachChannel}), so that one channel is held at a time.
     *
     * @return one prediction per channel, in channel order
     */
    public List<Prediction> predictChannels(Path file, PredictionSettings s, DecodeLimits limits) throws IOException {
        String source = file.toString();
        List<Prediction> out = new ArrayList<>();
        AudioDecoder.forEachChannel(file, limits, (c, channels, clip) ->
                out.add(predictDecoded(clip, channels == 1 ? source : source + " (channel " + (c + 1) + ")", s)));
        return out;
    }

    /** As {@link #predictChannels(Path, PredictionSettings, DecodeLimits)} for a recording held in memory. */
    public List<Prediction> predictChannels(byte[] data, String sourceName, PredictionSettings s, DecodeLimits limits)
            throws AudioDecodeException {
        return predictChannels(AudioDecoder.decode(data, sourceName, limits), sourceName, s);
    }

    private List<Prediction> predictChannels(AudioClip clip, String source, PredictionSettings s) throws AudioDecodeException {
        List<Prediction> out = new ArrayList<>(clip.channelCount());
        for (int c = 0; c < clip.channelCount(); c++) {
            out.add(predictDecoded(AudioClip.mono(clip.channels()[c], clip.sampleRate()),
                    clip.channelCount() == 1 ? source : source + " (channel " + (c + 1) + ")", s));
        }
        return out;
    }

    /**
     * As {@link #predict(AudioClip, PredictionSettings)}, with non-finite samples refused as a decoding
     * error of {@code source}. The clip is one this class decoded and will not read again: its samples
     * are changed in place (the mean removed), and it is let go as soon as it is mixed down, so that a
     * long recording does not keep every copy of itself alive through the analysis.
     */
    private Prediction predictDecoded(AudioClip clip, String source, PredictionSettings s) throws AudioDecodeException {
        float[] mono = downmixed(clip);
        int rate = clip.sampleRate();
        clip = null; // predict(Path) holds no reference either: a stereo file's channels may go now
        int bad = firstNonFinite(mono);
        if (bad >= 0) {
            throw new AudioDecodeException(source, "sample " + bad + " is " + mono[bad] + "; expected finite samples");
        }
        removeDc(mono);
        return predictMono(mono, rate, s, null, Long.MAX_VALUE, () -> true);
    }

    /** One channel, or the channels downmixed without letting a phase-inverted one cancel the speech. */
    private static float[] downmixed(AudioClip clip) {
        return clip.channelCount() == 1 ? clip.channels()[0] : clip.downmix();
    }

    /** Predicts on mono samples in [-1, 1] at {@code sampleRate}; the array is not modified. */
    public Prediction predict(float[] samples, int sampleRate) {
        return predict(AudioClip.mono(samples, sampleRate), settings);
    }

    public Prediction predict(AudioClip clip) {
        return predict(clip, settings);
    }

    /**
     * The prediction for a clip: channels downmixed without letting a phase-inverted channel cancel
     * the speech ({@link AudioClip#downmix()}), the recording's DC offset removed (a microphone's
     * offset of 0.005 changed verdicts, issue 20), then windows as the settings say.
     */
    public Prediction predict(AudioClip clip, PredictionSettings s) {
        return predict(clip, s, null);
    }

    /**
     * As {@link #predict(AudioClip, PredictionSettings)}, giving up when the analysis has taken longer
     * than {@code budget} (checked before each batch of up to {@value #MAX_WINDOWS_PER_CALL} windows
     * goes to the model, so a batch under way is finished first): a server's bound on the work one
     * request may cost when it cannot tell that its client has gone (issue 20).
     *
     * @param budget the longest the analysis may take; null for no limit
     * @throws AnalysisTimeoutException when the budget is spent before the last batch
     */
    public Prediction predict(AudioClip clip, PredictionSettings s, Duration budget) {
        return predict(clip, s, budget, () -> true);
    }

    /**
     * As {@link #predict(AudioClip, PredictionSettings, Duration)}, asking {@code stillWanted} before each
     * batch of up to {@value #MAX_WINDOWS_PER_CALL} windows whether to go on: a server passes a check that
     * notices when its client has gone, so that the work stops with it (issue 20).
     *
     * @param budget the longest the analysis may take; null for no limit
     * @param stillWanted asked on the calling thread before each batch; false stops the analysis
     * @throws AnalysisTimeoutException when the budget is spent before the last batch
     * @throws AnalysisCancelledException when {@code stillWanted} said no
     */
    public Prediction predict(AudioClip clip, PredictionSettings s, Duration budget, BooleanSupplier stillWanted) {
        Objects.requireNonNull(stillWanted, "stillWanted");
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, budget.toNanos());
        float[] mono = downmixed(clip);
        int bad = firstNonFinite(mono);
        if (bad >= 0) {
            throw new IllegalArgumentException("sample " + bad + " is " + mono[bad] + "; expected finite samples in [-1, 1]");
        }
        if (clip.channelCount() == 1) {
            mono = withoutDc(mono); // the caller's own array: not changed
        } else {
            removeDc(mono); // a new mix of the channels
        }
        return predictMono(mono, clip.sampleRate(), s, budget, deadline, stillWanted);
    }

    /** Removes {@code x}'s mean in place: the values {@link #withoutDc} returns, without the copy. */
    static void removeDc(float[] x) {
        double mean = mean(x);
        if (mean != 0) {
            subtract(x, mean, x);
        }
    }

    /** {@code x} less its mean (a copy), or {@code x} itself when its mean is zero. */
    static float[] withoutDc(float[] x) {
        double mean = mean(x);
        return mean == 0 ? x : subtract(x, mean, new float[x.length]);
    }

    private static double mean(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        return x.length == 0 ? 0 : sum / x.length;
    }

    /** {@code out[i] = x[i] - mean}, rounded to float; {@code out} may be {@code x}. */
    private static float[] subtract(float[] x, double mean, float[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] - mean);
        }
        return out;
    }

    /**
     * A live stream at {@code sampleRate}: push samples as they arrive and get one {@link Segment}
     * per hop once a full window has been heard. One stream serves one source (not thread-safe);
     * many streams may share this recognizer.
     */
    public EmotionStream stream(int sampleRate) {
        return stream(sampleRate, settings);
    }

    public EmotionStream stream(int sampleRate, PredictionSettings s) {
        Windowing w = resolve(s);
        return new EmotionStream(this, sampleRate, w.windowSeconds(), w.hopSeconds(), s);
    }

    /** The model's sample rate: input at other rates is resampled to it. */
    public int sampleRate() {
        return classifier.sampleRate();
    }

    /** Window length used by default, in seconds. */
    public double windowSeconds() {
        return resolve(settings).windowSeconds();
    }

    /** Hop between windows used by default, in seconds. */
    public double hopSeconds() {
        return resolve(settings).hopSeconds();
    }

    public PredictionSettings settings() {
        return settings;
    }

    /** The classes the model distinguishes, in its output order (the order of every probability array). */
    public List<String> labels() {
        return labels;
    }

    /** The model's description (architecture, preset, training metrics), for display. */
    public Map<String, Object> describe() {
        return classifier.describe();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            classifier.close();
        }
    }

    /**
     * How many windows {@link #predict} analyses in a recording of {@code durationSeconds} with
     * settings {@code s}: lets a server refuse a request whose work would be unbounded before doing it.
     */
    public int windowCount(double durationSeconds, PredictionSettings s) {
        Windowing w = resolve(s);
        int sr = classifier.sampleRate();
        int n = (int) Math.min(Integer.MAX_VALUE, Math.round(durationSeconds * sr));
        int win = Math.max(1, (int) Math.round(w.windowSeconds() * sr));
        int hop = Math.max(1, (int) Math.round(w.hopSeconds() * sr));
        return windowStarts(n, win, hop, classifier.offsetSamples()).size();
    }

    record Windowing(double windowSeconds, double hopSeconds) {}

    Windowing resolve(PredictionSettings s) {
        double modelWindow = (double) classifier.windowSamples() / classifier.sampleRate();
        double window = s.windowSeconds() == null ? modelWindow : s.windowSeconds();
        if (window > modelWindow + 1e-9) {
            throw new IllegalArgumentException("window " + window + " s is longer than the model's input of "
                    + modelWindow + " s; choose a window of at most " + modelWindow + " s");
        }
        double hop = s.hopSeconds() == null ? window / 2 : s.hopSeconds();
        if (hop > window) {
            throw new IllegalArgumentException("hop (" + hop + " s) must not exceed the window (" + window + " s)");
        }
        return new Windowing(window, hop);
    }

    private Prediction predictMono(float[] mono, int rate, PredictionSettings s, Duration budget, long deadline,
            BooleanSupplier stillWanted) {
        if (closed.get()) {
            throw new IllegalStateException("recognizer is closed");
        }
        Windowing w = resolve(s);
        int sr = classifier.sampleRate();
        float[] x = rate == sr ? mono : Resampler.resample(mono, rate, sr);
        // what the end needs of the recording as given, so that a long one need not stay alive beside x
        double duration = (double) mono.length / rate;
        double clipped = s.voiceActivity() ? RecordingCheck.clippedShare(mono) : Double.NaN; // the check runs only then
        mono = null;
        int n = x.length;
        int win = Math.max(1, (int) Math.round(w.windowSeconds() * sr));
        int hop = Math.max(1, (int) Math.round(w.hopSeconds() * sr));
        int offset = classifier.offsetSamples();

        List<Integer> starts = windowStarts(n, win, hop, offset);
        Segment[] segments = new Segment[starts.size()];
        List<float[]> windows = new ArrayList<>();
        List<Integer> pending = new ArrayList<>();
        SpeechActivity speech = null; // computed once for the whole recording, when a loud window needs it
        for (int i = 0; i < segments.length; i++) {
            int from = starts.get(i);
            int to = Math.min(n, from + win);
            Activity activity;
            if (Loudness.rmsDbfs(x, from, to) < s.silenceThresholdDbfs()) {
                activity = Activity.SILENT;
            } else if (s.voiceActivity()) {
                if (speech == null) {
                    speech = VoiceActivityDetector.standard().detect(x, sr);
                }
                activity = speech.speechFraction((double) from / sr, (double) to / sr) >= s.minSpeechFraction()
                        ? Activity.SPEECH : Activity.NO_SPEECH;
            } else {
                activity = Activity.SPEECH;
            }
            if (activity != Activity.SPEECH) {
                segments[i] = Segment.unclassified((double) from / sr, (double) to / sr, labels, activity);
            } else {
                float[] frame = new float[classifier.windowSamples()];
                System.arraycopy(x, from, frame, 0, to - from);
                windows.add(frame);
                pending.add(i);
            }
            if (windows.size() == MAX_WINDOWS_PER_CALL || (i == segments.length - 1 && !windows.isEmpty())) {
                // the caller first: a departed client needs no answer, not even a timeout
                if (!stillWanted.getAsBoolean()) {
                    throw new AnalysisCancelledException(i + 1 - windows.size(), segments.length);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AnalysisTimeoutException(budget, i + 1 - windows.size(), segments.length);
                }
                List<float[]> probs = classifyChecked(windows);
                for (int j = 0; j < probs.size(); j++) {
                    int idx = pending.get(j);
                    int f = starts.get(idx);
                    segments[idx] = new Segment((double) f / sr, (double) Math.min(n, f + win) / sr, labels, normalised(probs.get(j)), Activity.SPEECH);
                }
                windows.clear();
                pending.clear();
            }
        }
        Prediction p = Prediction.of(labels, Arrays.asList(segments), duration);
        if (speech != null) {
            p = p.withRecording(RecordingCheck.of(x, sr, speech, clipped));
        }
        return p;
    }

    /**
     * Where the windows of a recording of {@code n} samples start. A recording no longer than
     * {@code offset + window} is one window cut as the training clips were: from the preset offset
     * (zero-padded at the end), or from 0 when it is shorter than the window. Longer recordings get
     * every full window from the offset on in steps of {@code hop}, so a RAVDESS-like clip's first
     * window is exactly its training crop, plus one window ending at the last sample when the audio
     * after the last full window is at least half a hop long.
     */
    static List<Integer> windowStarts(int n, int window, int hop, int offset) {
        List<Integer> starts = new ArrayList<>();
        if (n <= offset + window) {
            starts.add(n > window ? offset : 0);
            return starts;
        }
        int s = offset;
        for (; s + window <= n; s += hop) {
            starts.add(s);
        }
        int coveredTo = starts.get(starts.size() - 1) + window;
        if (2L * (n - coveredTo) >= hop) {
            starts.add(n - window);
        }
        return starts;
    }

    /** Classifies windows of exactly the model's length; used by {@link EmotionStream}. */
    List<float[]> classifyChecked(List<float[]> windows) {
        if (closed.get()) {
            throw new IllegalStateException("recognizer is closed");
        }
        List<float[]> probs = classifier.classify(windows);
        if (probs.size() != windows.size()) {
            throw new IllegalStateException("classifier returned " + probs.size() + " results for " + windows.size() + " windows");
        }
        return probs;
    }

    int modelWindowSamples() {
        return classifier.windowSamples();
    }

    /** The classifier's probabilities, checked and scaled to sum to 1, in {@link #labels()} order. */
    float[] normalised(float[] p) {
        if (p.length != labels.size()) {
            throw new IllegalStateException("classifier returned " + p.length + " probabilities for " + labels.size() + " labels");
        }
        float[] out = p.clone();
        Prediction.normalise(out);
        return out;
    }

    private static int firstNonFinite(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }
}
