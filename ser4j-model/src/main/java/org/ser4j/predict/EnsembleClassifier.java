package org.ser4j.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.features.FeaturePreset;

/**
 * The window classifier of a {@link ModelEnsemble}: the mean of its members' probabilities. The
 * image of a window is computed once per distinct feature preset (members of the same preset share
 * it, and presets that differ only after the mel power, such as dB and PCEN, share the power) on the
 * calling thread; each member applies its own scaler and runs its forward pass on its own
 * inference thread, all members at once.
 */
final class EnsembleClassifier implements WindowClassifier {

    private final ModelEnsemble ensemble;
    private final List<BundleClassifier> members;
    private final List<FeaturePreset> presets;
    private final int[] presetOf;
    private final int windowSamples;

    EnsembleClassifier(ModelEnsemble ensemble, List<BundleClassifier> members) {
        if (members.size() != ensemble.members().size() || members.isEmpty()) {
            throw new IllegalArgumentException("one classifier per ensemble member expected, found " + members.size()
                    + " for " + ensemble.members().size());
        }
        this.ensemble = ensemble;
        this.members = List.copyOf(members);
        this.presets = ensemble.presets();
        this.presetOf = new int[members.size()];
        for (int m = 0; m < presetOf.length; m++) {
            presetOf[m] = ensemble.presetOf(m);
        }
        this.windowSamples = members.get(0).windowSamples();
    }

    @Override
    public int sampleRate() {
        return members.get(0).sampleRate();
    }

    @Override
    public int windowSamples() {
        return windowSamples;
    }

    @Override
    public int offsetSamples() {
        return members.get(0).offsetSamples();
    }

    @Override
    public List<String> labels() {
        return members.get(0).labels();
    }

    @Override
    public List<float[]> classify(List<float[]> windows) {
        if (windows.isEmpty()) {
            return List.of();
        }
        for (float[] w : windows) {
            if (w.length != windowSamples) {
                throw new IllegalArgumentException("expected windows of " + windowSamples + " samples, found " + w.length);
            }
        }
        float[][][][] images = new float[presets.size()][windows.size()][][]; // [preset][window] -> image
        for (int i = 0; i < windows.size(); i++) {
            List<float[][]> each = FeaturePreset.signalFeaturesAll(presets, windows.get(i)); // shared mel power once
            for (int p = 0; p < presets.size(); p++) {
                images[p][i] = each.get(p);
            }
        }
        List<CompletableFuture<float[][]>> pending = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            float[][] rows = new float[windows.size()][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = members.get(m).row(images[presetOf[m]][i]);
            }
            pending.add(members.get(m).submit(rows));
        }
        float[][] mean = null;
        for (int m = 0; m < members.size(); m++) {
            float[][] probs = members.get(m).await(pending.get(m));
            if (mean == null) {
                mean = new float[probs.length][probs[0].length];
            }
            for (int i = 0; i < probs.length; i++) {
                for (int c = 0; c < probs[i].length; c++) {
                    mean[i][c] += probs[i][c] / members.size();
                }
            }
        }
        for (float[] window : mean) {
            ensemble.reweigh(window);
        }
        return List.of(mean);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(members.get(0).describe());
        d.put("architecture", "ensemble of " + ensemble.architectures());
        if (presets.size() > 1) {
            d.put("preset", ensemble.presetNames());
            d.put("presetDescription", String.join("; ", presets.stream().map(FeaturePreset::describe).toList()));
        }
        d.put("description", ensemble.description());
        d.put("metrics", ensemble.metrics());
        if (!ensemble.classWeights().isEmpty()) {
            d.put("classWeights", ensemble.classWeights());
        }
        List<Object> each = new ArrayList<>();
        long parameters = 0;
        for (BundleClassifier m : members) {
            Map<String, Object> one = m.describe();
            each.add(one);
            if (one.get("parameterCount") instanceof Number n) {
                parameters += n.longValue();
            }
        }
        d.put("parameterCount", parameters);
        d.put("members", each);
        return d;
    }

    @Override
    public void close() {
        members.forEach(BundleClassifier::close);
    }
}
