package org.ser4j.predict;

import ai.djl.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ser4j.audio.AudioClip;
import org.ser4j.audio.AudioDecodeException;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.augment.condition.DegradedFeatures;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.FeatureCache;
import org.ser4j.data.Utterance;
import org.ser4j.eval.CheckSummary;
import org.ser4j.eval.Evaluator;
import org.ser4j.features.FeaturePreset;
import org.ser4j.train.BatchPredictor;
import org.ser4j.vad.RecordingCheck;
import org.ser4j.vad.SpeechActivity;
import org.ser4j.vad.VoiceActivityDetector;

/**
 * Scores a model or an ensemble on clips of a corpus: each clip's mel image (from the feature cache,
 * or computed under a recording condition), each member's probabilities in batches, their mean.
 * The library call behind {@code ser4j evaluate}, {@code robustness} and {@code ensemble} (issue 19:
 * it lived in the CLI, which imported DJL for it).
 */
public final class CorpusScorer {

    private CorpusScorer() {}

    /**
     * A clip that could not be scored.
     *
     * @param clip the clip
     * @param error why: an {@link IOException} (unreadable, undecodable) or a runtime exception
     */
    public record Failure(Utterance clip, Exception error) {

        /** One line naming the file and the problem. */
        public String message() {
            String msg = error.getMessage() == null ? error.toString() : error.getMessage();
            return msg.contains(clip.path().toString()) ? msg : clip.path() + ": " + msg;
        }
    }

    /**
     * The outcome.
     *
     * @param clips the clips that were scored, in the order given
     * @param labels the ensemble's classes, in the order of the probabilities
     * @param probabilities the ensemble's mean probabilities for each, in {@code labels} order
     * @param failures the clips that could not be read, with their reasons
     */
    public record Scored(List<String> labels, List<Utterance> clips, List<float[]> probabilities, List<Failure> failures) {

        public int failed() {
            return failures.size();
        }
    }

    /**
     * Features of each clip from {@code cache}, one image per preset of the ensemble
     * ({@link ModelEnsemble#presets()}; computed and stored when missing).
     */
    public static Function<Utterance, List<float[][]>> cached(ModelEnsemble ensemble, FeatureCache cache) {
        List<FeaturePreset> presets = ensemble.presets();
        return u -> {
            try {
                List<float[][]> images = new ArrayList<>(presets.size());
                for (FeaturePreset preset : presets) {
                    images.add(cache.features(u, preset));
                }
                return images;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Features of each clip recorded under {@code chain} (seeded per clip by {@code seed} and its
     * name), one image per preset of the ensemble: the clip is degraded once and every preset hears
     * the same degraded clip. Each decoded clip is kept in {@code decoded} (when not null) for the
     * next condition of a grid.
     */
    public static Function<Utterance, List<float[][]>> degraded(ModelEnsemble ensemble, ConditionChain chain, long seed,
            Map<Path, float[]> decoded) {
        return degraded(ensemble, chain, seed, decoded, null);
    }

    /**
     * As {@link #degraded(ModelEnsemble, ConditionChain, long, Map)}, also checking each degraded clip
     * as {@code predict} checks a recording (voice activity detector, then {@link RecordingCheck}) into
     * {@code checks} when it is not null; a clip without speech gets no entry.
     */
    public static Function<Utterance, List<float[][]>> degraded(ModelEnsemble ensemble, ConditionChain chain, long seed,
            Map<Path, float[]> decoded, Map<Utterance, RecordingCheck> checks) {
        List<FeaturePreset> presets = ensemble.presets();
        int rate = presets.get(0).sampleRate(); // members share it (ModelEnsemble)
        return u -> {
            try {
                float[] signal = decoded == null ? null : decoded.get(u.path());
                if (signal == null) {
                    signal = DegradedFeatures.signal(u.path(), rate);
                    if (decoded != null) {
                        decoded.put(u.path(), signal);
                    }
                }
                float[] heard = DegradedFeatures.degrade(signal, rate, u.path(), chain, seed);
                if (checks != null) {
                    SpeechActivity speech = VoiceActivityDetector.standard().detect(heard, rate);
                    if (speech.speechFraction() > 0) {
                        checks.put(u, RecordingCheck.of(heard, rate, speech, RecordingCheck.clippedShare(heard)));
                    }
                }
                return FeaturePreset.extractAll(presets, AudioClip.mono(heard, rate));
            } catch (AudioDecodeException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * What the recording check said of the scored clips that were checked, and whether it warned about
     * the ones the model got wrong (a clip is right when {@link Evaluator}'s decision is its own label).
     */
    public static CheckSummary checkSummary(Scored scored, Map<Utterance, RecordingCheck> checks) {
        List<RecordingCheck> checked = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        for (int i = 0; i < scored.clips().size(); i++) {
            Utterance clip = scored.clips().get(i);
            RecordingCheck c = checks.get(clip);
            if (c != null) {
                int best = Evaluator.argmax(scored.probabilities().get(i), scored.labels(), clip);
                checked.add(c);
                correct.add(scored.labels().get(best).equals(clip.label()));
            }
        }
        return CheckSummary.of(checked, correct);
    }

    /**
     * Scores {@code clips} with every member (each with its own scaler and model) and averages the
     * probabilities. Features are computed in parallel; a clip whose features fail is a {@link Failure}
     * (when every clip fails, no model runs and {@code clips} is empty).
     *
     * @throws IOException when a member's model cannot be made ready for inference
     */
    public static Scored score(ModelEnsemble ensemble, List<Utterance> clips,
            Function<Utterance, List<float[][]>> features) throws IOException {
        List<Object> images = clips.parallelStream().map(u -> {
            try {
                return (Object) features.apply(u);
            } catch (UncheckedIOException e) {
                return e.getCause();
            } catch (RuntimeException e) {
                return e;
            }
        }).toList();
        List<Utterance> evaluated = new ArrayList<>();
        List<List<float[][]>> read = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            if (images.get(i) instanceof List<?> image) {
                evaluated.add(clips.get(i));
                @SuppressWarnings("unchecked")
                List<float[][]> perPreset = (List<float[][]>) image;
                read.add(perPreset);
            } else {
                failures.add(new Failure(clips.get(i), (Exception) images.get(i)));
            }
        }
        if (evaluated.isEmpty()) {
            return new Scored(ensemble.labels(), List.of(), List.of(), failures);
        }
        float[][] sum = new float[evaluated.size()][ensemble.labels().size()];
        for (int k = 0; k < ensemble.members().size(); k++) {
            ModelBundle member = ensemble.members().get(k);
            int preset = ensemble.presetOf(k);
            float[][] rows = read.parallelStream().map(perClip -> member.modelInput(perClip.get(preset)))
                    .toArray(float[][]::new);
            try (Model m = member.newInferenceModel()) {
                float[][] logp = BatchPredictor.logProbabilities(m.getBlock(), m.getNDManager(), rows,
                        member.architecture().inputShape(1).slice(1));
                for (int i = 0; i < logp.length; i++) {
                    float[] p = probabilities(logp[i]);
                    for (int c = 0; c < p.length; c++) {
                        sum[i][c] += p[c] / ensemble.members().size();
                    }
                }
            }
        }
        for (float[] clip : sum) {
            ensemble.reweigh(clip);
        }
        return new Scored(ensemble.labels(), evaluated, List.of(sum), failures);
    }

    /** Probabilities from log-probabilities (the members of an ensemble share one label order). */
    static float[] probabilities(float[] logp) {
        float[] p = new float[logp.length];
        for (int i = 0; i < logp.length; i++) {
            p[i] = (float) Math.exp(logp[i]);
        }
        return p;
    }
}
