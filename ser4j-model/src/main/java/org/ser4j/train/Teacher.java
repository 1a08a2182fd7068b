package org.ser4j.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ser4j.bundle.BundleInfo;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.features.FeaturePreset;

/**
 * The model a run distils (knowledge distillation, Hinton, Vinyals and Dean 2015): a bundle or an
 * ensemble whose mean probabilities for each training crop the run learns besides the crop's label.
 *
 * <p>The teacher hears the same window of the same degraded clip as the run: it gets the window's
 * mel power (before compression, after the frequency warp) and compresses and scales it with its own
 * preset and scaler, so a dB model can learn from a dB + PCEN pair. Its members run in inference
 * mode (batch norm folded, no gradients), so its probabilities depend only on the crop, and a resumed
 * run sees the same ones.
 */
final class Teacher implements AutoCloseable {

    private record Member(ModelBundle bundle, Model model, Shape sampleShape) {}

    private final Path path;
    private final List<Member> members;

    private Teacher(Path path, List<Member> members) {
        this.path = path;
        this.members = members;
    }

    /**
     * Loads the teacher at {@code path} for a run that uses {@code preset} and {@code labels}.
     *
     * @param split the run's split; the teacher must not have trained on its validation or test
     *     clips, nor chosen its epoch on its test clips (null: nothing to check against)
     * @throws IOException when the bundle cannot be read
     * @throws IllegalArgumentException naming the teacher when its labels or mel power differ from the
     *     run's, or when it has heard the run's held-out clips
     */
    static Teacher load(Path path, FeaturePreset preset, List<String> labels, BundleInfo.SplitSummary split)
            throws IOException {
        ModelEnsemble ensemble = ModelEnsemble.load(path);
        if (!ensemble.labels().equals(labels)) {
            throw new IllegalArgumentException("teacher " + path + " has labels " + ensemble.labels()
                    + "; the run has " + labels + " (a teacher must have the run's labels, in the same order)");
        }
        for (ModelBundle m : ensemble.members()) {
            if (!m.preset().sharesMelPower(preset) || m.preset().frames() != preset.frames()) {
                throw new IllegalArgumentException("teacher " + path + " uses preset " + m.preset().name()
                        + ", whose mel power or window differs from the run's preset " + preset.name()
                        + "; a teacher must hear the run's crops as they are");
            }
            checkUnheard(path, m, split);
        }
        List<Member> members = new ArrayList<>();
        try {
            for (ModelBundle m : ensemble.members()) {
                members.add(new Member(m, m.newInferenceModel(), m.architecture().inputShape(1).slice(1)));
            }
        } catch (IOException | RuntimeException e) {
            members.forEach(x -> x.model().close());
            throw e;
        }
        return new Teacher(path, List.copyOf(members));
    }

    private static void checkUnheard(Path path, ModelBundle member, BundleInfo.SplitSummary split) {
        if (split == null) {
            return;
        }
        BundleInfo.SplitSummary taught = member.info().split();
        if (taught == null || taught.train().isEmpty()) {
            throw new IllegalArgumentException("teacher " + path + " records no training split, so it cannot be"
                    + " checked that it never heard the run's validation and test clips; use a teacher trained by ser4j");
        }
        Set<String> heldOut = new HashSet<>(split.validation());
        heldOut.addAll(split.test());
        for (String clip : taught.train()) {
            if (heldOut.contains(clip)) {
                throw new IllegalArgumentException("teacher " + path + " was trained on " + clip + ", which this run"
                        + " holds out for validation or test; use a teacher trained on this run's training part only"
                        + " (with k folds: each fold's own teacher, --fold K)");
            }
        }
        Set<String> test = new HashSet<>(split.test());
        for (String clip : taught.validation()) {
            if (test.contains(clip)) {
                throw new IllegalArgumentException("teacher " + path + " chose its weights on " + clip
                        + ", which this run holds out for test; use a teacher whose validation part is not this run's test part");
            }
        }
    }

    /**
     * The teacher's mean probabilities for each window.
     *
     * @param power each window's mel power {@code [bands][frames]}, as the run's crops cut it
     * @param manager the parent of the per-batch managers
     * @return {@code [windows][classes]}
     */
    float[][] probabilities(double[][][] power, NDManager manager) {
        int n = power.length;
        float[][] mean = null;
        for (Member m : members) {
            ModelBundle b = m.bundle();
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = b.modelInput(b.preset().compress(power[i]));
            }
            float[][] logp = BatchPredictor.logProbabilities(m.model().getBlock(), manager, rows, m.sampleShape());
            if (mean == null) {
                mean = new float[n][logp[0].length];
            }
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < logp[i].length; c++) {
                    mean[i][c] += (float) Math.exp(logp[i][c]) / members.size();
                }
            }
        }
        return mean;
    }

    /** How many models the teacher averages. */
    int size() {
        return members.size();
    }

    @Override
    public String toString() {
        return path + " (" + members.size() + (members.size() == 1 ? " model)" : " models)");
    }

    @Override
    public void close() {
        members.forEach(m -> m.model().close());
    }
}
